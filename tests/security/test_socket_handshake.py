"""The live socket's handshake is refused before it is accepted when the Origin is foreign or
missing, when nobody is signed in, or when the session belongs to another meeting."""

from __future__ import annotations

import pytest
import websockets

from tests.helpers import Person, meeting_with_mum, new_meeting, signed_in_chair

pytestmark = pytest.mark.live


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



async def test_an_origin_of_another_trusted_address_is_refused_too(live_server, meeting):
    """localhost and 127.0.0.1 are both served, but a page of one may not open a socket on the other."""
    chair, mum, meeting_id, _ = meeting
    other = f"http://localhost:{live_server.port}"
    for person in (chair, mum):
        assert await refused(live_server, meeting_id, {"Origin": other, "Cookie": person.cookie_header}) == 403
    assert meeting_id not in live_server.app.state.mr.hubs.hubs  # nothing was ever accepted
