"""Family time (issue 24): the mirror of a private discussion. Professionals' devices (the chair's
too, but for "End family time") and the paused screen get nothing of the family's plan until it
ends; then everyone sees it, marked as the family's, on the board, the screen and the record."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from tests.app.test_closing import SCHEMA
from tests.helpers import Person, add_item, admit_and_enter, join

PLAN = "Grandma collects Jayden from school on Mondays"
MORE = "Uncle Lee takes Jayden swimming on Saturdays"
PAUSED = "is making its plan. You will see it when family time ends"


async def with_teacher_and_gran(app, meeting):
    chair, mum, meeting_id, code = meeting
    teacher, gran = Person.in_process(app), Person.in_process(app)
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    await join(gran, code, "Rose", "grandparent")
    await admit_and_enter(chair, gran, meeting_id, "Rose")
    return chair, mum, teacher, gran, meeting_id


async def plan_item(app, meeting_id: str, text: str):
    return next(i for i in (await app.state.mr.boards.board(meeting_id)).items if i.text == text)


async def test_professionals_and_the_paused_screen_get_nothing_of_the_plan_until_it_ends(app, meeting):
    chair, mum, teacher, gran, meeting_id = await with_teacher_and_gran(app, meeting)
    await add_item(mum, meeting_id, "Said before family time")
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "Start family time" in page
    r = await chair.post(f"/meetings/{meeting_id}/family-time/start")
    assert r.status_code == 200 and "Family time started" in r.text
    assert (await add_item(mum, meeting_id, PLAN, column="next", section="")).status_code == 200
    item = await plan_item(app, meeting_id, PLAN)
    assert item.family_plan and item.section is None and not item.professionals_only
    # A worry written now is not part of the plan, but professionals still see nothing of it yet.
    await add_item(gran, meeting_id, "Gran is worried about the bus", section="")

    family_page = (await mum.get(f"/meetings/{meeting_id}")).text
    assert "The family's plan" in family_page and PLAN in family_page and "Family time." in family_page
    assert "Said before family time" in family_page
    for professional in (chair, teacher):
        for body in ((await professional.get(f"/meetings/{meeting_id}")).text,
                     (await professional.get(f"/meetings/{meeting_id}/updates?since=0")).text):
            assert PAUSED in body
            assert PLAN not in body and "Gran is worried" not in body and "Said before family time" not in body
    assert "End family time" in (await chair.get(f"/meetings/{meeting_id}")).text
    assert "End family time" not in (await teacher.get(f"/meetings/{meeting_id}")).text
    # Someone who comes late waits to be let in; the chair's paused board still lists them.
    grandad = Person.in_process(app)
    await join(grandad, meeting[3], "Grandad Joe", "grandparent")
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "Grandad Joe" in page and PLAN not in page
    await admit_and_enter(chair, grandad, meeting_id, "Grandad Joe")
    assert PLAN in (await grandad.get(f"/meetings/{meeting_id}")).text
    await grandad.close()
    screen = (await chair.get(f"/meetings/{meeting_id}/screen")).text
    assert "The family is making its plan" in screen and PLAN not in screen
    assert PLAN not in (await chair.get(f"/meetings/{meeting_id}/updates?view=screen&since=0")).text
    # Nothing of the meeting on the chair's other pages, nor a professional's edit form or record.
    for path in ("history", "record", "record.json", "decide", "access"):
        r = await chair.get(f"/meetings/{meeting_id}/{path}")
        assert r.status_code == 403 and PLAN not in r.text, path
    assert (await teacher.get(f"/meetings/{meeting_id}/record")).status_code == 403
    assert (await teacher.get(f"/meetings/{meeting_id}/items/{item.id}/edit")).status_code == 403
    # Only the chair starts and ends it; it never runs with a private discussion.
    assert (await mum.post(f"/meetings/{meeting_id}/family-time/end")).status_code == 403
    assert (await teacher.post(f"/meetings/{meeting_id}/family-time/end")).status_code == 403
    r = await chair.post(f"/meetings/{meeting_id}/private/start")
    assert r.status_code == 403 and "End family time first" in r.text
    assert (await chair.post(f"/meetings/{meeting_id}/family-time/later")).status_code == 400

    assert (await chair.post(f"/meetings/{meeting_id}/family-time/end")).status_code == 200
    for person in (chair, teacher, mum):
        page = (await person.get(f"/meetings/{meeting_id}")).text
        assert PLAN in page and "The family's plan" in page and "Gran is worried" in page and PAUSED not in page
    screen = (await chair.get(f"/meetings/{meeting_id}/screen")).text
    assert PLAN in screen and "The family's plan" in screen
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "started family time" in history and "ended family time" in history
    record = (await teacher.get(f"/meetings/{meeting_id}/record")).text
    assert PLAN in record and "The family's plan" in record
    exported = (await chair.get(f"/meetings/{meeting_id}/record.json")).json()
    assert [e.message for e in Draft202012Validator(SCHEMA).iter_errors(exported)] == []
    steps = {i["text"]: i["family_plan"] for c in exported["columns"] for i in c["items"]}
    assert steps[PLAN] is True and steps["Said before family time"] is False


async def test_the_family_changes_its_own_plan_together_and_nothing_else(app, meeting):
    chair, mum, teacher, gran, meeting_id = await with_teacher_and_gran(app, meeting)
    await add_item(teacher, meeting_id, "The school nurse will call", column="next", section="steps")
    await add_item(mum, meeting_id, "A step before family time", column="next", section="")
    before = await plan_item(app, meeting_id, "A step before family time")
    assert not before.family_plan
    await chair.get(f"/meetings/{meeting_id}")
    await chair.post(f"/meetings/{meeting_id}/family-time/start")
    await add_item(mum, meeting_id, PLAN, column="next", section="")
    await add_item(gran, meeting_id, MORE, column="next", section="")
    mine, grans = await plan_item(app, meeting_id, PLAN), await plan_item(app, meeting_id, MORE)
    nurse = await plan_item(app, meeting_id, "The school nurse will call")
    # Gran edits the mum's step of the plan, and removes her own; the mum cannot remove anything else.
    assert (await gran.get(f"/meetings/{meeting_id}/items/{mine.id}/edit")).status_code == 200
    r = await gran.post(f"/meetings/{meeting_id}/items/{mine.id}", {"text": PLAN + " and Tuesdays",
                                                                    "version": str(mine.version)})
    assert r.status_code == 200, r.text
    assert (await gran.post(f"/meetings/{meeting_id}/items/{grans.id}/remove")).status_code == 200
    assert (await plan_item(app, meeting_id, PLAN + " and Tuesdays")).family_plan
    for other in (nurse, before):
        r = await mum.post(f"/meetings/{meeting_id}/items/{other.id}/remove")
        assert r.status_code == 403 and "Only the chair" in r.text
    assert (await teacher.post(f"/meetings/{meeting_id}/items/{mine.id}/remove")).status_code == 403
    page = (await mum.get(f"/meetings/{meeting_id}")).text
    assert MORE not in page and "The school nurse will call" in page
    await chair.post(f"/meetings/{meeting_id}/family-time/end")
    # After family time its plan stays the family's; removing is the chair's again.
    r = await gran.post(f"/meetings/{meeting_id}/items/{mine.id}/remove")
    assert r.status_code == 403
    assert MORE not in (await teacher.get(f"/meetings/{meeting_id}")).text


async def test_the_chair_keeps_the_screen_on_for_the_family_and_the_next_family_time_starts_paused(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await chair.get(f"/meetings/{meeting_id}")
    r = await chair.post(f"/meetings/{meeting_id}/screen/family", {"keep": "1"})
    assert r.status_code == 403 and "only during family time" in r.text
    await chair.post(f"/meetings/{meeting_id}/family-time/start")
    assert "Keep the screen on for the family" in (await chair.get(f"/meetings/{meeting_id}")).text
    assert (await chair.post(f"/meetings/{meeting_id}/screen/family", {"keep": "yes"})).status_code == 400
    assert (await chair.post(f"/meetings/{meeting_id}/screen/family", {"keep": "1"})).status_code == 200
    await add_item(mum, meeting_id, PLAN, column="next", section="")
    screen = (await chair.get(f"/meetings/{meeting_id}/screen")).text
    assert PLAN in screen and "The family's plan" in screen
    assert PLAN not in (await chair.get(f"/meetings/{meeting_id}")).text  # the chair's own board: still paused
    await chair.post(f"/meetings/{meeting_id}/family-time/end")
    await chair.post(f"/meetings/{meeting_id}/family-time/start")
    assert PLAN not in (await chair.get(f"/meetings/{meeting_id}/screen")).text
    events = [e.kind.name for e in await app.state.mr.meetings.history(meeting_id)]
    assert events.count("meeting.screen_family") == 2


async def test_a_workers_childs_view_is_a_professional_device_and_pauses_too(app, meeting):
    chair, mum, teacher, gran, meeting_id = await with_teacher_and_gran(app, meeting)
    jayden = Person.in_process(app)
    await join(jayden, meeting[3], "Jayden", "child")
    await admit_and_enter(chair, jayden, meeting_id, "Jayden")
    child_id = next(p.id for p in (await app.state.mr.boards.board(meeting_id)).participants if p.name == "Jayden")
    assert (await teacher.get(f"/meetings/{meeting_id}/child/{child_id}")).status_code == 200
    await chair.get(f"/meetings/{meeting_id}")
    await chair.post(f"/meetings/{meeting_id}/family-time/start")
    await add_item(jayden, meeting_id, PLAN, column="next", section="")
    assert (await plan_item(app, meeting_id, PLAN)).family_plan  # a child's words in family time: the family's plan
    assert PLAN in (await jayden.get(f"/meetings/{meeting_id}")).text
    r = await teacher.get(f"/meetings/{meeting_id}/child/{child_id}")
    assert r.status_code == 403 and PLAN not in r.text
    polled = (await teacher.get(f"/meetings/{meeting_id}/updates?view=child&since=0")).text
    assert PLAN not in polled and "data-go-to" in polled  # the page goes back to the (paused) meeting
    await jayden.close()


async def test_professionals_cannot_change_the_board_during_family_time(app, meeting):
    """Their devices are paused; a stale tab or a hand-made request is refused too, and changes nothing."""
    chair, mum, teacher, gran, meeting_id = await with_teacher_and_gran(app, meeting)
    await add_item(teacher, meeting_id, "Written before family time")
    before = await plan_item(app, meeting_id, "Written before family time")
    assert (await chair.post(f"/meetings/{meeting_id}/family-time/start")).status_code == 200
    for professional in (chair, teacher):
        r = await add_item(professional, meeting_id, "Sneaked in during family time")
        assert r.status_code == 403 and "family time" in r.text
    r = await teacher.post(f"/meetings/{meeting_id}/items/{before.id}", {"text": "Changed", "version": "1"})
    assert r.status_code == 403
    assert (await chair.post(f"/meetings/{meeting_id}/items/{before.id}/remove")).status_code == 403
    board = await app.state.mr.boards.board(meeting_id)
    assert not any(i.text == "Sneaked in during family time" for i in board.items)
    assert (await plan_item(app, meeting_id, "Written before family time")).text == "Written before family time"
    assert (await chair.post(f"/meetings/{meeting_id}/family-time/end")).status_code == 200
    assert (await add_item(teacher, meeting_id, "Written after family time")).status_code == 200
