"""A co-chair (issue 24, point 7): the chair makes a signed-in staff member of the meeting
co-chair; the co-chair may make every change of the chair's on the board, route by route, except
closing the meeting and changing who is co-chair; without their staff sign-in, or once the chair
stops it, they are a professional again."""

from __future__ import annotations

from tests.helpers import Person, admit_and_enter, join, participant_id, signed_in_chair
from tests.security.crawl import CHAIR_POSTS, posts

M = "/meetings/{meeting_id}"
LEAD_ONLY = {f"{M}/close"}
REFUSED = "Only the chair"


async def co_chair_of(app, chair, ids, code, database_url):
    staff = Person.in_process(app)
    await signed_in_chair(staff, database_url, email="minutes@example.org", name="Jo Minutes")
    await join(staff, code, "Jo", "professional", "Children's services")
    await admit_and_enter(chair, staff, ids["meeting_id"], "Jo")
    return staff, await participant_id(staff, ids["meeting_id"])


async def test_a_co_chair_runs_the_board_but_does_not_close_it_or_name_co_chairs(app, busy_meeting, database_url):
    chair, mum, ids, code = busy_meeting
    meeting_id = ids["meeting_id"]
    staff, jo = await co_chair_of(app, chair, ids, code, database_url)
    teacher = Person.in_process(app)
    await join(teacher, code, "Ms Patel", "professional", "school")  # not signed in to a staff account
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    patel = await participant_id(teacher, meeting_id)
    await chair.get(f"/meetings/{meeting_id}")
    assert "Make Jo co-chair" in (await chair.get(f"/meetings/{meeting_id}")).text
    assert (await chair.post(f"{'/meetings/' + meeting_id}/people/{patel}/co-chair")).status_code == 400
    assert (await chair.post(f"/meetings/{meeting_id}/people/{ids['mum_id']}/co-chair")).status_code == 400
    for who in (mum, staff, teacher):
        assert (await who.post(f"/meetings/{meeting_id}/people/{jo}/co-chair")).status_code == 403
    # Before: Jo is a professional, refused every change of the chair's.
    r = await staff.post(f"/meetings/{meeting_id}/joining", {"open": "0"})
    assert r.status_code == 403 and REFUSED in r.text
    assert (await chair.post(f"/meetings/{meeting_id}/people/{jo}/co-chair")).status_code in (200, 204)
    assert "Jo" in (await chair.get(f"/meetings/{meeting_id}/history")).text

    await staff.get(f"/meetings/{meeting_id}")  # the chair's board, and its form token
    # Route by route: every change of the chair's is open to the co-chair, except closing.
    for template, url, form in posts(ids, CHAIR_POSTS - LEAD_ONLY):
        r = await staff.post(url, form)
        assert REFUSED not in r.text, (template, r.status_code, r.text[:120])
    for template, url, form in posts(ids, LEAD_ONLY):
        r = await staff.post(url, form)
        assert r.status_code == 403 and REFUSED in r.text, (template, r.status_code)
    assert (await staff.get(f"/meetings/{meeting_id}/close")).status_code == 403
    assert (await app.state.mr.boards.board(meeting_id)).meeting.status == "open"
    # Nor may a co-chair change who is co-chair.
    for url in (f"/meetings/{meeting_id}/people/{jo}/not-co-chair", f"/meetings/{meeting_id}/people/{patel}/co-chair"):
        r = await staff.post(url)
        assert r.status_code == 403 and REFUSED in r.text

    # Without the staff sign-in, the same participant cookie is a professional's only.
    alone = Person.in_process(app)
    alone.client.cookies.set("mr_p", staff.client.cookies.get("mr_p"), path=f"/meetings/{meeting_id}")
    await alone.get(f"/meetings/{meeting_id}")
    r = await alone.post(f"/meetings/{meeting_id}/joining", {"open": "1"})
    assert r.status_code == 403 and REFUSED in r.text
    # The chair stops it: Jo is refused again.
    assert (await chair.post(f"/meetings/{meeting_id}/people/{jo}/not-co-chair")).status_code in (200, 204)
    r = await staff.post(f"/meetings/{meeting_id}/joining", {"open": "1"})
    assert r.status_code == 403 and REFUSED in r.text
    for person in (staff, teacher, alone):
        await person.close()


async def test_a_co_chair_can_still_admit_people_when_the_chair_is_away(app, busy_meeting, database_url):
    chair, mum, ids, code = busy_meeting
    staff, jo = await co_chair_of(app, chair, ids, code, database_url)
    await chair.get(f"/meetings/{ids['meeting_id']}")
    await chair.post(f"/meetings/{ids['meeting_id']}/people/{jo}/co-chair")
    await chair.client.aclose()  # the chair's laptop drops
    page = (await staff.get(f"/meetings/{ids['meeting_id']}")).text
    assert "Admit Vic" in page
    r = await staff.post(f"/meetings/{ids['meeting_id']}/people/{ids['participant_id']}/admit")
    assert r.status_code in (200, 204), r.text
    board = await app.state.mr.boards.board(ids["meeting_id"])
    assert board.participant(ids["participant_id"]).status == "admitted"
    await staff.close()
