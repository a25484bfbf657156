"""Private discussion: family devices are paused and sent nothing else; professionals-only items
never reach a family device, the shared screen, or the family's record."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from tests.app.test_closing import SCHEMA
from tests.helpers import Person, add_item, admit_and_enter, join

SECRET = "Professionals worry about the uncle visiting at night"


async def with_teacher(app, meeting):
    chair, mum, meeting_id, code = meeting
    teacher = Person.in_process(app)
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    return chair, mum, teacher, meeting_id


async def test_during_a_private_discussion_the_family_sees_only_the_pause(app, meeting):
    chair, mum, teacher, meeting_id = await with_teacher(app, meeting)
    await add_item(mum, meeting_id, "Said before the pause")
    await chair.get(f"/meetings/{meeting_id}")
    r = await chair.post(f"/meetings/{meeting_id}/private/start")
    assert r.status_code == 200 and "paused" in r.text
    assert (await add_item(teacher, meeting_id, SECRET)).status_code == 200
    item = next(i for i in (await app.state.mr.boards.board(meeting_id)).items if i.text == SECRET)
    assert item.professionals_only

    page = (await mum.get(f"/meetings/{meeting_id}")).text
    assert "The meeting has paused for a short private discussion" in page
    assert SECRET not in page and "Said before the pause" not in page and "Ms Patel" not in page
    polled = (await mum.get(f"/meetings/{meeting_id}/updates?since=0")).text
    assert "paused for a short private discussion" in polled and SECRET not in polled
    assert "Said before the pause" not in polled
    screen = (await chair.get(f"/meetings/{meeting_id}/screen")).text
    assert SECRET not in screen and "paused for a short private discussion" in screen
    for professional in (chair, teacher):
        page = (await professional.get(f"/meetings/{meeting_id}")).text
        assert SECRET in page and "For professionals only" in page and "Private discussion." in page

    # The mum cannot start, end or unmark anything: those are the chair's.
    assert (await mum.post(f"/meetings/{meeting_id}/private/end")).status_code == 403
    assert (await teacher.post(f"/meetings/{meeting_id}/items/{item.id}/visibility/everyone")).status_code == 403

    await chair.post(f"/meetings/{meeting_id}/private/end")
    page = (await mum.get(f"/meetings/{meeting_id}")).text
    assert "Said before the pause" in page and SECRET not in page and "paused" not in page
    history = [e.kind.name for e in await app.state.mr.meetings.history(meeting_id)]
    assert "meeting.private_started" in history and "meeting.private_ended" in history
    for person in (chair, mum):  # the pause is in everyone's record; what was said in it, only in theirs
        record = (await person.get(f"/meetings/{meeting_id}/record")).text
        assert "Private discussion" in record and "family devices were paused" in record
    assert SECRET not in (await mum.get(f"/meetings/{meeting_id}/record")).text
    exported = (await chair.get(f"/meetings/{meeting_id}/record.json")).json()
    assert [e.message for e in Draft202012Validator(SCHEMA).iter_errors(exported)] == []
    assert len(exported["private_discussions"]) == 1 and exported["private_discussions"][0]["to"]
    assert [i["professionals_only"] for i in exported["columns"][0]["items"] if i["text"] == SECRET] == [True]


async def test_the_chair_can_mark_any_item_for_professionals_and_the_family_record_leaves_it_out(app, meeting):
    chair, mum, teacher, meeting_id = await with_teacher(app, meeting)
    await add_item(teacher, meeting_id, SECRET)
    item = (await app.state.mr.boards.board(meeting_id)).items[0]
    await chair.get(f"/meetings/{meeting_id}")
    r = await chair.post(f"/meetings/{meeting_id}/items/{item.id}/visibility/professionals")
    assert r.status_code == 200
    assert SECRET not in (await mum.get(f"/meetings/{meeting_id}")).text
    assert SECRET not in (await mum.get(f"/meetings/{meeting_id}/updates?since=0")).text
    assert SECRET not in (await mum.get(f"/meetings/{meeting_id}/record")).text
    assert SECRET not in (await mum.get(f"/meetings/{meeting_id}/record.json")).text
    assert SECRET in (await teacher.get(f"/meetings/{meeting_id}/record")).text
    assert SECRET in (await chair.get(f"/meetings/{meeting_id}/record.json")).text
    await chair.post(f"/meetings/{meeting_id}/items/{item.id}/visibility/everyone")
    assert SECRET in (await mum.get(f"/meetings/{meeting_id}")).text
    assert (await chair.post(f"/meetings/{meeting_id}/items/{item.id}/visibility/nobody")).status_code == 400


async def test_what_is_asked_and_written_in_private_stays_with_the_professionals(app, meeting):
    """The holes a review found: a scale asked in private, goals offered in the edit form, the
    record during the pause, and a failed save that showed back someone else's item."""
    chair, mum, teacher, meeting_id = await with_teacher(app, meeting)
    await add_item(mum, meeting_id, "Mum will move the bed", column="next", section="steps")
    step = next(i for i in (await app.state.mr.boards.board(meeting_id)).items if i.column == "next")
    await chair.get(f"/meetings/{meeting_id}")
    await chair.post(f"/meetings/{meeting_id}/private/start")
    await add_item(teacher, meeting_id, "Goal written in private", column="next", section="goals")
    await chair.post(f"/meetings/{meeting_id}/scales", {"question": "Private question about the uncle",
                                                      "ten": "Safe", "zero": "Not safe"})
    scale = (await app.state.mr.boards.board(meeting_id)).current_scale
    await teacher.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": "2", "reason": SECRET})
    assert (await mum.get(f"/meetings/{meeting_id}/record")).status_code == 403  # paused
    assert "Private question" not in (await mum.get(f"/meetings/{meeting_id}/scales/mine")).text
    assert (await mum.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": "5"})).status_code == 404
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    await chair.post(f"/meetings/{meeting_id}/private/end")  # the revealed scale is still on screen

    for text in ((await mum.get(f"/meetings/{meeting_id}")).text,
                 (await mum.get(f"/meetings/{meeting_id}/updates?since=0")).text,
                 (await mum.get(f"/meetings/{meeting_id}/scales/mine")).text,
                 (await mum.get(f"/meetings/{meeting_id}/record")).text,
                 (await mum.get(f"/meetings/{meeting_id}/record.json")).text,
                 (await chair.get(f"/meetings/{meeting_id}/screen")).text,
                 (await mum.get(f"/meetings/{meeting_id}/items/{step.id}/edit")).text):
        assert "Private question" not in text and SECRET not in text and "Goal written in private" not in text
    assert "Private question" in (await teacher.get(f"/meetings/{meeting_id}")).text

    goal = next(i for i in (await app.state.mr.boards.board(meeting_id)).items if i.text == "Goal written in private")
    assert (await mum.post(f"/meetings/{meeting_id}/items/{goal.id}/agreement/agree")).status_code == 404
    r = await mum.post(f"/meetings/{meeting_id}/items/{goal.id}", {"text": "", "version": "1"})
    assert r.status_code in (403, 404) and "Goal written in private" not in r.text
    r = await mum.post(f"/meetings/{meeting_id}/items/{step.id}", {"text": step.text, "version": "1", "owner": "",
                                                                  "due_on": "", "goal_id": goal.id})
    assert r.status_code == 400  # a goal she cannot see is not one she can choose


async def test_during_a_private_discussion_the_family_cannot_read_an_item_through_its_editor(app, meeting):
    """Found by the stateful fuzz test: the edit form, and a save from a stale page (a conflict
    shows what the item says now), showed a family device words written in private."""
    chair, mum, meeting_id, _ = meeting
    await add_item(mum, meeting_id, "Mum's own words")
    item = (await app.state.mr.boards.board(meeting_id)).items[0]
    await chair.get(f"/meetings/{meeting_id}")
    await chair.post(f"/meetings/{meeting_id}/private/start")
    assert (await chair.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": SECRET, "version": "1"})).status_code == 200
    for r in (await mum.get(f"/meetings/{meeting_id}/items/{item.id}/edit"),
              await mum.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": "Mum again", "version": "1"})):
        assert r.status_code == 403 and SECRET not in r.text and "paused" in r.text
    await chair.post(f"/meetings/{meeting_id}/private/end")
    assert SECRET in (await mum.get(f"/meetings/{meeting_id}/items/{item.id}/edit")).text  # shown to everyone again
