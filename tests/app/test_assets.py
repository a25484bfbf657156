"""Static files: fingerprinted, cached for good, compressed; pages never compressed."""

from __future__ import annotations

import re

import httpx

ASSET = re.compile(r'(?:src|href)="(/static/[^"?]+\?v=[0-9a-f]{12})"')


async def test_pages_link_fingerprinted_files_that_are_cached_for_good_and_compressed(app, meeting):
    chair, mum, meeting_id, _ = meeting
    page = await mum.get(f"/meetings/{meeting_id}")
    links = ASSET.findall(page.text)
    assert len(links) == 7  # app.css, access.css, icon, htmx, hx-ws, js/early.js, js/main.js (it imports the rest)
    main = next(link for link in links if "/js/main.js" in link)
    for spec in re.findall(r'from "\./([^"]+)"|import "\./([^"]+)"', (await mum.client.get(main)).text):
        links.append("/static/js/" + "".join(spec))  # each import names its module's current version
    assert len(links) == 7 + 10  # csrf, strict_styles, live, after_swap, confirm, jump_bar, focus, board, print, menus
    assert "content-encoding" not in page.headers  # pages carry the form token: never compressed
    for link in links:
        r = await mum.client.get(link, headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200 and r.headers["cache-control"] == "public, max-age=31536000, immutable"
        if not link.split("?")[0].endswith(".svg"):
            assert r.headers["content-encoding"] == "gzip"
            assert int(r.headers["content-length"]) < len(r.content)  # sent smaller than it is


async def test_a_stale_or_missing_fingerprint_is_revalidated_and_unknown_files_are_404(app):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        r = await client.get("/static/js/main.js?v=000000000000")
        assert r.status_code == 200 and r.headers["cache-control"] == "no-cache"
        again = await client.get("/static/js/main.js", headers={"If-None-Match": r.headers["etag"]})
        assert again.status_code == 304
        assert (await client.get("/static/nothing.js")).status_code == 404
        assert (await client.get("/static/../meeting_room/app.py")).status_code == 404
        plain = await client.get("/static/app.css", headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers and b"{" in plain.content
        packed = await client.get("/static/app.css", headers={"Accept-Encoding": "gzip"})
        assert packed.headers["content-encoding"] == "gzip" and packed.content == plain.content  # (httpx unpacks)
        assert int(packed.headers["content-length"]) < len(plain.content) / 2
