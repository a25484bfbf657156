"""Oversized, binary or malformed frames close that socket with the right code; a flood from one
person is throttled without hurting the others; connections per person are capped."""

from __future__ import annotations

import asyncio
import base64
import os
import struct

import pytest
import websockets

from tests.helpers import Person, add_item, meeting_with_mum
from tests.live.client import LiveClient

pytestmark = pytest.mark.live


@pytest.fixture
async def meeting(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    yield chair, mum, meeting_id, code
    await chair.close()
    await mum.close()


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



async def _raw_socket(server, person: Person, meeting_id: str):
    """A socket opened by hand, so that frames no client library would send can be sent."""
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write((f"GET /meetings/{meeting_id}/ws HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                  f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                  f"Sec-WebSocket-Version: 13\r\nOrigin: {server.url}\r\nCookie: {person.cookie_header}\r\n\r\n").encode())
    head = await reader.readuntil(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 101"), head
    return reader, writer


def _masked_frame(opcode: int, payload: bytes) -> bytes:
    mask = os.urandom(4)
    return (bytes([0x80 | opcode, 0x80 | len(payload)]) + mask
            + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))


async def _close_code(reader) -> int:
    """Skip what the server sends (the snapshot…) until its close frame; return its code."""
    while True:
        first, second = await reader.readexactly(2)
        length = second & 0x7F
        if length == 126:
            length = struct.unpack("!H", await reader.readexactly(2))[0]
        elif length == 127:
            length = struct.unpack("!Q", await reader.readexactly(8))[0]
        payload = await reader.readexactly(length)
        if first & 0x0F == 0x8:
            return struct.unpack("!H", payload[:2])[0]


async def test_a_malformed_frame_closes_the_socket(live_server, meeting):
    _, mum, meeting_id, _ = meeting
    for frame, code in ((_masked_frame(0x1, b"caf\xc3("), 1007),   # text that is not UTF-8
                        (_masked_frame(0x3, b"?"), 1002)):          # an opcode that does not exist
        reader, writer = await _raw_socket(live_server, mum, meeting_id)
        writer.write(frame)
        assert await asyncio.wait_for(_close_code(reader), 5) == code
        writer.close()
