"""The rest of the plan (the goal a step serves, the chair's contingency), apologies, and
blanking the shared screen while phones carry on."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from tests.app.test_closing import SCHEMA
from tests.helpers import add_item


async def item_named(app, meeting_id, text):
    return next(i for i in (await app.state.mr.boards.board(meeting_id)).items if i.text == text)


async def test_a_step_serves_a_safety_goal_and_the_chair_says_what_if_it_does_not_happen(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await add_item(chair, meeting_id, "Alex sleeps safely every night", column="next", section="goals")
    await add_item(mum, meeting_id, "Mum moves Alex's bed downstairs", column="next", section="steps")
    goal = await item_named(app, meeting_id, "Alex sleeps safely every night")
    step = await item_named(app, meeting_id, "Mum moves Alex's bed downstairs")
    edit = f"/meetings/{meeting_id}/items/{step.id}"
    form = (await mum.get(f"{edit}/edit")).text
    assert "Which safety goal it serves" in form and "If this does not happen" not in form  # the chair's
    r = await mum.post(edit, {"text": step.text, "version": "1", "owner": "Dana", "due_on": "", "goal_id": goal.id})
    assert r.status_code == 200, r.text
    r = await mum.post(edit, {"text": step.text, "version": "2", "owner": "Dana", "due_on": "",
                              "goal_id": goal.id, "contingency": "Grandad has Alex"})
    assert r.status_code == 403
    r = await mum.post(edit, {"text": step.text, "version": "2", "owner": "Dana", "due_on": "", "goal_id": "nope"})
    assert r.status_code == 400 and "one of the safety goals" in r.text
    r = await chair.post(edit, {"text": step.text, "version": "2", "owner": "Dana", "due_on": "",
                                "goal_id": goal.id, "contingency": "Alex stays with Grandad until it is done"})
    assert r.status_code == 200, r.text
    for person in (chair, mum):
        page = (await person.get(f"/meetings/{meeting_id}")).text
        assert "For the goal: Alex sleeps safely every night" in page
        assert "If this does not happen: Alex stays with Grandad until it is done" in page
    exported = (await mum.get(f"/meetings/{meeting_id}/record.json")).json()
    steps = [i for i in exported["columns"][2]["items"] if i["text"].startswith("Mum moves")]
    assert steps[0]["goal"] == "Alex sleeps safely every night"
    assert steps[0]["contingency"] == "Alex stays with Grandad until it is done"


async def test_apologies_are_in_the_record(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await chair.get(f"/meetings/{meeting_id}/decide")
    r = await chair.post(f"/meetings/{meeting_id}/apologies", {"names": "Dr Shah, health visitor\n\n  Grandad \n"},
                         htmx=False)
    assert r.status_code == 200 and "Apologies are saved." in r.text
    assert (await mum.post(f"/meetings/{meeting_id}/apologies", {"names": "Nobody"})).status_code == 403
    page = (await mum.get(f"/meetings/{meeting_id}/record")).text
    assert "Sent apologies" in page and "Dr Shah, health visitor" in page and "Grandad" in page
    exported = (await mum.get(f"/meetings/{meeting_id}/record.json")).json()
    assert exported["apologies"] == ["Dr Shah, health visitor", "Grandad"]
    assert [e.message for e in Draft202012Validator(SCHEMA).iter_errors(exported)] == []


async def test_the_chair_blanks_the_shared_screen_and_phones_carry_on(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await add_item(mum, meeting_id, "Alex was late to school")
    await chair.get(f"/meetings/{meeting_id}")
    assert (await mum.post(f"/meetings/{meeting_id}/screen/blank")).status_code == 403
    r = await chair.post(f"/meetings/{meeting_id}/screen/blank")
    assert r.status_code == 200 and r.text == "The shared screen is blank."
    screen = (await chair.get(f"/meetings/{meeting_id}/screen")).text
    assert "The screen is paused for a moment." in screen and "Alex was late to school" not in screen
    assert "Alex was late to school" in (await mum.get(f"/meetings/{meeting_id}")).text
    assert "Show the shared screen" in (await chair.get(f"/meetings/{meeting_id}")).text
    await chair.post(f"/meetings/{meeting_id}/screen/show")
    screen = (await chair.get(f"/meetings/{meeting_id}/screen")).text
    assert "Alex was late to school" in screen and "paused for a moment" not in screen
