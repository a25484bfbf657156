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
