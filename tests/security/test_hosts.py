"""A forged Host header is refused, and no request's host is ever remembered for others."""

from __future__ import annotations

import re

import httpx
import pytest
import websockets

from tests.helpers import Person, meeting_with_mum

pytestmark = pytest.mark.live


@pytest.fixture
async def meeting(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    yield chair, mum, meeting_id, code
    await chair.close()
    await mum.close()


async def test_a_request_for_a_host_the_app_does_not_serve_is_refused(live_server):
    async with httpx.AsyncClient() as client:
        r = await client.get(live_server.url + "/", headers={"Host": "evil.example"})
    assert r.status_code == 400
    assert "evil.example" not in r.text


async def test_a_socket_with_a_forged_host_cannot_change_anyone_s_join_link(live_server, meeting):
    chair, mum, meeting_id, _ = meeting
    # A client still in the lobby (or anyone) opens a socket naming another host, with a
    # matching Origin so that the cross-site check alone would let it through.
    with pytest.raises(websockets.InvalidStatus) as refused:
        await websockets.connect(f"ws://evil.example:{live_server.port}/meetings/{meeting_id}/ws",
                                 host="127.0.0.1", port=live_server.port,  # Host: evil.example, sent here
                                 additional_headers={"Origin": f"http://evil.example:{live_server.port}",
                                                     "Cookie": mum.cookie_header})
    assert refused.value.response.status_code == 400

    # The chair's screen, over HTTP and over its own socket, names only the address it used.
    page = await chair.get(f"/meetings/{meeting_id}/screen")
    assert "evil.example" not in page.text
    assert f"Or go to {live_server.url} " in page.text
    async with websockets.connect(f"{live_server.ws_url}/meetings/{meeting_id}/ws?view=screen",
                                  additional_headers={"Origin": live_server.url,
                                                      "Cookie": chair.cookie_header}) as ws:
        snapshot = await ws.recv()
    assert "evil.example" not in snapshot
    assert re.search(r"Or go to http://127\.0\.0\.1:\d+ ", snapshot)


async def test_each_trusted_address_gets_its_own_join_link(live_server, meeting):
    chair, mum, meeting_id, _ = meeting
    # Reached as "localhost" by one page: another page reached as 127.0.0.1 is not told of it.
    async with websockets.connect(f"ws://localhost:{live_server.port}/meetings/{meeting_id}/ws?view=screen",
                                  additional_headers={"Origin": f"http://localhost:{live_server.port}",
                                                      "Cookie": chair.cookie_header}) as ws:
        assert f"Or go to http://localhost:{live_server.port} " in await ws.recv()
        r = await chair.get(f"/meetings/{meeting_id}/updates?view=screen")
        assert f"Or go to {live_server.url} " in r.text and "localhost" not in r.text
