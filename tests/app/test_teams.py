"""Teams (issue 26, point 4): staff and meetings belong to teams; a chair sees their own meetings
and their team's, a practice lead their team's; a chair of team A cannot open team B's meetings;
an administrator sees every account but no meeting content."""

from __future__ import annotations

import re

from tests.helpers import Person, add_item, new_meeting, signed_in_chair

PASSWORD = "a long enough password"
LINK = re.compile(r'/welcome\?token=([^"]+)"')


async def _team(admin: Person, name: str) -> str:
    await admin.get("/staff")
    r = await admin.post("/staff/teams", {"csrf_token": admin.csrf, "team_name": name}, htmx=False)
    assert r.status_code == 303, r.text
    page = await admin.get("/staff")
    return re.search(r'<option value="([^"]+)"[^>]*>' + re.escape(name) + "<", page.text).group(1)


async def _staff(app, admin: Person, name: str, email: str, team: str, *roles: str) -> Person:
    await admin.get("/staff")
    data = {"csrf_token": admin.csrf, "email": email, "team_id": team, **{f"role_{r}": "1" for r in roles}}
    r = await admin.post("/staff/invite", data, htmx=False)
    token = LINK.search(r.text).group(1)
    person = Person.in_process(app)
    r = await person.post("/welcome", {"token": token, "name": name, "password": PASSWORD}, htmx=False, token=False)
    assert r.status_code == 303
    await person.get("/meetings")
    return person


async def test_a_team_reads_its_meetings_and_no_other_team_does(app, database_url):
    admin = Person.in_process(app)
    await signed_in_chair(admin, database_url)
    a, b = await _team(admin, "North team"), await _team(admin, "South team")
    amy = await _staff(app, admin, "Amy Chair", "amy@example.org", a, "chair")
    ali = await _staff(app, admin, "Ali Chair", "ali@example.org", a, "chair")
    lee = await _staff(app, admin, "Lee Lead", "lee@example.org", a, "lead")
    bob = await _staff(app, admin, "Bob Chair", "bob@example.org", b, "chair")
    ada = await _staff(app, admin, "Ada Admin", "ada@example.org", a, "admin")  # in team A, but only an administrator
    meeting_id, _ = await new_meeting(amy, title="Review for Jo")
    assert (await add_item(amy, meeting_id, "Jo was hurt at home")).status_code == 200
    record = f"/meetings/{meeting_id}/record"

    for reader in (ali, lee):  # the team's chair and practice lead: listed, and the record opens
        dashboard = await reader.get("/meetings")
        assert "Your team's meetings" in dashboard.text and "Review for Jo" in dashboard.text
        page = await reader.get(record)
        assert page.status_code == 200 and "Jo was hurt at home" in page.text
    for outsider in (bob, ada, admin):  # another team's chair; administrators (one in the same team)
        assert "Review for Jo" not in (await outsider.get("/meetings")).text
        page = await outsider.get(record)
        assert page.status_code == 403 and "Jo was hurt at home" not in page.text
        for url in (f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/history", f"/meetings/{meeting_id}/record.json",
                    f"/meetings/{meeting_id}/screen", f"/meetings/{meeting_id}/updates?since=0"):
            assert "Jo was hurt at home" not in (await outsider.get(url)).text, url
    # Reading is all a team may do.
    r = await ali.post(f"/meetings/{meeting_id}/items", {"csrf_token": ali.csrf, "column": "worries",
                                                          "section": "harm", "text": "Not mine to add"})
    assert r.status_code == 403
    assert "Not mine to add" not in (await amy.get(record)).text
    for p in (admin, amy, ali, lee, bob, ada):
        await p.close()


def _card(page: str, name: str) -> str:
    """The account id of the card whose roles form is for `name`."""
    return re.search(r'action="/staff/([^/"]+)/roles"[^<]*<input[^>]*>\s*<fieldset>\s*<legend>Roles of '
                     + re.escape(name) + "<", page).group(1)


async def test_an_administrator_moves_someone_to_a_team_and_changes_their_roles(app, database_url):
    admin = Person.in_process(app)
    await signed_in_chair(admin, database_url)
    a = await _team(admin, "North team")
    pat = await _staff(app, admin, "Pat Chair", "pat@example.org", "", "chair")
    amy = await _staff(app, admin, "Amy Chair", "amy@example.org", a, "chair")
    meeting_id, _ = await new_meeting(amy)
    assert (await pat.get(f"/meetings/{meeting_id}/record")).status_code == 403
    page = await admin.get("/staff")
    pat_id, own = _card(page.text, "Pat Chair"), _card(page.text, "Chris Chair")
    r = await admin.post(f"/staff/{pat_id}/roles", {"csrf_token": admin.csrf, "role_lead": "1", "team_id": a},
                         htmx=False)
    assert r.status_code == 303
    assert (await pat.get(f"/meetings/{meeting_id}/record")).status_code == 200
    assert (await pat.get("/meetings/new")).status_code == 403  # no longer a chair
    r = await admin.post(f"/staff/{own}/roles", {"csrf_token": admin.csrf, "role_chair": "1"}, htmx=False)
    assert r.status_code == 400 and "own administrator role" in r.text
    for p in (admin, pat, amy):
        await p.close()
