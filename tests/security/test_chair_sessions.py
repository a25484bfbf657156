"""Chair sessions: kept on the server (only a hash of the cookie), new at every sign-in, ended
by signing out, by an idle limit and by an absolute limit; an ended session loses its live
sockets on time, on every process. Session cookies are HttpOnly, SameSite=Lax, and Secure over
HTTPS."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
import websockets
from sqlalchemy import select, update

from meeting_room.core.passwords import hash_secret
from meeting_room.store.db import Database
from meeting_room.store.models import ChairSession, now
from meeting_room.web.app import create_app
from tests.helpers import (
    Person,
    admit_and_enter,
    join,
    make_chair,
    new_meeting,
    signed_in_chair,
)
from tests.live.client import LiveClient
from tests.live.processes import AppProcess


async def _screen_socket(server, chair: Person, meeting_id: str):
    ws = await websockets.connect(f"{server.ws_url}/meetings/{meeting_id}/ws?view=screen",
                                  additional_headers={"Origin": server.url, "Cookie": chair.cookie_header})
    await ws.recv()  # the snapshot
    return ws


async def _closed_within(ws, seconds: float) -> int:
    """Read until the server closes the socket; return its close code."""
    async def drain():
        try:
            while True:
                await ws.recv()
        except websockets.ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None
    return await asyncio.wait_for(drain(), seconds)


async def _age_sessions(database_url: str, settings, limit: str) -> None:
    """Make every chair session older than its idle limit (last used long ago) or its absolute
    limit (signed in long ago, though used a moment ago)."""
    if limit == "idle":
        values = {"last_seen_at": now() - timedelta(minutes=settings.session_idle_minutes + 1)}
    else:
        values = {"created_at": now() - timedelta(hours=settings.session_max_hours, minutes=1)}
    db = Database(database_url)
    try:
        async with db.write() as s:
            await s.execute(update(ChairSession).values(**values))
    finally:
        await db.dispose()


@pytest.mark.live
@pytest.mark.parametrize("limit", ["idle", "absolute"])
async def test_an_expired_chair_session_loses_its_sockets_without_any_request(live_server, database_url, limit):
    chair = Person.live(live_server)
    await signed_in_chair(chair, database_url)
    meeting_id, _ = await new_meeting(chair)
    ws = await _screen_socket(live_server, chair, meeting_id)
    await _age_sessions(database_url, live_server.settings, limit)  # the chair walked away, or stayed all day
    assert await _closed_within(ws, live_server.settings.resync_seconds + 3) == 4401
    await chair.close()


@pytest.mark.live
async def test_signing_out_closes_the_session_s_sockets_on_the_other_process(pg_url):
    first, second = await AppProcess(pg_url).start(), await AppProcess(pg_url).start()
    chair = Person.live(first)
    try:
        await signed_in_chair(chair, pg_url)
        meeting_id, _ = await new_meeting(chair)
        # A shared screen and the board, both served by the other process.
        sockets = [await _screen_socket(second, chair, meeting_id) for _ in range(2)]
        # Keep the meeting busy meanwhile, from the chair's other device (a second session), as in a
        # real conference: the check must not wait for a quiet moment.
        laptop = Person.live(first)
        r = await laptop.post("/login", {"email": "chair@example.org", "password": "a long enough password"},
                              htmx=False, token=False)
        assert r.status_code == 303
        await laptop.get(f"/meetings/{meeting_id}")
        busy = asyncio.create_task(_keep_busy(laptop, meeting_id))
        await chair.get("/meetings")
        r = await chair.post("/logout", {"csrf_token": chair.csrf}, htmx=False)
        assert r.status_code == 303
        for ws in sockets:
            assert await _closed_within(ws, 3) == 4401  # the other process checks every second (RESYNC 1)
        assert not busy.done(), f"the meeting was not kept busy throughout: {busy.exception() if busy.done() else None!r}"
        busy.cancel()
        await laptop.close()
    finally:
        await chair.close()
        first.stop()
        second.stop()


async def _keep_busy(chair: Person, meeting_id: str) -> None:
    for n in range(3000):  # each waits for the one before: a steady stream, bounded
        r = await chair.post(f"/meetings/{meeting_id}/items", {"column": "worries", "section": "harm",
                                                               "text": f"Busy {n}"})
        assert r.status_code == 200, r.text


async def test_chair_sessions_rotate_at_login_and_end_at_logout(app, database_url):
    email, password = await make_chair(database_url)
    person = Person.in_process(app)
    await person.post("/login", {"email": email, "password": password}, htmx=False, token=False)
    first = person.client.cookies.get("mr_chair")
    await person.post("/login", {"email": email, "password": password}, htmx=False, token=False)
    second = person.client.cookies.get("mr_chair")
    assert first and second and first != second
    stale = Person.in_process(app)
    r = await stale.client.get("/meetings", headers={"cookie": f"mr_chair={first}"})
    assert r.status_code == 303  # the old session ended at the new login
    page = await person.get("/meetings")
    assert page.status_code == 200
    r = await person.post("/logout", {}, htmx=False)
    assert r.status_code == 303
    r = await stale.client.get("/meetings", headers={"cookie": f"mr_chair={second}"})
    assert r.status_code == 303
    set_cookie = (await person.client.post("/login", data={"email": email, "password": password})).headers["set-cookie"]
    assert "HttpOnly" in set_cookie and "samesite=lax" in set_cookie.lower()
    await person.close()
    await stale.close()



@pytest.mark.live
async def test_signing_out_closes_the_chairs_sockets(live_server, live_meeting):
    chair, _, meeting_id, _ = live_meeting
    board = await LiveClient(live_server, chair, meeting_id).connect()
    screen = await LiveClient(live_server, chair, meeting_id, view="screen").connect()
    await board.wait_for(lambda: "items-worries" in board.fragments)
    r = await chair.post("/logout", {}, htmx=False)
    assert r.status_code == 303
    assert await board.wait_closed(3) == 4401
    assert await screen.wait_closed(3) == 4401



async def _session_rows(database_url: str) -> list:
    db = Database(database_url)
    try:
        async with db.read() as c:
            return (await c.execute(select(ChairSession.__table__))).all()
    finally:
        await db.dispose()


@pytest.mark.parametrize("limit", ["idle", "absolute"])
async def test_an_expired_session_is_refused_and_forgotten(app, settings, database_url, limit):
    chair = Person.in_process(app)
    await signed_in_chair(chair, database_url)
    await _age_sessions(database_url, settings, limit)
    r = await chair.get("/meetings")
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert not await _session_rows(database_url)
    await chair.close()


async def test_the_server_keeps_only_a_hash_of_the_session_and_can_end_it(app, database_url):
    chair = Person.in_process(app)
    await signed_in_chair(chair, database_url)
    secret = chair.client.cookies.get("mr_chair")
    rows = await _session_rows(database_url)
    assert [row.token_hash for row in rows] == [hash_secret(secret)] and secret not in repr(rows)
    # Ended on the server (as a sign-out elsewhere does): the cookie the browser holds is worth nothing.
    db = Database(database_url)
    try:
        async with db.write() as c:
            await c.execute(ChairSession.__table__.delete())
    finally:
        await db.dispose()
    assert (await chair.get("/meetings")).status_code == 303
    await chair.close()


def _flags(set_cookies: list[str]) -> list[tuple[str, bool]]:
    """(cookie name, marked Secure) for each session cookie set."""
    for header in set_cookies:
        attributes = header.lower()
        assert "httponly" in attributes and "samesite=lax" in attributes, header
    return [(h.split("=", 1)[0], "; secure" in h.lower()) for h in set_cookies if h.startswith(("mr_p=", "mr_chair="))]


async def test_session_cookies_are_secure_over_https_only(app, meeting, database_url):
    chair, _, meeting_id, code = meeting
    seen: list[str] = []

    async def collect(response):
        seen.extend(response.headers.get_list("set-cookie"))
    phone = Person(httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://testserver",
                                     event_hooks={"response": [collect]}))
    await join(phone, code, "Gran", "grandparent")
    await admit_and_enter(chair, phone, meeting_id, "Gran")
    email, password = await make_chair(database_url, email="second@example.org")
    r = await phone.post("/login", {"email": email, "password": password}, htmx=False, token=False)
    assert r.status_code == 303
    assert _flags(seen) == [("mr_p", True), ("mr_p", True), ("mr_chair", True)]  # joined, entered, signed in
    # Plain http (a laptop on its own): not Secure, or the browser would never send it back.
    plain = Person.in_process(app)
    r = await plain.post(f"/join/{code}", {"name": "Pat", "connection": "friend"}, htmx=False, token=False)
    assert _flags(r.headers.get_list("set-cookie")) == [("mr_p", False)]
    await phone.close()
    await plain.close()


async def test_session_cookies_are_secure_when_the_public_address_is_https(settings, database_url):
    """Behind a proxy that ends HTTPS and does not pass the scheme on, the app sees plain http:
    the public address says what the browser uses."""
    settings.public_url = "https://meet.example.org"
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        email, password = await make_chair(database_url)
        person = Person.in_process(app)
        r = await person.post("/login", {"email": email, "password": password}, htmx=False, token=False)
        assert r.status_code == 303
        assert _flags(r.headers.get_list("set-cookie")) == [("mr_chair", True)]
        await person.close()
