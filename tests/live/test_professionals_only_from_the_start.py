"""A professional can keep what they add for professionals from the start (issue 24, point 4):
the item never reaches a family socket, a family device's polling, or the shared screen, in raw
bytes; professionals and the chair get it, marked; a family member cannot tick it."""

from __future__ import annotations

import pytest

from tests.helpers import Person, add_item, admit_and_enter, join, meeting_with_mum
from tests.live.client import LiveClient

pytestmark = pytest.mark.live
SECRET = "Jayden told me he does not want to go home"


async def test_a_professionals_only_item_never_reaches_family_devices_or_the_screen(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    teacher = Person.live(live_server)
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    family = await LiveClient(live_server, mum, meeting_id).connect()
    professional = await LiveClient(live_server, teacher, meeting_id).connect()
    screen = await LiveClient(live_server, chair, meeting_id, view="screen").connect()
    for client in (family, professional, screen):
        await client.wait_for(lambda c=client: "Ms Patel" in c.raw(), what="the snapshot")
    page = (await teacher.get(f"/meetings/{meeting_id}")).text
    assert 'name="professionals_only"' in page and "For professionals only" in page
    assert 'name="professionals_only"' not in (await mum.get(f"/meetings/{meeting_id}")).text

    r = await add_item(teacher, meeting_id, SECRET, professionals_only="1")
    assert r.status_code == 200, r.text
    await professional.wait_for(lambda: SECRET in professional.items("worries"), what="the item, for professionals")
    assert "For professionals only" in professional.raw()
    # A family member cannot tick it: refused, nothing added.
    r = await add_item(mum, meeting_id, "Mum's words, kept back", professionals_only="1")
    assert r.status_code == 403
    await add_item(mum, meeting_id, "Said after it")  # later than the secret, on the same sockets
    for client in (family, screen):
        await client.wait_for(lambda c=client: "Said after it" in c.raw(), what="the later item")
        assert SECRET not in client.raw(), "a professionals-only item reached a family device or the screen"
    assert "kept back" not in professional.raw()
    polled = (await mum.get(f"/meetings/{meeting_id}/updates?since=0")).text
    assert SECRET not in polled and "Said after it" in polled
    assert SECRET not in (await mum.get(f"/meetings/{meeting_id}")).text
    assert SECRET not in (await chair.get(f"/meetings/{meeting_id}/screen")).text
    assert SECRET in (await chair.get(f"/meetings/{meeting_id}")).text
    for client in (family, professional, screen):
        await client.close()
    for person in (chair, mum, teacher):
        await person.close()
