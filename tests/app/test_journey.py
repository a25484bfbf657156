"""The main journeys, in-process: set-up, prepare, join, admit, co-edit."""

from __future__ import annotations

import re

import pytest

from meeting_room.core.vocabulary import MEETING_KIND_LABELS
from meeting_room.domain import accounts
from tests.helpers import (
    Person,
    add_item,
    admit_and_enter,
    join,
    new_meeting,
    signed_in_chair,
)


@pytest.fixture
async def chair(app, database_url):
    person = Person.in_process(app)
    await signed_in_chair(person, database_url)
    yield person
    await person.close()


@pytest.fixture
async def phone(app):
    person = Person.in_process(app)
    yield person
    await person.close()


async def test_first_run_setup_creates_the_first_chair(app):
    state = app.state.mr
    token = await accounts.new_setup_token(state.db)
    visitor = Person.in_process(app)
    page = await visitor.get(f"/setup?token={token}")
    assert page.status_code == 200 and "Create account" in page.text
    r = await visitor.post("/setup", {"token": token, "name": "Ann Chair", "email": "ann@example.org",
                                      "password": "correct horse battery"}, htmx=False, token=False)
    assert r.status_code == 303 and r.headers["location"] == "/meetings"
    dashboard = await visitor.get("/meetings")
    assert "New meeting" in dashboard.text
    # The link is used up, and no second set-up token is made once a chair exists.
    again = await visitor.get(f"/setup?token={token}")
    assert again.status_code == 404
    assert await accounts.new_setup_token(state.db) is None
    await visitor.close()


async def test_setup_refuses_a_wrong_token(app):
    await accounts.new_setup_token(app.state.mr.db)
    visitor = Person.in_process(app)
    r = await visitor.post("/setup", {"token": "nope", "name": "X", "email": "x@example.org",
                                      "password": "correct horse battery"}, htmx=False, token=False)
    assert r.status_code == 403
    assert await accounts.chair_count(app.state.mr.db) == 0
    await visitor.close()


async def test_chair_prepares_a_meeting_and_a_phone_joins_and_adds_an_item(chair, phone):
    meeting_id, code = await new_meeting(chair)
    board = await chair.get(f"/meetings/{meeting_id}")
    for heading in ("What are we worried about?", "What&#39;s working well?", "What needs to happen?"):
        assert heading in board.text
    assert "Join code" in board.text and 'alt="QR code to join"' in board.text

    await join(phone, code, "Dana", "mum")
    lobby = await phone.get(f"/meetings/{meeting_id}")
    assert "waiting for the chair" in lobby.text
    assert f"You are joining the {MEETING_KIND_LABELS['review'].lower()} on Tuesday 1 December." in lobby.text
    assert "What are we worried about?" not in lobby.text  # the lobby sees no meeting content

    board = await chair.get(f"/meetings/{meeting_id}")
    assert "Admit Dana (Mum)" in board.text and "Turn away Dana (Mum)" in board.text

    await admit_and_enter(chair, phone, meeting_id, "Dana")
    r = await add_item(phone, meeting_id, "Dad shouts at night")
    assert r.status_code == 200 and "Saved" in r.text
    board = await chair.get(f"/meetings/{meeting_id}")
    assert "Dad shouts at night" in board.text
    assert "Dana (Mum)" in board.text
    assert "Remove Dana (Mum)" in board.text


async def test_code_works_in_any_case_with_spaces(chair, phone):
    meeting_id, code = await new_meeting(chair)
    r = await phone.get(f"/join?code={code[:4].lower()} {code[4:].lower()}")
    assert r.status_code == 303
    r = await phone.get(r.headers["location"])
    assert r.status_code == 200 and "Your connection to the child" in r.text


async def test_dashboard_lists_meetings_and_existing_families(chair):
    meeting_id, _ = await new_meeting(chair, title="First review")
    page = await chair.get("/meetings")
    assert "First review" in page.text and f"/meetings/{meeting_id}" in page.text
    form = await chair.get("/meetings/new")
    assert "Example" in form.text  # the family can be chosen again
    case_id = re.search(r'<option value="([^"]+)"[^>]*>Example', form.text).group(1)
    r = await chair.post("/meetings", {"csrf_token": chair.csrf, "title": "Second review", "case_id": case_id,
                                       "kind": "review", "held_on": "2027-01-05"}, htmx=False)
    assert r.status_code == 303
    page = await chair.get("/meetings")
    assert page.text.count("Example") >= 2


async def test_chair_adds_for_someone_without_a_phone(app, chair):
    meeting_id, _ = await new_meeting(chair)
    r = await add_item(chair, meeting_id, "I want to see the children at weekends", column="next",
                       section="goals", recorded_for="Grandad")
    assert r.status_code == 200
    page = await chair.get(f"/meetings/{meeting_id}")
    assert "Recorded by the chair for Grandad" in page.text


async def test_simple_mode_has_columns_without_sections(app, chair, phone):
    meeting_id, code = await new_meeting(chair, detailed=False)
    page = await chair.get(f"/meetings/{meeting_id}")
    assert "Danger statements" not in page.text and 'name="section"' not in page.text
    await join(phone, code, "Dana", "mum")
    await admit_and_enter(chair, phone, meeting_id, "Dana")
    r = await phone.post(f"/meetings/{meeting_id}/items", {"column": "working", "text": "Grandad helps"})
    assert r.status_code == 200
    board = await app.state.mr.boards.board(meeting_id)
    assert [(i.column, i.section) for i in board.items] == [("working", None)]


async def test_forms_work_without_javascript(app, chair, phone):
    meeting_id, code = await new_meeting(chair)
    await join(phone, code, "Dana", "mum")
    await admit_and_enter(chair, phone, meeting_id, "Dana")
    r = await phone.post(f"/meetings/{meeting_id}/items", {"csrf_token": phone.csrf, "column": "worries",
                                                             "section": "harm", "text": "Plain form"},
                         htmx=False, token=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/meetings/{meeting_id}")
    page = await phone.get(f"/meetings/{meeting_id}")
    assert "Plain form" in page.text
