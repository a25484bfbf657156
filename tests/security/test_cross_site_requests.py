"""Changes from another site, or without the session's form token, are refused (403) and change
nothing; nothing changes on GET."""

from __future__ import annotations

from starlette.routing import Route

from meeting_room.store.db import Database
from tests.helpers import Person
from tests.security.crawl import GETS, database_state, gets, routes_of


async def item_texts(app, meeting_id):
    board = await app.state.mr.boards.board(meeting_id)
    return [i.text for i in board.items]


async def test_cross_site_posts_are_refused_and_change_nothing(app, meeting):
    _, mum, meeting_id, _ = meeting
    for headers in ({"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"}):
        r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "section": "harm",
                                                               "text": "forged"}, headers=headers)
        assert r.status_code == 403
    r = await mum.client.post(f"/meetings/{meeting_id}/items", data={"column": "worries", "text": "forged",
                              "csrf_token": mum.csrf}, headers={"origin": "https://evil.example"})
    assert r.status_code == 403
    assert "forged" not in await item_texts(app, meeting_id)


async def test_an_opaque_origin_without_fetch_metadata_is_refused(app, meeting):
    """`Origin: null` (a sandboxed frame, a data: page) decides only when no Sec-Fetch-Site came."""
    _, mum, meeting_id, _ = meeting
    r = await mum.client.post(f"/meetings/{meeting_id}/items", headers={"origin": "null", "x-csrf-token": mum.csrf},
                              data={"column": "worries", "section": "harm", "text": "forged"})
    assert r.status_code == 403
    assert "forged" not in await item_texts(app, meeting_id)


async def test_same_origin_form_with_origin_null_is_accepted(app, meeting):
    """Chromium sends Origin: null with Referrer-Policy: no-referrer; Sec-Fetch-Site decides."""
    _, mum, meeting_id, _ = meeting
    r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "section": "harm", "text": "ok"},
                       headers={"origin": "null", "sec-fetch-site": "same-origin"})
    assert r.status_code == 200


async def test_signing_in_and_joining_from_another_site_are_refused(app, meeting):
    """These start a session, so there is no form token to ask for yet: the site check guards them."""
    chair, _, meeting_id, code = meeting
    stranger = Person.in_process(app)
    cross = {"sec-fetch-site": "cross-site"}
    r = await stranger.post(f"/join/{code}", {"name": "Forged", "connection": "mum"}, htmx=False, token=False,
                            headers=cross)
    assert r.status_code == 403 and "mr_p" not in stranger.client.cookies
    r = await stranger.post("/login", {"email": "chair@example.org", "password": "a long enough password"},
                            htmx=False, token=False, headers=cross)
    assert r.status_code == 403 and "mr_chair" not in stranger.client.cookies
    board = await app.state.mr.boards.board(meeting_id)
    assert "Forged" not in [p.name for p in board.participants]
    await stranger.close()


async def test_changes_without_the_session_token_are_refused(app, meeting):
    chair, mum, meeting_id, _ = meeting
    r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "no token"}, token=False)
    assert r.status_code == 403
    r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "bad token"},
                       headers={"x-csrf-token": "0" * 64})
    assert r.status_code == 403
    r = await chair.post(f"/meetings/{meeting_id}/joining", {"open": "0"}, token=False)
    assert r.status_code == 403
    assert "no token" not in await item_texts(app, meeting_id)
    assert (await app.state.mr.boards.board(meeting_id)).meeting.joining_open


async def test_the_token_of_another_session_is_refused(app, meeting):
    chair, mum, meeting_id, _ = meeting
    r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "section": "harm",
                                                           "text": "with the chair's token"},
                       headers={"x-csrf-token": chair.csrf})
    assert r.status_code == 403
    assert "with the chair's token" not in await item_texts(app, meeting_id)


async def test_state_never_changes_on_get(meeting):
    chair, _, meeting_id, _ = meeting
    for url in ("/logout", f"/meetings/{meeting_id}/items", f"/meetings/{meeting_id}/joining",
                f"/meetings/{meeting_id}/enter"):
        r = await chair.get(url)
        assert r.status_code == 405


async def test_no_change_of_any_kind_answers_a_get(app, busy_meeting):
    chair, _, ids, _ = busy_meeting
    routes = [r for r in app.routes if isinstance(r, Route)]
    pages = {r.path for r in routes if "GET" in (r.methods or ())}
    change_only = sorted({r.path for r in routes} - pages)
    assert len(change_only) >= 20
    for path in change_only:
        url = path.format(**{**ids, "action": "remove", "answer": "agree", "value": "done", "user_id": "nobody",
                             "path": "app.js", "how": "next", "correction_id": "none", "part": "dissent",
                             "part_id": "none", "invitation_id": "none", "picture_id": "none"})
        assert (await chair.get(url)).status_code == 405, url


async def test_reading_every_page_changes_nothing(app, busy_meeting, database_url):
    """Every page of a meeting, as the chair and as Mum, and every page outside one: the database
    is exactly as it was (the audit aside: reading a record is written down)."""
    chair, mum, ids, code = busy_meeting
    assert routes_of(app, "GET") == set(GETS), "a new page: add it to tests/security/crawl.py"
    db = Database(database_url)
    try:
        before = await database_state(db)
        for person in (chair, mum):
            for _, url in gets(ids):
                r = await person.get(url)
                assert r.status_code < 500, url
            for url in ("/", "/login", "/meetings", "/meetings/new", f"/join/{code}", f"/join?code={code}",
                        "/setup?token=x", "/healthz"):
                assert (await person.get(url)).status_code < 500, url
        assert await database_state(db) == before
    finally:
        await db.dispose()
