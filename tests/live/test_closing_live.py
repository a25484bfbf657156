"""Closing a meeting sends every open page to the record, and its sockets write nothing more."""

from __future__ import annotations

import pytest

from tests.helpers import Person, add_item, meeting_with_mum
from tests.live.client import LiveClient

pytestmark = pytest.mark.live


async def test_closing_sends_every_socket_to_the_record(live_server, database_url):
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    sockets = [await LiveClient(live_server, chair, meeting_id).connect(),
               await LiveClient(live_server, chair, meeting_id, view="screen").connect(),
               await LiveClient(live_server, mum, meeting_id).connect()]
    for client in sockets:
        await client.wait_for(lambda c=client: "items-worries" in c.fragments, what=f"{client.view} snapshot")
    await add_item(mum, meeting_id, "Said before the close")
    await chair.get(f"/meetings/{meeting_id}")
    r = await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    assert r.status_code == 303
    for client in sockets:
        code = await client.wait_closed(5)
        assert code == 4403, (client.view, code)
        if client.view == "screen":  # signed in as the chair: never the chair's record on the room's screen
            assert "The meeting has closed" in client.frames[-1] and "/record" not in client.frames[-1]
        else:
            assert f'data-go-to="/meetings/{meeting_id}/record"' in client.frames[-1], client.frames[-1][:300]
    # A page that reconnects is sent to the record again, and shown nothing else.
    again = await LiveClient(live_server, mum, meeting_id).connect()
    assert await again.wait_closed(5) == 4403
    assert "Said before the close" not in again.raw() and "/record" in again.raw()
    await chair.close()
    await mum.close()
