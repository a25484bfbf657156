"""A private discussion over real sockets: nothing professionals-only ever reaches a family
device's frames, before, during or after a reconnect."""

from __future__ import annotations

import pytest

from tests.helpers import Person, add_item, admit_and_enter, join, meeting_with_mum
from tests.live.client import LiveClient

pytestmark = pytest.mark.live
SECRET = "Professionals worry about the uncle visiting at night"


async def test_family_frames_never_carry_professionals_only_words(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    teacher, alex = Person.live(live_server), Person.live(live_server)
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    await join(alex, code, "Alex", "child")
    await admit_and_enter(chair, alex, meeting_id, "Alex")
    await add_item(mum, meeting_id, "Said before the pause")
    family = await LiveClient(live_server, mum, meeting_id).connect()
    child = await LiveClient(live_server, alex, meeting_id).connect()
    professional = await LiveClient(live_server, teacher, meeting_id).connect()
    screen = await LiveClient(live_server, chair, meeting_id, view="screen").connect()
    for client in (family, professional, screen):
        await client.wait_for(lambda c=client: "Said before the pause" in c.raw(), what="the snapshot")
    await child.wait_for(lambda: child.seq >= 0, what="the child's snapshot (the houses: children's words only)")

    await chair.get(f"/meetings/{meeting_id}")
    assert (await chair.post(f"/meetings/{meeting_id}/private/start")).status_code == 200
    await family.wait_for(lambda: "paused for a short private discussion" in family.raw(), what="the pause")
    assert "Said before the pause" not in family.items("worries")
    assert (await add_item(teacher, meeting_id, SECRET)).status_code == 200
    await professional.wait_for(lambda: SECRET in professional.items("worries"), what="the secret, for professionals")
    # A family phone that reconnects now gets the pause and nothing else.
    again = await LiveClient(live_server, mum, meeting_id).connect()
    await again.wait_for(lambda: "paused for a short private discussion" in again.raw(), what="the pause again")
    assert "Said before the pause" not in again.raw()

    assert (await chair.post(f"/meetings/{meeting_id}/private/end")).status_code == 200
    await family.wait_for(lambda: "Said before the pause" in family.items("worries"), what="the board back")
    await add_item(mum, meeting_id, "Said after the pause")  # later than everything above, on the same sockets
    await add_item(alex, meeting_id, "Alex said after the pause", section="")
    await child.wait_for(lambda: "Alex said after the pause" in child.raw(), what="Alex's own words")
    assert SECRET not in child.raw(), "professionals-only words reached a child's device"
    for client in (family, again, screen):
        await client.wait_for(lambda c=client: "Said after the pause" in c.raw(), what="the last item")
        assert SECRET not in client.raw(), "professionals-only words reached a family device or the screen"
    for client in (family, child, again, professional, screen):
        await client.close()
    for person in (chair, mum, teacher, alex):
        await person.close()
