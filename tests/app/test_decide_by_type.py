"""Issue 23, point 2: the decide page's questions follow the meeting type, and a conference that
makes a plan records its lead practitioner, core group and dates, proposed from the rules."""

from __future__ import annotations

from jsonschema import Draft202012Validator

from tests.app.test_closing import SCHEMA
from tests.app.test_decide_one_form import form_of
from tests.helpers import CODE, MEETING, Person, admit_and_enter, join, signed_in_chair


async def a_meeting(chair: Person, mum: Person, kind: str, held_on: str) -> str:
    await chair.get("/meetings/new")
    r = await chair.post("/meetings", {"csrf_token": chair.csrf, "title": f"A {kind} for Alex", "family_name": "Example",
                                       "children": "Alex", "kind": kind, "held_on": held_on}, htmx=False)
    assert r.status_code == 303, r.text
    meeting_id = MEETING.search(r.headers["location"]).group(1)
    code = CODE.search((await chair.get(f"/meetings/{meeting_id}")).text).group(1).replace("-", "")
    await join(mum, code, "Dana", "mum")
    await admit_and_enter(chair, mum, meeting_id, "Dana")
    return meeting_id


async def people(app, database_url):
    chair, mum = Person.in_process(app), Person.in_process(app)
    await signed_in_chair(chair, database_url)
    return chair, mum


async def test_an_initial_conference_proposes_its_dates_and_records_who_and_when(app, database_url):
    chair, mum = await people(app, database_url)
    meeting_id = await a_meeting(chair, mum, "initial", "2026-12-21")
    page = (await chair.get(f"/meetings/{meeting_id}/decide")).text
    assert "Does Alex need a child protection plan?" in page
    assert "By Thursday 7 January 2027: within 10 working days" in page  # Christmas and New Year not counted
    assert "By Friday 19 March 2027: within 3 months" in page  # 21 March 2027 is a Sunday
    form = form_of(page)
    assert form["first_core_group_on"] == "2027-01-07" and form["review_on"] == "2027-03-19"
    form.update({"plan-1": "yes", "category-1": "neglect", "reasons-1": "Alex is alone at night.",
                 "lead_name": "Sam Okafor", "lead_agency": "Children's services",
                 "core_group_others": "Ms Patel, school", "first_core_group_on": "2027-01-12"})
    form["core_group_people"] = ["Dana (Mum)"]
    r = await chair.post(f"/meetings/{meeting_id}/decide", form, htmx=False, follow_redirects=True)
    assert r.status_code == 200 and "Everything on this page is saved." in r.text, r.text
    assert "This is later than 10 working days after this meeting." in r.text
    assert "later than 3 months" not in r.text
    shown = form_of(r.text)
    assert shown["core_group_people"] == "Dana (Mum)" and shown["core_group_others"] == "Ms Patel, school"
    assert shown["first_core_group_on"] == "2027-01-12" and shown["lead_name"] == "Sam Okafor"
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    record = (await mum.get(f"/meetings/{meeting_id}/record")).text
    for words in ("Sam Okafor (Children&#39;s services)", "Dana (Mum), Ms Patel, school", "12 January 2027",
                  "19 March 2027", "A child protection plan, under neglect."):
        assert words in record, words
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "set the plan&#39;s lead practitioner, core group and dates" in history
    data = (await chair.get(f"/meetings/{meeting_id}/record.json")).json()
    Draft202012Validator(SCHEMA).validate(data)
    assert data["plan"] == {"lead_practitioner": "Sam Okafor", "lead_agency": "Children's services",
                            "core_group": ["Dana (Mum)", "Ms Patel, school"], "first_core_group_on": "2027-01-12",
                            "review_on": "2027-03-19"}
    await chair.close()
    await mum.close()


async def test_a_core_group_is_asked_whether_the_plan_works_not_whether_a_plan_is_needed(app, database_url):
    chair, mum = await people(app, database_url)
    meeting_id = await a_meeting(chair, mum, "core_group", "2027-01-12")
    page = (await chair.get(f"/meetings/{meeting_id}/decide")).text
    assert "need a child protection plan" not in page and "Lead practitioner" not in page
    assert "Is Alex's plan working?" in page and "What needs to change, for Alex" in page
    form = {**form_of(page), "changes-1": "More help at bedtime."}
    r = await chair.post(f"/meetings/{meeting_id}/decide", form, htmx=False, follow_redirects=True)
    assert r.status_code == 400 and "Please say whether Alex&#39;s plan is working." in r.text
    assert form_of(r.text)["changes-1"] == "More help at bedtime."
    r = await chair.post(f"/meetings/{meeting_id}/decide", {**form, "working-1": "partly"}, htmx=False, follow_redirects=True)
    assert r.status_code == 200, r.text
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    record = (await chair.get(f"/meetings/{meeting_id}/record")).text
    assert "Is the plan working? Partly." in record and "What needs to change: More help at bedtime." in record
    assert "No child protection plan" not in record
    data = (await chair.get(f"/meetings/{meeting_id}/record.json")).json()
    Draft202012Validator(SCHEMA).validate(data)
    assert data["decisions"][0]["answer"] == "partly" and "plan" not in data
    await chair.close()
    await mum.close()


async def test_another_meeting_writes_down_what_was_decided(app, database_url):
    chair, mum = await people(app, database_url)
    meeting_id = await a_meeting(chair, mum, "other", "2027-01-12")
    page = (await chair.get(f"/meetings/{meeting_id}/decide")).text
    assert "need a child protection plan" not in page and "plan working" not in page
    form = {**form_of(page), "outcome-1": "Grandad will have Alex on Fridays."}
    assert (await chair.post(f"/meetings/{meeting_id}/decide", form, htmx=False, follow_redirects=True)).status_code == 200
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    record = (await chair.get(f"/meetings/{meeting_id}/record")).text
    assert "Grandad will have Alex on Fridays." in record and "No child protection plan" not in record
    await chair.close()
    await mum.close()
