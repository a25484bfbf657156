"""Step out and back (issue 24, point 6): the chair asks Lee to wait outside; his sockets and his
polling get nothing of the meeting meanwhile, only a calm waiting screen; "Bring Lee back" gives
him everything again. It is in the history and the record."""

from __future__ import annotations

import pytest

from tests.helpers import (
    Person,
    add_item,
    admit_and_enter,
    join,
    meeting_with_mum,
    waiting_id,
)
from tests.live.client import LiveClient

pytestmark = pytest.mark.live
MEANWHILE = "Dana says she is frightened when Lee comes home late"


async def test_someone_asked_to_wait_outside_gets_nothing_until_brought_back(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    dad = Person.live(live_server)
    await join(dad, code, "Lee", "dad")
    lee = await waiting_id(chair, meeting_id, "Lee")
    await admit_and_enter(chair, dad, meeting_id, "Lee")
    await add_item(mum, meeting_id, "Said before")
    socket = await LiveClient(live_server, dad, meeting_id).connect()
    await socket.wait_for(lambda: "Said before" in socket.raw(), what="the snapshot")
    board = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "Ask Lee to wait outside" in board
    assert (await mum.post(f"/meetings/{meeting_id}/people/{lee}/outside")).status_code == 403

    r = await chair.post(f"/meetings/{meeting_id}/people/{lee}/outside")
    assert r.status_code in (200, 204), r.text
    await socket.wait_for(lambda: "Please wait outside" in socket.raw(), what="the last message")
    await add_item(mum, meeting_id, MEANWHILE)
    page = (await dad.get(f"/meetings/{meeting_id}")).text
    assert "asked you to wait outside" in page and MEANWHILE not in page and "Said before" not in page
    polled = (await dad.get(f"/meetings/{meeting_id}/updates?since=0")).text
    assert "wait outside" in polled and MEANWHILE not in polled and "Said before" not in polled
    waiting = await LiveClient(live_server, dad, meeting_id).connect()  # his page, waiting outside
    await waiting.wait_for(lambda: "wait outside" in waiting.raw(), what="the waiting screen")
    await add_item(mum, meeting_id, "Said later, still outside")
    assert (await add_item(dad, meeting_id, "Lee's words from outside")).status_code == 403
    chair_board = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "Bring Lee back" in chair_board
    assert MEANWHILE not in socket.raw() + waiting.raw()

    await chair.post(f"/meetings/{meeting_id}/people/{lee}/back")
    await waiting.wait_for(lambda: "come back in now" in waiting.raw(), what="the way back in")
    assert MEANWHILE not in waiting.raw() and "Said later" not in waiting.raw()
    page = (await dad.get(f"/meetings/{meeting_id}")).text
    assert MEANWHILE in page and "Said later, still outside" in page  # everything again
    again = await LiveClient(live_server, dad, meeting_id).connect()
    await again.wait_for(lambda: MEANWHILE in again.raw(), what="the snapshot after coming back")

    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "asked Lee (Dad) to wait outside" in history and "brought Lee (Dad) back in" in history
    record = (await chair.get(f"/meetings/{meeting_id}/record")).text
    assert "Lee waited outside from" in record
    for client in (socket, waiting, again):
        await client.close()
    for person in (chair, mum, dad):
        await person.close()
