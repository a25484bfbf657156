"""A device that goes away without a word (out of signal, battery flat) is soon shown as not
connected: the server's pings go unanswered, and its socket is closed."""

from __future__ import annotations

import asyncio
import base64
import os
import time

import pytest

from tests.conftest import LiveServer
from tests.helpers import Person, meeting_with_mum
from tests.live.client import LiveClient

pytestmark = pytest.mark.live

PING_INTERVAL, PING_TIMEOUT = 2.0, 2.0  # short here; the command line uses 20 and 8 seconds


async def _silent_socket(server, person: Person, meeting_id: str):
    """A websocket opened by hand that, once open, never reads or answers anything again."""
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write((f"GET /meetings/{meeting_id}/ws HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                  f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                  f"Sec-WebSocket-Version: 13\r\nOrigin: {server.url}\r\nCookie: {person.cookie_header}\r\n\r\n").encode())
    await writer.drain()
    status = await reader.readline()
    assert b" 101 " in status, status
    return writer


async def test_a_device_that_vanishes_is_shown_as_not_connected_soon(settings, database_url):
    server = LiveServer(settings, ping=(PING_INTERVAL, PING_TIMEOUT))
    await server.start()
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(server), database_url)
    try:
        phone = await _silent_socket(server, mum, meeting_id)
        watcher = await LiveClient(server, chair, meeting_id).connect()
        roster = lambda: " ".join(watcher.page.text("roster-list").split())  # noqa: E731
        await watcher.wait_for(lambda: "Dana Mum connected" in roster(), what="Dana shown as connected")
        went_away = time.monotonic()
        await watcher.wait_for(lambda: "Dana Mum not connected" in roster(),
                               timeout=PING_INTERVAL + PING_TIMEOUT + settings.resync_seconds + 3,
                               what="Dana shown as not connected once her pings went unanswered")
        assert time.monotonic() - went_away <= PING_INTERVAL + PING_TIMEOUT + settings.resync_seconds + 3
        phone.close()
        await watcher.close()
    finally:
        await chair.close()
        await mum.close()
        await server.stop()
