"""Absolute addresses (join links, QR codes) come from the public address or the request's own
trusted host; a forged Host header is refused, and no request's host is ever remembered for
others. Redirects name no host at all."""

from __future__ import annotations

import re

import httpx
import markupsafe
import pytest
import websockets

from meeting_room.live.render import qr_data_uri
from meeting_room.web.app import create_app
from tests.helpers import Person, join, meeting_with_mum, new_meeting, signed_in_chair


@pytest.fixture
async def meeting(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    yield chair, mum, meeting_id, code
    await chair.close()
    await mum.close()


@pytest.mark.live
async def test_a_request_for_a_host_the_app_does_not_serve_is_refused(live_server):
    async with httpx.AsyncClient() as client:
        r = await client.get(live_server.url + "/", headers={"Host": "evil.example"})
    assert r.status_code == 400
    assert "evil.example" not in r.text


@pytest.mark.live
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


@pytest.mark.live
async def test_each_trusted_address_gets_its_own_join_link(live_server, meeting):
    chair, mum, meeting_id, _ = meeting
    # Reached as "localhost" by one page: another page reached as 127.0.0.1 is not told of it.
    async with websockets.connect(f"ws://localhost:{live_server.port}/meetings/{meeting_id}/ws?view=screen",
                                  additional_headers={"Origin": f"http://localhost:{live_server.port}",
                                                      "Cookie": chair.cookie_header}) as ws:
        assert f"Or go to http://localhost:{live_server.port} " in await ws.recv()
        r = await chair.get(f"/meetings/{meeting_id}/updates?view=screen")
        assert f"Or go to {live_server.url} " in r.text and "localhost" not in r.text


async def test_with_a_public_address_every_join_link_and_redirect_uses_it(settings, database_url):
    """Reached as "testserver" (a trusted name, say the proxy's): the screen, its QR code and the
    polled screen name only the public address, and no redirect names a host at all."""
    settings.public_url = "https://meet.example.org"
    app = create_app(settings)
    locations: list[str] = []

    async def collect(response):
        if "location" in response.headers:
            locations.append(response.headers["location"])

    def person() -> Person:
        return Person(httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://testserver",
                                        event_hooks={"response": [collect]}))
    async with app.router.lifespan_context(app):
        chair, phone = person(), person()
        await signed_in_chair(chair, database_url)
        meeting_id, code = await new_meeting(chair)
        await join(phone, code, "Dana", "mum")
        link = f"https://meet.example.org/join/{code}"
        for url in (f"/meetings/{meeting_id}/screen", f"/meetings/{meeting_id}/updates?view=screen"):
            html = (await chair.get(url)).text
            assert "Or go to https://meet.example.org " in html and "testserver" not in html, url
            assert f'src="{markupsafe.escape(qr_data_uri(link))}"' in html, url
        await chair.post("/logout", {}, htmx=False)
        assert len(locations) >= 4 and all(loc.startswith("/") and not loc.startswith("//") for loc in locations)
        await chair.close()
        await phone.close()
