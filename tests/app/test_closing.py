"""Plan, decide, close, and the record (HTML, JSON, PDF), for each role."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from meeting_room.store.db import Database
from meeting_room.store.models import Meeting
from tests.app.test_scales import open_scale
from tests.helpers import Person, add_item, admit_and_enter, join

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "record.schema.json").read_text())


async def first_item(app, meeting_id, column):
    board = await app.state.mr.boards.board(meeting_id)
    return next(i for i in board.items if i.column == column)


async def a_decided_meeting(app, chair, mum, meeting_id):
    """Mum adds a next step and a worry; the chair plans, decides for Alex, writes down dissent."""
    await add_item(mum, meeting_id, "Mum will call the health visitor", column="next", section="steps")
    await add_item(mum, meeting_id, "Alex was hurt at the weekend", column="worries", section="harm")
    step = await first_item(app, meeting_id, "next")
    r = await chair.post(f"/meetings/{meeting_id}/items/{step.id}",
                         {"text": step.text, "version": str(step.version), "owner": "Dana (Mum)",
                          "due_on": "2026-12-14"})
    assert r.status_code == 200, r.text
    await chair.get(f"/meetings/{meeting_id}/decide")
    for path, form in [("decisions", {"child": "Alex", "plan": "yes", "category": "neglect",
                                      "reasons": "Alex is often left alone at night."}),
                       ("dissent", {"name": "Dana (Mum)", "words": "I do not agree. Alex is never alone."}),
                       ("next-meeting", {"date": "2027-03-01"})]:
        r = await chair.post(f"/meetings/{meeting_id}/{path}", form, htmx=False)
        assert r.status_code == 200 and 'role="alert"' not in r.text, r.text


async def test_a_next_step_says_who_and_by_when_on_every_view(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await a_decided_meeting(app, chair, mum, meeting_id)
    for person in (chair, mum):
        page = (await person.get(f"/meetings/{meeting_id}")).text
        assert "Who: Dana (Mum)" in page and "By: 14 Dec 2026" in page
    worry = await first_item(app, meeting_id, "worries")
    r = await chair.post(f"/meetings/{meeting_id}/items/{worry.id}", {"text": worry.text, "version": "1",
                                                                     "owner": "Someone", "due_on": ""})
    assert r.status_code == 400 and "Only next steps" in r.text


async def test_closing_refuses_every_change_for_everyone_and_ends_the_join_code(app, meeting):
    chair, mum, meeting_id, code = meeting
    teacher = Person.in_process(app)  # a professional, let in before the close
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    await a_decided_meeting(app, chair, mum, meeting_id)
    await open_scale(chair, meeting_id)
    scale = (await app.state.mr.boards.board(meeting_id)).current_scale
    page = await chair.get(f"/meetings/{meeting_id}/close")
    assert "Close the meeting?" in page.text and ">Close meeting</button>" in page.text
    r = await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    assert r.status_code == 303 and r.headers["location"] == f"/meetings/{meeting_id}/record"
    step = await first_item(app, meeting_id, "next")
    writes = [(f"/meetings/{meeting_id}/items", {"column": "worries", "section": "harm", "text": "Late"}),
              (f"/meetings/{meeting_id}/items/{step.id}", {"text": "Changed", "version": str(step.version)}),
              (f"/meetings/{meeting_id}/items/{step.id}/remove", {}),
              (f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": "5"}),
              (f"/meetings/{meeting_id}/decisions", {"child": "Alex", "plan": "no", "reasons": "Changed"}),
              (f"/meetings/{meeting_id}/joining", {"open": "1"}),
              (f"/meetings/{meeting_id}/close", {})]
    for person in (chair, mum, teacher):
        for url, form in writes:
            r = await person.post(url, form)
            assert r.status_code == 403, (url, r.status_code, r.text[:200])
    board = await app.state.mr.boards.board(meeting_id)
    assert sorted(i.text for i in board.items) == ["Alex was hurt at the weekend", "Mum will call the health visitor"]
    assert board.meeting.join_code is None and board.meeting.status == "closed"
    late = Person.in_process(app)
    r = await late.post(f"/join/{code}", {"name": "Late Comer", "connection": "mum"}, htmx=False, token=False)
    assert r.status_code == 404
    await late.close()
    # Every page of the meeting now shows the record.
    for person in (chair, mum, teacher):
        r = await person.get(f"/meetings/{meeting_id}", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].endswith("/record")
    await teacher.close()
    updates = await mum.get(f"/meetings/{meeting_id}/updates?since=0")
    assert "/record" in updates.text and "The meeting has closed" in updates.text


async def test_the_shared_screen_is_never_sent_to_the_chairs_record(app, meeting):
    """The screen is signed in as the chair, and the chair's record holds professionals-only words."""
    chair, mum, meeting_id, _ = meeting
    await a_decided_meeting(app, chair, mum, meeting_id)
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    screen = await chair.get(f"/meetings/{meeting_id}/screen")
    assert screen.status_code == 200 and "The meeting has closed" in screen.text
    assert "/record" not in screen.text and "Sign out" not in screen.text
    updates = await chair.get(f"/meetings/{meeting_id}/updates?since=0&view=screen")
    assert "The meeting has closed" in updates.text and "data-go-to" not in updates.text


