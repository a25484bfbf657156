"""Strict security headers on every answer: pages, refusals and errors alike."""

from __future__ import annotations

import re

import httpx


def strict(r: httpx.Response, static: bool = False) -> None:
    csp = r.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "object-src 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    if not static:
        assert r.headers["cache-control"] == "no-store"


async def test_security_headers_on_every_page(meeting):
    chair, mum, meeting_id, _ = meeting
    for person, url in [(chair, "/"), (chair, "/login"), (chair, "/meetings"), (chair, f"/meetings/{meeting_id}"),
                        (chair, f"/meetings/{meeting_id}/screen"), (mum, f"/meetings/{meeting_id}"),
                        (chair, "/no-such-page"), (chair, f"/meetings/{meeting_id}/history"),
                        (mum, f"/meetings/{meeting_id}/record"), (mum, f"/meetings/{meeting_id}/record.json"),
                        (mum, f"/meetings/{meeting_id}/updates"), (chair, "/healthz")]:
        r = await person.get(url)
        assert r.status_code in (200, 204, 404), (url, r.status_code)
        strict(r)


async def test_refusals_and_errors_carry_the_same_headers(app, meeting):
    """The middlewares that refuse before any handler runs answer inside the header middleware."""
    chair, mum, meeting_id, _ = meeting
    items = f"/meetings/{meeting_id}/items"
    answers = [
        await chair.client.get("/", headers={"host": "evil.example"}),           # 400 foreign host
        await chair.get("/meetings/a%00b"),                                       # 400 NUL in the address
        await chair.get("/", headers={"x-padding": "a" * 20_000}),                # 431 headers too large
        await mum.post(items, {"text": "x" * 70_000}),                            # 413 body too large
        await mum.post(items, {"text": "x"}, headers={"sec-fetch-site": "cross-site"}),  # 403 cross-site
        await mum.post(items, {"text": "x"}, token=False),                        # 403 no form token
        await mum.get(f"/meetings/{meeting_id}/history"),                         # 403 the chair's page
        await chair.get("/logout"),                                               # 405 state never on GET
    ]
    assert [r.status_code for r in answers] == [400, 400, 431, 413, 403, 403, 403, 405]
    for r in answers:
        strict(r)


async def test_static_files_are_cached_but_still_strict(app, meeting):
    chair, _, meeting_id, _ = meeting
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    scripts = re.findall(r'<script[^>]*\ssrc="([^"]+)"', page)
    assert any('type="module"' in tag for tag in re.findall(r"<script[^>]*>", page))
    main = next(src for src in scripts if "/js/main.js" in src)
    scripts += [f"/static/js/{name}" for name in re.findall(r'"\./([^"]+)"', (await chair.get(main)).text)]
    for src in scripts:
        r = await chair.get(src)
        assert r.status_code == 200
        strict(r, static=True)
        assert "no-store" not in r.headers.get("cache-control", "")


async def test_pages_have_no_inline_scripts_styles_or_event_handlers(meeting):
    chair, mum, meeting_id, _ = meeting
    for person, url in [(chair, f"/meetings/{meeting_id}"), (mum, f"/meetings/{meeting_id}"),
                        (chair, f"/meetings/{meeting_id}/screen")]:
        html = (await person.get(url)).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert not re.search(r"\sstyle=|\son[a-z]+=|hx-on|js:", html)


async def test_pages_cannot_be_framed_even_by_the_app_itself(app):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        r = await client.get("/")
    assert r.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
