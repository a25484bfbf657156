"""Practice reporting (issue 26, point 5): the figures of a fixed set of meetings, computed and
shown for the team's practice lead (numbers asserted), with no child's or family member's name
on the page or in the CSV; nobody but a practice lead may see it."""

from __future__ import annotations

import html
import re

from tests.app.test_teams import _staff, _team
from tests.helpers import (
    MEETING,
    Person,
    add_item,
    admit_and_enter,
    join,
    signed_in_chair,
)

QUESTION = "How safe are the children now, from 0 to 10?"


async def _meeting(app, chair: Person, kind: str, day: str, case_id: str = "") -> str:
    await chair.get("/meetings/new")
    form = {"csrf_token": chair.csrf, "title": f"{kind} meeting", "family_name": "Example", "children": "Alex",
            "kind": kind, "held_on": day, "detailed": "1", "case_id": case_id}
    r = await chair.post("/meetings", form, htmx=False)
    assert r.status_code == 303, r.text
    meeting_id = MEETING.search(r.headers["location"]).group(1)
    await chair.get(f"/meetings/{meeting_id}")
    return meeting_id


async def _scale(app, chair: Person, meeting_id: str, answers: list[tuple[Person, str]]) -> None:
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": QUESTION, "ten": "Safe enough", "zero": "Not safe"})
    assert r.status_code == 200, r.text
    scale = (await app.state.mr.boards.board(meeting_id)).current_scale
    for person, value in answers:
        assert (await person.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": value})).status_code == 200
    assert (await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")).status_code in (200, 204)


async def _step(app, chair: Person, meeting_id: str, text: str, owner: str, due: str) -> None:
    assert (await add_item(chair, meeting_id, text, column="next", section="steps")).status_code == 200
    step = next(i for i in (await app.state.mr.boards.board(meeting_id)).items if i.text == text)
    r = await chair.post(f"/meetings/{meeting_id}/items/{step.id}", {"text": text, "version": str(step.version),
                                                                      "owner": owner, "due_on": due})
    assert r.status_code == 200, r.text


async def test_a_practice_lead_sees_the_figures_of_the_team_s_closed_meetings(app, database_url):
    admin = Person.in_process(app)
    await signed_in_chair(admin, database_url)
    north, south = await _team(admin, "North team"), await _team(admin, "South team")
    chair = await _staff(app, admin, "Amy Chair", "amy@example.org", north, "chair")
    lead = await _staff(app, admin, "Lee Lead", "lee@example.org", north, "lead")
    other = await _staff(app, admin, "Sol Lead", "sol@example.org", south, "lead")

    first = await _meeting(app, chair, "review", "2026-11-02")
    case_id = (await app.state.mr.boards.board(first)).meeting.case_id
    mum = Person.in_process(app)
    code = re.search(r'class="join-code">([A-Z0-9-]+)<', (await chair.get(f"/meetings/{first}")).text).group(1)
    await join(mum, code.replace("-", ""), "Dana", "mum")
    await admit_and_enter(chair, mum, first, "Dana")
    assert (await add_item(mum, first, "Dana walks Alex to school", column="working", section="strengths")).status_code == 200
    assert (await add_item(chair, first, "Alex could be hurt again", column="worries", section="danger")).status_code == 200
    await _step(app, chair, first, "Visit on Friday", "Ms Patel", "2026-11-20")
    await _scale(app, chair, first, [(mum, "3"), (chair, "5")])
    r = await chair.post(f"/meetings/{first}/dissent", {"csrf_token": chair.csrf, "name": "Dana (Mum)",
                                                       "words": "I do not agree"}, htmx=False)
    assert r.status_code == 200
    assert (await chair.post(f"/meetings/{first}/close", htmx=False)).status_code in (200, 303)

    second = await _meeting(app, chair, "initial", "2026-11-23", case_id=case_id)
    await _step(app, chair, second, "Someone will call", "", "")
    await _scale(app, chair, second, [(chair, "8")])
    assert (await chair.post(f"/meetings/{second}/close", htmx=False)).status_code in (200, 303)
    await _meeting(app, chair, "review", "2026-11-24")  # still open: not counted

    page = await lead.get("/practice?from=2026-11-01&to=2026-11-30")
    assert page.status_code == 200
    text = " ".join(html.unescape(page.text).split())
    for words in ("Meetings held: 2", "“What's working well?” filled in: 1 of 2", "With danger statements: 1 of 2",
                  "Every next step says who and by when: 1 of 2", "Disagreement with the decision recorded: 1 of 2",
                  "The family took part: 1 of 2", "With the child's own words: 0 of 2",
                  "middle +4, from +4 to +4", "<td>4</td><td>8</td><td>+4</td>"):
        assert words in text, words
    csv = (await lead.get("/practice.csv?from=2026-11-01&to=2026-11-30")).text
    assert "The family took part,1,2" in csv and f"{case_id}" in csv and "scale movement,4,8" in csv
    for name in ("Dana", "Alex", "Example", "Patel"):  # no child's or family member's name (nor a worker's)
        assert name not in page.text and name not in csv, name
    assert "Meetings held: 0" in " ".join((await lead.get("/practice?from=2026-12-01&to=2026-12-31")).text.split())
    assert "Meetings held: 0" in " ".join((await other.get("/practice?from=2026-11-01&to=2026-11-30")).text.split())
    assert (await lead.get("/practice?from=2026-11-30&to=2026-11-01")).status_code == 400
    assert (await lead.get("/practice?from=yesterday")).status_code == 400
    for person in (chair, admin, mum):
        assert (await person.get("/practice")).status_code == 403
        assert (await person.get("/practice.csv")).status_code == 403
    for p in (admin, chair, lead, other, mum):
        await p.close()


async def test_how_listened_to_people_felt_counts_only_meetings_with_three_answers(app, database_url):
    admin = Person.in_process(app)
    await signed_in_chair(admin, database_url)
    north = await _team(admin, "North team")
    chair = await _staff(app, admin, "Amy Chair", "amy@example.org", north, "chair")
    lead = await _staff(app, admin, "Lee Lead", "lee@example.org", north, "lead")
    answered = {}
    for day, values in (("2026-11-02", ["4", "6", "9"]), ("2026-11-09", ["1", "2"])):
        meeting_id = await _meeting(app, chair, "review", day)
        code = re.search(r'class="join-code">([A-Z0-9-]+)<', (await chair.get(f"/meetings/{meeting_id}")).text).group(1)
        people = [chair]
        for name in ("Dana", "Lee")[:len(values) - 1]:
            person = Person.in_process(app)
            await join(person, code.replace("-", ""), name, "mum")
            await admit_and_enter(chair, person, meeting_id, name)
            people.append(person)
        assert (await chair.post(f"/meetings/{meeting_id}/close", htmx=False)).status_code in (200, 303)
        for person, value in zip(people, values):
            r = await person.post(f"/meetings/{meeting_id}/feedback", {"listened": value})
            assert r.status_code == 200, r.text
        answered[meeting_id] = people
    text = " ".join(html.unescape((await lead.get("/practice?from=2026-11-01&to=2026-11-30")).text).split())
    # The second meeting had two answers: they could be told apart, so they do not count.
    assert "middle answer 6, from 4 to 9 (3 answers at 1 meeting)" in re.sub(r"<[^>]+>", "", text)
    csv = (await lead.get("/practice.csv?from=2026-11-01&to=2026-11-30")).text
    assert '"felt listened to (middle answer, 0-10)",6,1' in csv
    for people in answered.values():
        for person in people:
            await person.close()
    for p in (admin, lead):
        await p.close()