async def test_the_record_holds_what_was_said_and_decided_for_the_people_of_the_meeting(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await a_decided_meeting(app, chair, mum, meeting_id)
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    for person in (chair, mum):
        page = (await person.get(f"/meetings/{meeting_id}/record")).text
        for words in ("Meeting record", "Who came", "Dana (Mum)", "Alex was hurt at the weekend",
                      "Who: Dana (Mum) · By: 14 December 2026", "A child protection plan, under neglect.",
                      "Alex is often left alone at night.", "I do not agree. Alex is never alone.",
                      "Next meeting", "1 March 2027"):
            assert words in page, words
    stranger = Person.in_process(app)
    assert (await stranger.get(f"/meetings/{meeting_id}/record")).status_code == 403
    assert (await stranger.get(f"/meetings/{meeting_id}/record.json")).status_code == 403
    await stranger.close()


async def test_the_json_export_follows_its_schema(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await a_decided_meeting(app, chair, mum, meeting_id)
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    r = await mum.get(f"/meetings/{meeting_id}/record.json")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    record = r.json()
    errors = [e.message for e in Draft202012Validator(SCHEMA).iter_errors(record)]
    assert errors == []
    assert record["meeting"]["closed"] and record["meeting"]["next_meeting_on"] == "2027-03-01"
    assert record["decisions"] == [{"child": "Alex", "child_protection_plan": True, "category": "Neglect",
                                    "reasons": "Alex is often left alone at night."}]
    steps = record["columns"][2]["items"]
    assert steps[0]["owner"] == "Dana (Mum)" and steps[0]["due_on"] == "2026-12-14"


async def test_the_pdf_holds_the_record(app, meeting):
    pypdf = pytest.importorskip("pypdf")
    chair, mum, meeting_id, _ = meeting
    await a_decided_meeting(app, chair, mum, meeting_id)
    for person in (mum, chair):
        r = await person.get(f"/meetings/{meeting_id}/record.pdf")
        assert r.status_code == 200, r.text[:300]
        assert r.headers["content-type"] == "application/pdf"
        text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(r.content)).pages)
        text = " ".join(text.split())
        for words in ("Meeting record", "Alex was hurt at the weekend", "Alex is often left alone at night."):
            assert words in text, words


async def test_the_chair_is_reminded_of_good_things_before_the_first_scale(app, meeting):
    chair, mum, meeting_id, _ = meeting
    form = (await chair.get(f"/meetings/{meeting_id}/scales/new")).text
    assert "not talked about what is working well yet" in form
    await add_item(mum, meeting_id, "Alex loves football", column="working", section="strengths")
    form = (await chair.get(f"/meetings/{meeting_id}/scales/new")).text
    assert "not talked about what is working well yet" not in form


async def test_purge_removes_exactly_the_old_closed_meetings(app, meeting, database_url):
    from meeting_room.domain.retention import purge
    chair, mum, meeting_id, _ = meeting
    await a_decided_meeting(app, chair, mum, meeting_id)
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    db = Database(database_url)
    try:
        assert await purge(db, 30) == []  # closed just now: kept
        from datetime import timedelta

        from meeting_room.store.models import now
        async with db.write() as c:
            await c.set(Meeting.__table__, meeting_id, closed_at=now() - timedelta(days=31))
        listed = await purge(db, 30, dry_run=True)
        assert [p.meeting_id for p in listed] == [meeting_id]
        assert await app.state.mr.boards.board(meeting_id) is not None  # a dry run deletes nothing
        assert [p.meeting_id for p in await purge(db, 30)] == [meeting_id]
        assert await app.state.mr.boards.board(meeting_id) is None
        async with db.read() as c:
            from sqlalchemy import text
            for table in ("item", "event", "participant", "decision", "dissent", "scale", "agreement"):
                left = (await c.execute(text(f"SELECT count(*) FROM {table} WHERE meeting_id = :m"),
                                        {"m": meeting_id})).scalar_one()
                assert left == 0, table
    finally:
        await db.dispose()
