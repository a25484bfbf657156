"""A child's picture shows on the chair's and professionals' boards as soon as it is added, and
the chair can change who sees it or take it away, live: the family's devices and the shared screen
are never sent it (raw frames); only the chair may remove it or change who sees it."""

from __future__ import annotations

import pytest

from tests.app.test_child_pictures import png_with_text, upload
from tests.helpers import Person, admit_and_enter, join, meeting_with_mum
from tests.live.client import LiveClient

pytestmark = pytest.mark.live
SAYS = "A crayon drawing of the dog at Nan and Grandad"


async def test_pictures_are_live_and_the_chair_can_hide_or_remove_them(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    teacher = Person.live(live_server)
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    clients = {"chair": LiveClient(live_server, chair, meeting_id), "pro": LiveClient(live_server, teacher, meeting_id),
               "mum": LiveClient(live_server, mum, meeting_id),
               "screen": LiveClient(live_server, chair, meeting_id, view="screen")}
    for client in clients.values():
        await client.connect()
        await client.wait_for(lambda c=client: "Ms Patel" in c.raw(), what="the snapshot")

    r = await upload(teacher, meeting_id, png_with_text(), child="Alex", description=SAYS)
    assert r.status_code == 200 and "Added" in r.text, r.text
    for name in ("chair", "pro"):
        await clients[name].wait_for(lambda c=clients[name]: SAYS in c.raw(), what="the picture")
    chair_raw = clients["chair"].raw()
    picture_id = chair_raw.split('id="picture-', 1)[1].split('"', 1)[0]
    assert f"/pictures/{picture_id}/remove" in chair_raw  # the chair's board can take it away
    assert f"/pictures/{picture_id}/remove" not in clients["pro"].raw()

    # Only the chair may change who sees it or remove it: nothing changes otherwise.
    for person in (teacher, mum):
        assert (await person.post(f"/meetings/{meeting_id}/pictures/{picture_id}/remove", {})).status_code == 403
        r = await person.post(f"/meetings/{meeting_id}/pictures/{picture_id}/visibility/professionals", {})
        assert r.status_code == 403
    assert (await chair.post(f"/meetings/{meeting_id}/pictures/{picture_id}/visibility/nobody", {})).status_code == 400
    assert (await chair.post(f"/meetings/{meeting_id}/pictures/nothing-here/remove", {})).status_code == 404
    assert (await mum.get(f"/meetings/{meeting_id}/pictures/{picture_id}")).status_code == 200

    r = await chair.post(f"/meetings/{meeting_id}/pictures/{picture_id}/visibility/professionals", {})
    assert r.status_code == 200 and "professionals only" in r.text
    await clients["pro"].wait_for(lambda: "for professionals only" in clients["pro"].raw(), what="the mark")
    assert (await mum.get(f"/meetings/{meeting_id}/pictures/{picture_id}")).status_code == 404
    assert (await teacher.get(f"/meetings/{meeting_id}/pictures/{picture_id}")).status_code == 200

    r = await chair.post(f"/meetings/{meeting_id}/pictures/{picture_id}/remove", {})
    assert r.status_code == 200 and "removed" in r.text
    await clients["pro"].wait_for(lambda: "No pictures yet" in clients["pro"].raw(), what="the picture gone")
    for person in (chair, teacher, mum):
        assert (await person.get(f"/meetings/{meeting_id}/pictures/{picture_id}")).status_code == 404
    assert "childs_pictures" not in (await chair.get(f"/meetings/{meeting_id}/record.json")).text or \
        (await chair.get(f"/meetings/{meeting_id}/record.json")).json()["childs_pictures"] == []
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "removed a picture by Alex" in history and "made a picture by Alex for professionals only" in history

    await mum.post(f"/meetings/{meeting_id}/items", {"column": "working", "text": "Said after it"})
    for name in ("mum", "screen"):
        client = clients[name]
        await client.wait_for(lambda c=client: "Said after it" in c.raw(), what="a later change")
        assert SAYS not in client.raw() and picture_id not in client.raw(), f"{name} was sent the picture"
    for client in clients.values():
        await client.close()
    for person in (chair, mum, teacher):
        await person.close()
