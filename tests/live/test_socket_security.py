"""The live socket refuses strangers before accepting, and bounds what it receives."""

from __future__ import annotations

import pytest
import websockets

from tests.helpers import Person, add_item, meeting_with_mum, new_meeting, signed_in_chair
from tests.live.client import LiveClient


@pytest.fixture
async def meeting(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    yield chair, mum, meeting_id, code
    await chair.close()
    await mum.close()


async def refused(server, meeting_id, headers):
    with pytest.raises(websockets.InvalidStatus) as info:
        await websockets.connect(f"{server.ws_url}/meetings/{meeting_id}/ws", additional_headers=headers)
    return info.value.response.status_code


async def test_handshake_refusals(live_server, meeting, database_url):
    chair, mum, meeting_id, _ = meeting
    cookie = mum.cookie_header
    assert await refused(live_server, meeting_id, {"Origin": "https://evil.example", "Cookie": cookie}) == 403
    assert await refused(live_server, meeting_id, {"Cookie": cookie}) == 403  # no Origin at all
    assert await refused(live_server, meeting_id, {"Origin": live_server.url}) == 403  # no session
    other_chair = Person.live(live_server)
    await signed_in_chair(other_chair, database_url, email="other@example.org")
    other_id, _ = await new_meeting(other_chair, title="Another family")
    # Mum's session belongs to the first meeting only.
    assert await refused(live_server, other_id, {"Origin": live_server.url,
                                                 "Cookie": f"mr_p={mum.client.cookies.get('mr_p')}"}) == 403
    assert await refused(live_server, meeting_id, {"Origin": live_server.url,
                                                   "Cookie": other_chair.cookie_header}) == 403
    await other_chair.close()


async def test_binary_oversized_and_flooding_frames_close_the_socket(live_server, meeting):
    _, mum, meeting_id, _ = meeting
    client = await LiveClient(live_server, mum, meeting_id).connect()
    await client.ws.send(b"\x00\x01binary")
    assert await client.wait_closed() == 1003

    client = await LiveClient(live_server, mum, meeting_id).connect()
    await client.ws.send("x" * 5000)
    assert await client.wait_closed() == 1009

    client = await LiveClient(live_server, mum, meeting_id).connect()
    await client.ws.send("x" * 70_000)  # above the server's frame limit
    assert await client.wait_closed() == 1009

    client = await LiveClient(live_server, mum, meeting_id).connect()
    for _ in range(40):
        await client.ws.send("hello")
    assert await client.wait_closed() == 1008


async def test_a_flood_does_not_disturb_the_others(live_server, meeting):
    chair, mum, meeting_id, _ = meeting
    board = await LiveClient(live_server, chair, meeting_id).connect()
    flooder = await LiveClient(live_server, mum, meeting_id).connect()
    for _ in range(40):
        await flooder.ws.send("spam")
    await flooder.wait_closed()
    await add_item(chair, meeting_id, "Still flowing")
    await board.wait_for(lambda: "Still flowing" in board.items("worries"), what="the chair's update")
    await board.close()


async def test_connections_per_person_are_capped(live_server, meeting):
    _, mum, meeting_id, _ = meeting
    clients = [await LiveClient(live_server, mum, meeting_id).connect() for _ in range(6)]
    for c in clients:  # a socket is sent its snapshot only once the hub counts it
        await c.wait_for(lambda c=c: c.seq >= 0, what="the socket's snapshot")
    assert len(live_server.app.state.mr.hubs.hubs[meeting_id].connections) == 6
    with pytest.raises(websockets.InvalidStatus):
        await LiveClient(live_server, mum, meeting_id).connect()
    for c in clients:
        await c.close()


async def test_signing_out_closes_the_chairs_sockets(live_server, meeting):
    chair, _, meeting_id, _ = meeting
    board = await LiveClient(live_server, chair, meeting_id).connect()
    screen = await LiveClient(live_server, chair, meeting_id, view="screen").connect()
    await board.wait_for(lambda: "items-worries" in board.fragments)
    r = await chair.post("/logout", {}, htmx=False)
    assert r.status_code == 303
    assert await board.wait_closed(3) == 4401
    assert await screen.wait_closed(3) == 4401


async def test_socket_fragments_escape_user_text(live_server, meeting):
    chair, mum, meeting_id, _ = meeting
    board = await LiveClient(live_server, chair, meeting_id).connect()
    await add_item(mum, meeting_id, '<img src=x onerror=alert(1)><div hx-get="/x" hx-trigger="load">hi</div>')
    await board.wait_for(lambda: any("onerror" in t for t in board.items("worries")))
    raw = "".join(board.frames)
    assert "<img src=x" not in raw and '<div hx-get="/x"' not in raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw
    await board.close()
