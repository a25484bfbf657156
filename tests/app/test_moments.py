""""I need a moment": said from a person's own phone, seen by the chair alone, wherever the chair
has scrolled, until it has passed."""

from __future__ import annotations

from tests.helpers import Person, join, participant_id


async def test_a_person_who_needs_a_moment_is_seen_by_the_chair_alone(app, meeting):
    chair, mum, meeting_id, code = meeting
    assert "I need a moment" in (await mum.get(f"/meetings/{meeting_id}")).text
    assert "I need a moment" not in (await chair.get(f"/meetings/{meeting_id}")).text  # the chair has no need
    r = await mum.post(f"/meetings/{meeting_id}/moment", {"needed": "1"})
    assert r.status_code == 200 and "The chair knows you need a moment" in r.text
    assert "I am ready to carry on" in r.text
    chair_page = (await chair.get(f"/meetings/{meeting_id}")).text
    notices = chair_page.split('id="notices"', 1)[1].split("</div>", 1)[0]
    assert "<strong>Dana (Mum)</strong> needs a moment." in notices and "Seen to" in notices
    assert "needs a moment" not in (await chair.get(f"/meetings/{meeting_id}/screen")).text
    mum_id = await participant_id(mum, meeting_id)
    r = await chair.post(f"/meetings/{meeting_id}/people/{mum_id}/moment-passed")
    assert r.status_code in (200, 204)
    assert "needs a moment." not in (await chair.get(f"/meetings/{meeting_id}")).text
    assert "I need a moment" in (await mum.get(f"/meetings/{meeting_id}")).text
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "said they needed a moment" in history


async def test_only_people_in_the_meeting_can_ask_and_only_the_chair_says_it_has_passed(app, meeting):
    chair, mum, meeting_id, code = meeting
    visitor = Person.in_process(app)
    await join(visitor, code, "Mark", "dad")
    assert (await visitor.post(f"/meetings/{meeting_id}/moment", {"needed": "1"})).status_code == 403
    chair_id = await participant_id(chair, meeting_id)
    assert (await mum.post(f"/meetings/{meeting_id}/people/{chair_id}/moment-passed")).status_code == 403
    assert (await mum.post(f"/meetings/{meeting_id}/moment", {"needed": "yes"})).status_code == 400
    await visitor.close()
