"""A chair session that expires or signs out loses its live sockets on time, on every process."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import websockets
from sqlalchemy import update

from meeting_room.db import Database
from meeting_room.models import ChairSession, now
from tests.helpers import Person, new_meeting, signed_in_chair
from tests.live.processes import AppProcess

pytestmark = pytest.mark.live


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


async def test_an_idle_expired_chair_session_loses_its_sockets_without_any_request(live_server, database_url):
    chair = Person.live(live_server)
    await signed_in_chair(chair, database_url)
    meeting_id, _ = await new_meeting(chair)
    ws = await _screen_socket(live_server, chair, meeting_id)
    # The chair walks away: their session was last used longer ago than the idle limit.
    db = Database(database_url)
    try:
        async with db.write() as s:
            await s.execute(update(ChairSession).values(
                last_seen_at=now() - timedelta(minutes=live_server.settings.session_idle_minutes + 1)))
    finally:
        await db.dispose()
    assert await _closed_within(ws, live_server.settings.resync_seconds + 3) == 4401
    await chair.close()


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
