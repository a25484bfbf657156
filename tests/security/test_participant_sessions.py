"""A participant's session ends with the meeting (from then on it opens the record only) and after
a long idle (then it opens nothing, and their open live pages close on time, with no request)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from meeting_room.store.db import Database
from meeting_room.store.models import Participant, now
from tests.app.test_closing import first_item
from tests.helpers import Person, add_item, join, meeting_with_mum
from tests.live.client import LiveClient


async def last_seen(database_url: str, ago: timedelta) -> None:
    """Everyone but the chair last made a request this long ago."""
    db = Database(database_url)
    try:
        async with db.write() as c:
            await c.execute(update(Participant).where(Participant.role != "chair").values(last_seen_at=now() - ago))
    finally:
        await db.dispose()


async def test_a_closed_meeting_s_participant_cookie_opens_the_record_only(app, meeting):
    chair, mum, meeting_id, code = meeting
    await add_item(mum, meeting_id, "Mum's own words")
    item = await first_item(app, meeting_id, "worries")
    waiting = Person.in_process(app)  # joined, never let in
    await join(waiting, code, "Visitor", "friend")
    assert (await mum.get(f"/meetings/{meeting_id}/items/{item.id}/edit")).status_code == 200
    assert (await chair.post(f"/meetings/{meeting_id}/close", htmx=False)).status_code == 303
    # Mum may still read the record, as everyone let in may; nothing live opens for her.
    assert (await mum.get(f"/meetings/{meeting_id}/record")).status_code == 200
    assert (await mum.get(f"/meetings/{meeting_id}/record.json")).status_code == 200
    r = await mum.get(f"/meetings/{meeting_id}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("/record")
    for url in (f"/items/{item.id}/edit", "/scales/mine"):
        r = await mum.get(f"/meetings/{meeting_id}{url}")
        assert r.status_code == 403 and "closed" in r.text, url
    assert "The meeting has closed" in (await mum.get(f"/meetings/{meeting_id}/updates?since=0")).text
    # Someone still waiting when it closed gets neither the waiting room nor the record.
    r = await waiting.get(f"/meetings/{meeting_id}")
    assert r.status_code == 403 and "waiting for the chair" not in r.text and "has closed" in r.text
    assert (await waiting.get(f"/meetings/{meeting_id}/record")).status_code == 403
    await waiting.close()


async def test_a_long_idle_ends_a_participant_s_session(app, meeting, database_url, settings):
    chair, mum, meeting_id, _ = meeting
    await last_seen(database_url, timedelta(hours=settings.participant_idle_hours) - timedelta(minutes=5))
    assert (await mum.get(f"/meetings/{meeting_id}")).status_code == 200  # not yet; and this counts as seen
    await last_seen(database_url, timedelta(hours=settings.participant_idle_hours, minutes=1))
    r = await mum.get(f"/meetings/{meeting_id}")
    assert r.status_code == 403 and "What are we worried about?" not in r.text
    assert (await add_item(mum, meeting_id, "Too late")).status_code == 403
    assert (await mum.get(f"/meetings/{meeting_id}/record")).status_code == 403
    await last_seen(database_url, timedelta(0))  # ended for good: a request now does not bring it back
    assert (await mum.get(f"/meetings/{meeting_id}")).status_code == 403
    assert (await chair.get(f"/meetings/{meeting_id}")).status_code == 200  # the chair's own session is apart


@pytest.mark.live
async def test_an_idle_participant_s_live_page_closes_without_any_request(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    waiting = Person.live(live_server)
    await join(waiting, code, "Visitor", "friend")
    phone = await LiveClient(live_server, mum, meeting_id).connect()
    lobby = await LiveClient(live_server, waiting, meeting_id).connect()
    board = await LiveClient(live_server, chair, meeting_id).connect()
    for client in (phone, board):
        await client.wait_for(lambda c=client: c.seq >= 0, what="the snapshot")
    await lobby.wait_for(lambda: "waiting for the chair" in lobby.raw(), what="the lobby status")
    await last_seen(database_url, timedelta(hours=live_server.settings.participant_idle_hours, minutes=1))
    wait = live_server.settings.resync_seconds + 3
    assert await phone.wait_closed(wait) == 4401
    assert await lobby.wait_closed(wait) == 4401
    assert "join again" in phone.raw()
    assert board.close_code is None  # the chair's board stays
    for client in (board,):
        await client.close()
    for person in (chair, mum, waiting):
        await person.close()
