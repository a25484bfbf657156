"""No meeting content is kept in the browser: pages are never cached, no script the pages load
writes to browser storage, and the only cookies hold random session secrets."""

from __future__ import annotations

import re
from urllib.parse import urljoin

# Every way a script could keep something on the device after the page is closed.
STORAGE = re.compile(r"localStorage|sessionStorage|indexedDB|openDatabase|serviceWorker|\bcaches\.|document\.cookie")
IMPORT = re.compile(r"""\b(?:import|from)\s*["'](\.{1,2}/[^"']+)["']""")


async def test_no_script_of_a_meeting_page_uses_browser_storage(meeting):
    chair, mum, meeting_id, _ = meeting
    scripts = set()
    for person, url in ((mum, f"/meetings/{meeting_id}"), (chair, f"/meetings/{meeting_id}"),
                        (chair, f"/meetings/{meeting_id}/screen")):
        page = await person.get(url)
        assert page.headers["cache-control"] == "no-store"
        scripts |= set(re.findall(r'<script[^>]*\ssrc="([^"]+)"', page.text))
    assert len(scripts) >= 3  # htmx, its socket extension and the app's own
    waiting, seen = sorted(scripts), set()
    while waiting:  # and every module those import, and every module that one imports
        src = waiting.pop()
        seen.add(src)
        body = (await chair.get(src)).text
        assert not STORAGE.search(body), f"{src} uses {STORAGE.search(body).group(0)}"
        waiting += [url for url in (urljoin(src, spec) for spec in IMPORT.findall(body)) if url not in seen]
    assert any("/js/live.js?v=" in src for src in seen)  # a module only main.js names was looked at


async def test_cookies_hold_only_http_only_session_secrets(app, meeting):
    chair, mum, meeting_id, _ = meeting
    for person, names in ((chair, {"mr_chair"}), (mum, {"mr_p"})):
        cookies = {c.name: c for c in person.client.cookies.jar}
        assert set(cookies) == names
        for cookie in cookies.values():
            assert cookie.has_nonstandard_attr("HttpOnly")
            assert re.fullmatch(r"[A-Za-z0-9_-]{43}", cookie.value)  # 32 random bytes, nothing else
