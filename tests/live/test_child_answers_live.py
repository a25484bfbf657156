"""On raw socket frames: a child's answer reaches the shared screen and family phones as an
unnamed child mark without the child's reason, after the reveal and after a reconnect; the
chair's and a professional's sockets get it named."""

from __future__ import annotations

import re

import pytest

from tests.app.test_child_answers import REASON
from tests.helpers import Person, admit_and_enter, join, meeting_with_mum
from tests.live.client import LiveClient

pytestmark = pytest.mark.live


async def test_socket_frames_never_put_a_childs_name_beside_the_answer(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    child, pro = Person.live(live_server), Person.live(live_server)
    await join(child, code, "Jayden", "child")
    await admit_and_enter(chair, child, meeting_id, "Jayden")
    await join(pro, code, "Ms Patel", "professional", agency="school")
    await admit_and_enter(chair, pro, meeting_id, "Ms Patel")
    sockets = {"screen": LiveClient(live_server, chair, meeting_id, view="screen"),
               "mum": LiveClient(live_server, mum, meeting_id), "child": LiveClient(live_server, child, meeting_id),
               "chair": LiveClient(live_server, chair, meeting_id), "pro": LiveClient(live_server, pro, meeting_id)}
    for client in sockets.values():
        await client.connect()
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": "How safe?", "ten": "Safe", "zero": "Not"})
    assert r.status_code == 200
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    scale_id = re.search(r"/scales/([A-Za-z0-9_-]+)/reveal", page).group(1)
    for person, value, why in ((child, "1", REASON), (mum, "6", "We are trying")):
        r = await person.post(f"/meetings/{meeting_id}/scales/{scale_id}/answer", {"value": value, "reason": why})
        assert r.status_code == 200
    assert (await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/reveal")).status_code == 204
    for name, client in sockets.items():
        await client.wait_for(lambda c=client: "dot-child" in c.raw(), what=f"the reveal on {name}'s socket")

    def check(name: str, client: LiveClient) -> None:
        scale = client.page.text("scale")
        if name in ("chair", "pro"):
            assert "Jayden" in scale and REASON in client.raw(), name
        else:
            assert "Jayden" not in scale and "a child" in scale, name
            assert REASON not in client.raw() and "We are trying" in scale, name
    for name, client in sockets.items():
        check(name, client)
    for name, client in sockets.items():  # a reconnect: a fresh snapshot
        await client.close()
        client.frames.clear()
        client.forget()
        await client.connect()
        await client.wait_for(lambda c=client: "dot-child" in c.raw(), what=f"{name}'s snapshot")
        check(name, client)
        await client.close()
    for person in (chair, mum, child, pro):
        await person.close()
