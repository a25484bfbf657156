"""Phones start with what matters (issue 24, point 3): one or two plain sentences about the meeting
and what the person can do, the agenda step (live), no "No scale question is open"; and a phone's
own "I need a moment" can be fetched again after the chair's "Seen to" (the socket says only that
someone's moment changed)."""

from __future__ import annotations

from html import unescape
from types import SimpleNamespace

from meeting_room.core.vocabulary import WHAT_YOU_CAN_DO, whose_meeting
from tests.helpers import participant_id


def test_the_meeting_is_named_by_its_children_or_its_family():
    case = lambda children, family="Example": SimpleNamespace(children=children, family_name=family)  # noqa: E731
    assert whose_meeting(case("Jayden")) == "Jayden's family meeting"
    assert whose_meeting(case("Alex and Jo")) == "Alex and Jo's family meeting"
    assert whose_meeting(case("Alex, Jo, Sam")) == "Alex, Jo and Sam's family meeting"
    assert whose_meeting(case("")) == "the Example family's meeting"


async def test_a_phone_says_what_the_meeting_is_what_to_do_and_where_it_has_got_to(app, meeting):
    chair, mum, meeting_id, _ = meeting
    page = unescape((await mum.get(f"/meetings/{meeting_id}")).text)
    assert f"This is Alex's family meeting. {WHAT_YOU_CAN_DO}" in page
    assert "Step 1 of" in page and "No scale question is open" not in page
    assert "This is Alex" not in (await chair.get(f"/meetings/{meeting_id}")).text  # the chair knows
    await chair.post(f"/meetings/{meeting_id}/agenda/next?step=0")
    polled = (await mum.get(f"/meetings/{meeting_id}/updates?since=0")).text
    assert "Step 2 of" in polled


async def test_a_phone_fetches_its_own_moment_again_after_the_chair_has_seen_to_it(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await mum.get(f"/meetings/{meeting_id}")
    assert (await mum.post(f"/meetings/{meeting_id}/moment", {"needed": "1"})).status_code == 200
    mine = (await mum.get(f"/meetings/{meeting_id}/moment")).text
    assert "The chair knows you need a moment. Take your time." in mine and "I am ready to carry on" in mine
    polled = (await mum.get(f"/meetings/{meeting_id}/updates?since=0")).text
    pid = await participant_id(mum, meeting_id)
    check = polled[polled.index('id="moment-check"'):].split(">", 1)[0]
    assert pid not in check and "needs a moment" not in polled  # nothing says whose moment it is
    await chair.get(f"/meetings/{meeting_id}")
    await chair.post(f"/meetings/{meeting_id}/people/{pid}/moment-passed")
    mine = (await mum.get(f"/meetings/{meeting_id}/moment")).text
    assert "The chair has seen to it." in mine and "I need a moment" in mine
    assert "The chair knows you need a moment" not in mine
