"""Issue 23, point 1: meeting types, with their own agendas; meetings without a family are made
without one (no family name, no join code, children by initials only); a family network meeting
asks whether the family's plan is agreed."""

from __future__ import annotations

import html

from meeting_room.core.agendas import AGENDAS
from meeting_room.core.vocabulary import MEETING_KIND_LABELS
from tests.app.test_decide_one_form import form_of
from tests.helpers import MEETING, Person, signed_in_chair


async def create(chair, kind, family_name="", children=""):
    await chair.get("/meetings/new")
    return await chair.post("/meetings", {"csrf_token": chair.csrf, "title": f"A {kind}", "family_name": family_name,
                                          "children": children, "kind": kind, "held_on": "2027-01-12"}, htmx=False)


async def test_every_type_has_an_agenda_and_the_types_without_a_family_have_none(app, database_url):
    assert set(AGENDAS) == set(MEETING_KIND_LABELS)
    chair = Person.in_process(app)
    await signed_in_chair(chair, database_url)
    assert "Planning a service (no family)" in (await chair.get("/meetings/new")).text
    for kind in ("case_mapping", "service_planning"):
        r = await create(chair, kind, children="J.S., AB")
        assert r.status_code == 303, r.text
        meeting_id = MEETING.search(r.headers["location"]).group(1)
        board = await app.state.mr.boards.board(meeting_id)
        assert board.case.family_name == "" and board.case.children == "J.S., AB"
        assert board.meeting.join_code is None and not board.meeting.joining_open
        assert board.meeting.agenda.split("\n") == list(AGENDAS[kind])
        page = html.unescape((await chair.get(f"/meetings/{meeting_id}")).text)
        assert f"Next: {AGENDAS[kind][1]}" in page and 'class="join-code"' not in page
        r = await create(chair, kind, family_name="Smith", children="Jayden")
        assert r.status_code == 400 and "initials only" in html.unescape(r.text)
    await chair.close()


async def test_a_family_network_meeting_asks_whether_the_family_s_plan_is_agreed(app, database_url):
    chair = Person.in_process(app)
    await signed_in_chair(chair, database_url)
    r = await create(chair, "family_network", "Example", "Alex")
    meeting_id = MEETING.search(r.headers["location"]).group(1)
    page = html.unescape((await chair.get(f"/meetings/{meeting_id}/decide")).text)
    assert "Is the family's plan for Alex agreed?" in page and "need a child protection plan" not in page
    form = {**form_of(page), "working-1": "yes", "changes-1": "Who collects Alex on Fridays."}
    assert (await chair.post(f"/meetings/{meeting_id}/decide", form, htmx=False, follow_redirects=True)).status_code == 200
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    record = html.unescape((await chair.get(f"/meetings/{meeting_id}/record")).text)
    assert "Is the family's plan agreed? Yes." in record and "What still needs to be agreed: Who collects" in record
    await chair.close()
