"""Family time over real sockets (issue 24): professional devices, the chair's and the paused
shared screen get nothing of the family's plan until it ends, not even after a reconnect; then
every device gets the whole board again, the plan marked as the family's."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.helpers import Person, add_item, admit_and_enter, join, meeting_with_mum, new_meeting, signed_in_chair
from tests.live.client import LiveClient
from tests.live.processes import AppProcess

pytestmark = pytest.mark.live
PLAN = "Grandma collects Jayden from school on Mondays"
WORRY = "Dana worries about the long bus ride"


async def test_professional_devices_and_the_paused_screen_get_nothing_of_the_family_plan(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    teacher, alex = Person.live(live_server), Person.live(live_server)
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    await join(alex, code, "Alex", "child")
    await admit_and_enter(chair, alex, meeting_id, "Alex")
    await add_item(teacher, meeting_id, "Said before family time")
    family = await LiveClient(live_server, mum, meeting_id).connect()
    child = await LiveClient(live_server, alex, meeting_id).connect()
    professional = await LiveClient(live_server, teacher, meeting_id).connect()
    chairs = await LiveClient(live_server, chair, meeting_id).connect()
    screen = await LiveClient(live_server, chair, meeting_id, view="screen").connect()
    paused = (professional, chairs, screen)
    for client in (family,) + paused:
        await client.wait_for(lambda c=client: "Said before family time" in c.raw(), what="the snapshot")
    await child.wait_for(lambda: child.seq >= 0, what="the child's snapshot (the houses: children's words only)")

    await chair.get(f"/meetings/{meeting_id}")
    assert (await chair.post(f"/meetings/{meeting_id}/family-time/start")).status_code == 200
    for client in paused:
        await client.wait_for(lambda c=client: "making its plan" in c.raw(), what="the pause")
        assert "Said before family time" not in client.items("worries")
    seen = {client: len(client.frames) for client in paused}  # every frame from here on is checked
    assert (await add_item(mum, meeting_id, PLAN, column="next", section="")).status_code == 200
    assert (await add_item(mum, meeting_id, WORRY, section="")).status_code == 200
    await family.wait_for(lambda: PLAN in family.raw() and WORRY in family.raw(), what="the family's plan")
    assert (await add_item(alex, meeting_id, "I want to see Grandma more", column="next", section="")).status_code == 200
    await child.wait_for(lambda: "I want to see Grandma more" in child.raw(), what="Alex's own part of the plan")
    assert PLAN not in child.raw()  # a grown-up's words are not for the houses
    # A professional's phone that reconnects now, or polls, gets the pause and nothing else.
    again = await LiveClient(live_server, teacher, meeting_id).connect()
    await again.wait_for(lambda: "making its plan" in again.raw(), what="the pause again")
    seen[again] = 0
    polled = (await teacher.get(f"/meetings/{meeting_id}/updates?since=0")).text
    screen_polled = (await chair.get(f"/meetings/{meeting_id}/updates?view=screen&since=0")).text
    assert "making its plan" in polled and "making its plan" in screen_polled
    # Every paused socket has been sent the sequence number of the family's changes (so their
    # frames were drawn after them), and not one word of them.
    now = int(re.search(r'id="sync-state" hidden data-seq="(\d+)"', polled).group(1))
    for client in seen:
        await client.wait_for(lambda c=client: c.seq >= now, what="the family's changes to move the page on")
    for body in ["".join(c.frames[start:]) for c, start in seen.items()] + [polled, screen_polled]:
        body = unescape(body)
        assert PLAN not in body and WORRY not in body and "Said before family time" not in body
        assert "The family's plan" not in body

    assert (await chair.post(f"/meetings/{meeting_id}/family-time/end")).status_code == 200
    for client in paused + (again, family):
        await client.wait_for(lambda c=client: PLAN in c.items("next") and WORRY in c.items("worries"),
                              what="the whole board back")
        assert "The family's plan" in client.raw()
    for client in (family, child, again, professional, chairs, screen):
        await client.close()
    for person in (chair, mum, teacher, alex):
        await person.close()


async def test_family_time_crosses_to_a_professional_on_another_process(pg_url):
    """The doorbell: the family writes on one process; a professional's phone on the other is
    paused, gets none of it, and gets the whole plan when family time ends."""
    first, second = await AppProcess(pg_url).start(), await AppProcess(pg_url).start()
    chair, mum, teacher = Person.live(first), Person.live(first), Person.live(second)
    try:
        await signed_in_chair(chair, pg_url)
        meeting_id, code = await new_meeting(chair)
        await join(mum, code, "Dana", "mum")
        await admit_and_enter(chair, mum, meeting_id, "Dana")
        await join(teacher, code, "Ms Patel", "professional", "school")
        await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
        pro = await LiveClient(second, teacher, meeting_id).connect()
        await pro.wait_for(lambda: "items-next" in pro.fragments, what="the snapshot")
        await chair.get(f"/meetings/{meeting_id}")
        await chair.post(f"/meetings/{meeting_id}/family-time/start")
        await pro.wait_for(lambda: "making its plan" in pro.raw(), what="the pause, across processes")
        start = len(pro.frames)
        assert (await add_item(mum, meeting_id, PLAN, column="next", section="")).status_code == 200
        await chair.post(f"/meetings/{meeting_id}/joining", {"open": "0"})  # a later change, seen by everyone
        polled = (await chair.get(f"/meetings/{meeting_id}/updates?since=0")).text
        now = int(re.search(r'id="sync-state" hidden data-seq="(\d+)"', polled).group(1))
        await pro.wait_for(lambda: pro.seq >= now, what="the family's changes to move the page on")
        assert PLAN not in unescape("".join(pro.frames[start:]))
        await chair.post(f"/meetings/{meeting_id}/family-time/end")
        await pro.wait_for(lambda: PLAN in pro.items("next"), what="the plan, across processes")
        await pro.close()
    finally:
        for person in (chair, mum, teacher):
            await person.close()
        first.stop()
        second.stop()


async def test_a_workers_childs_view_socket_is_sent_back_to_the_paused_meeting(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    teacher = Person.live(live_server)
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    beside = await LiveClient(live_server, teacher, meeting_id, view="child").connect()
    await beside.wait_for(lambda: "items-next" in beside.fragments, what="the houses")
    await chair.get(f"/meetings/{meeting_id}")
    await chair.post(f"/meetings/{meeting_id}/family-time/start")
    await beside.wait_closed()
    assert "data-go-to" in beside.frames[-1]
    await add_item(mum, meeting_id, PLAN, column="next", section="")
    assert PLAN not in beside.raw()
    for person in (chair, mum, teacher):
        await person.close()
