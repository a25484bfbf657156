"""Inviting people before the meeting (issue 24, point 5): a personal link for one person and one
meeting, refused after withdrawal, after the close and for another meeting; a copied link on a
second device waits in the lobby, never straight in; "Admit all who were invited"; the record's
"Invited but did not come" and apologies; and who may use each route."""

from __future__ import annotations

import json
import re
from pathlib import Path

from jsonschema import Draft202012Validator

from tests.helpers import Person, admit_and_enter, join, new_meeting, participant_id, signed_in_chair

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "record.schema.json").read_text())
STOPPED = "This link no longer works. Please ask the chair for the join code."
LINK = re.compile(r'<p class="link-text">https?://[^/]+(/meetings/[^/]+/i/[A-Za-z0-9_-]+)</p>')


async def invite(chair: Person, meeting_id: str, name: str, connection: str = "professional",
                 agency: str = "school", email: str = "") -> tuple[str, str]:
    """Invite someone as the chair; returns (invitation id, the link's path)."""
    await chair.get(f"/meetings/{meeting_id}/invite")
    r = await chair.post(f"/meetings/{meeting_id}/invite", {"name": name, "connection": connection, "agency": agency,
                                                           "email": email}, htmx=False)
    assert r.status_code == 303, r.text
    page = (await chair.get(f"/meetings/{meeting_id}/invite")).text
    block = page[page.rindex(f"<strong>{name}"):]
    found = LINK.search(block)
    invitation_id = re.findall(r'id="invitation-([^"]+)"', page[:page.rindex(f"<strong>{name}")])[-1]
    return invitation_id, found.group(1)


async def open_link(person: Person, path: str):
    page = await person.get(path)
    r = await person.post(path, htmx=False, token=False)
    return page, r


async def people(app, meeting_id: str):
    return (await app.state.mr.boards.board(meeting_id)).participants


async def test_an_invited_person_skips_the_code_waits_marked_and_is_admitted_with_one_press(app, meeting):
    chair, _, meeting_id, _ = meeting
    for page in ("/meetings", f"/meetings/{meeting_id}"):  # the meetings list and the chair's board link to it
        assert f'href="/meetings/{meeting_id}/invite"' in (await chair.get(page)).text
    invitation_id, path = await invite(chair, meeting_id, "Lee Walker", email="lee@school.example")
    page = (await chair.get(f"/meetings/{meeting_id}/invite")).text
    assert "Not come yet" in page and "mailto:lee@school.example?" in page and path in page
    assert len(path.rsplit("/", 1)[1]) >= 22  # at least 128 bits
    phone = Person.in_process(app)
    landing, r = await open_link(phone, path)
    assert landing.status_code == 200 and "Hello, Lee Walker" in landing.text and "join code" in landing.text
    assert r.status_code == 303 and r.headers["location"] == f"/meetings/{meeting_id}"
    lobby = (await phone.get(f"/meetings/{meeting_id}")).text
    assert "Hello, Lee Walker" in lobby and "waiting for the chair" in lobby
    board = (await chair.get(f"/meetings/{meeting_id}")).text
    assert '<span class="tag">Invited</span>' in board and "Admit all who were invited (1)" in board
    assert "Waiting to be let in" in (await chair.get(f"/meetings/{meeting_id}/invite")).text
    # The same link again on the same device: back to their own session, nothing new.
    _, again = await open_link(phone, path)
    assert again.status_code == 303 and len(await people(app, meeting_id)) == 3
    assert (await chair.post(f"/meetings/{meeting_id}/invite/admit-all")).status_code == 204
    r = await phone.post(f"/meetings/{meeting_id}/enter")
    assert r.status_code == 200 and "What are we worried about?" in r.text
    lee = next(p for p in await people(app, meeting_id) if p.name == "Lee Walker")
    assert (lee.role, lee.agency, lee.status, lee.invited) == ("professional", "school", "admitted", "invited")
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    for words in ("invited Lee Walker, with a personal link", "opened their invitation link",
                  "admitted all who were invited (1 let in now, 0 to come straight in"):
        assert words in history
    # A link never makes its person the chair, nor shows them the chair's pages.
    assert (await phone.get(f"/meetings/{meeting_id}/invite")).status_code == 403
    await phone.close()


async def test_a_copied_link_on_a_second_device_goes_to_the_lobby_not_straight_in(app, meeting):
    chair, _, meeting_id, _ = meeting
    _, path = await invite(chair, meeting_id, "Lee Walker")
    await chair.get(f"/meetings/{meeting_id}")
    assert (await chair.post(f"/meetings/{meeting_id}/invite/admit-all")).status_code == 204  # ahead of arrival
    assert "Let in ahead: not come yet" in (await chair.get(f"/meetings/{meeting_id}/invite")).text
    first, second = Person.in_process(app), Person.in_process(app)
    await open_link(first, path)
    assert "The chair has let you in" in (await first.get(f"/meetings/{meeting_id}")).text
    r = await first.post(f"/meetings/{meeting_id}/enter")
    assert r.status_code == 200 and "What are we worried about?" in r.text  # straight in
    _, r = await open_link(second, path)
    assert r.status_code == 303
    assert "waiting for the chair" in (await second.get(f"/meetings/{meeting_id}")).text
    assert (await second.post(f"/meetings/{meeting_id}/enter")).status_code == 403
    board = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "Opened Lee Walker's link on a second device" in board
    assert "Admit all who were invited" not in board  # a second device is never admitted with the invited
    await chair.post(f"/meetings/{meeting_id}/invite/admit-all")
    copies = [p for p in await people(app, meeting_id) if p.invited == "second_device"]
    assert [p.status for p in copies] == ["waiting"]
    assert "opened an invitation link on a second device" in (await chair.get(f"/meetings/{meeting_id}/history")).text
    for person in (first, second):
        await person.close()


async def _refused(app, person: Person, path: str, meeting_id: str) -> None:
    before = len(await people(app, meeting_id))
    page, r = await open_link(person, path)
    for response in (page, r):
        assert response.status_code == 404 and STOPPED in response.text
        assert "mr_p" not in response.headers.get("set-cookie", "")
    assert len(await people(app, meeting_id)) == before


async def test_a_link_is_refused_for_another_meeting_after_withdrawal_and_after_the_close(app, meeting):
    chair, mum, meeting_id, _ = meeting
    other_id, _ = await new_meeting(chair, title="Another family's meeting")
    lee_id, lee_path = await invite(chair, meeting_id, "Lee Walker")
    sam_id, sam_path = await invite(chair, meeting_id, "Sam Dad", connection="dad", agency="")
    stranger = Person.in_process(app)
    await _refused(app, stranger, lee_path.replace(meeting_id, other_id), other_id)  # one meeting only
    await _refused(app, stranger, lee_path[:-3] + "AAA", meeting_id)                 # unknown
    # Lee comes in; then the chair withdraws both invitations.
    phone = Person.in_process(app)
    await open_link(phone, lee_path)
    await admit_and_enter(chair, phone, meeting_id, "Lee Walker")
    for invitation_id in (lee_id, sam_id):
        r = await chair.post(f"/meetings/{meeting_id}/invite/{invitation_id}/withdraw", htmx=False)
        assert r.status_code == 303
    page = (await chair.get(f"/meetings/{meeting_id}/invite")).text
    assert page.count("Withdrawn") == 2 and "does not remove someone who is already in" in page
    await _refused(app, Person.in_process(app), sam_path, meeting_id)
    await _refused(app, Person.in_process(app), lee_path, meeting_id)
    assert "What are we worried about?" in (await phone.get(f"/meetings/{meeting_id}")).text  # Lee stays in
    assert "withdrew the invitation of Sam Dad" in (await chair.get(f"/meetings/{meeting_id}/history")).text
    # After the close, no link works.
    _, pat_path = await invite(chair, meeting_id, "Pat Nurse", agency="health visiting")
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    await _refused(app, Person.in_process(app), pat_path, meeting_id)
    for person in (stranger, phone):
        await person.close()


async def test_invited_people_who_did_not_come_are_in_the_record_and_apologies_can_be_ticked(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await invite(chair, meeting_id, "Pat Nurse", agency="health visiting")
    sam_id, _ = await invite(chair, meeting_id, "Sam Dad", connection="dad", agency="")
    withdrawn_id, _ = await invite(chair, meeting_id, "Kim Gone", connection="friend", agency="")
    _, dana_path = await invite(chair, meeting_id, "Dana", connection="mum", agency="")  # came with the code instead
    await chair.post(f"/meetings/{meeting_id}/invite/{withdrawn_id}/withdraw", htmx=False)
    r = await chair.post(f"/meetings/{meeting_id}/invite/{sam_id}/apologies", htmx=False)
    assert r.status_code == 303
    page = (await chair.get(f"/meetings/{meeting_id}/invite")).text
    assert 'aria-pressed="true"' in page and f"/invite/{sam_id}/no-apologies" in page
    await chair.post(f"/meetings/{meeting_id}/invite/{sam_id}/no-apologies", htmx=False)
    assert (await app.state.mr.boards.meeting(meeting_id)).apologies == ""
    await chair.post(f"/meetings/{meeting_id}/invite/{sam_id}/apologies", htmx=False)
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    for person in (chair, mum):  # the full record and the family's copy say the same
        record = (await person.get(f"/meetings/{meeting_id}/record")).text
        absent = record[record.index("Invited but did not come"):]
        assert "Pat Nurse (health visiting)" in absent[:300] and "Sam Dad" not in absent[:300]
        assert "Kim Gone" not in record and "Sam Dad (Dad)" in record[record.index("Sent apologies"):]
        exported = (await person.get(f"/meetings/{meeting_id}/record.json")).json()
        Draft202012Validator(SCHEMA).validate(exported)
        assert [p["name"] for p in exported["invited_absent"]] == ["Pat Nurse"]
        assert exported["apologies"] == ["Sam Dad (Dad)"]
    pdf = await chair.get(f"/meetings/{meeting_id}/record.pdf")
    assert pdf.status_code == 200
    assert dana_path  # (Dana came, by the code: not absent)


async def test_only_the_chair_and_a_co_chair_may_use_the_invitation_pages(app, meeting, database_url):
    chair, mum, meeting_id, code = meeting
    invitation_id, _ = await invite(chair, meeting_id, "Lee Walker")
    staff = Person.in_process(app)
    await signed_in_chair(staff, database_url, email="minutes@example.org", name="Jo Minutes")
    await join(staff, code, "Jo", "professional", "Children's services")
    await admit_and_enter(chair, staff, meeting_id, "Jo")
    outsider = Person.in_process(app)
    base = f"/meetings/{meeting_id}/invite"
    posts = [(base, {"name": "Sneaky", "connection": "mum"}), (f"{base}/admit-all", {}),
             (f"{base}/{invitation_id}/withdraw", {}), (f"{base}/{invitation_id}/apologies", {})]
    for person in (mum, staff, outsider):  # a family member, a professional, nobody
        for url in (base, f"{base}/print"):
            assert (await person.get(url)).status_code == 403, url
        await person.get(f"/meetings/{meeting_id}")
        for url, form in posts:
            r = await person.post(url, form)
            assert r.status_code == 403, (url, r.status_code)
            assert person is outsider or "Only the chair" in r.text, url
    assert (await app.state.mr.boards.board(meeting_id)).meeting.apologies == ""
    jo = await participant_id(staff, meeting_id)
    await chair.get(f"/meetings/{meeting_id}")
    assert (await chair.post(f"/meetings/{meeting_id}/people/{jo}/co-chair")).status_code == 204
    for url in (base, f"{base}/print"):  # the co-chair may
        assert (await staff.get(url)).status_code == 200
    await staff.get(base)
    r = await staff.post(base, {"name": "Ali Social", "connection": "professional", "agency": "housing"}, htmx=False)
    assert r.status_code == 303
    assert (await staff.post(f"{base}/{invitation_id}/withdraw")).status_code == 204
    # Bad input is a clear 400 that changes nothing; an unknown action or invitation too.
    await chair.get(base)
    for form in ({"name": "", "connection": "mum"}, {"name": "X", "connection": "boss"},
                 {"name": "X", "connection": "professional"}, {"name": "X", "connection": "mum", "email": "not mail"}):
        assert (await chair.post(base, form, htmx=False)).status_code == 400
    assert (await chair.post(f"{base}/{invitation_id}/explode")).status_code == 400
    assert (await chair.post(f"{base}/nothing/withdraw")).status_code == 404
    for person in (staff, outsider):
        await person.close()


async def test_opening_links_from_one_address_is_bounded_like_joining(app, meeting):
    chair, _, meeting_id, _ = meeting
    _, path = await invite(chair, meeting_id, "Lee Walker")
    app.state.mr.join_limit.limit = 3  # Mum joined already, from the same address
    statuses = []
    for _ in range(3):
        device = Person.in_process(app)
        statuses.append((await device.post(path, htmx=False, token=False)).status_code)
        await device.close()
    assert statuses == [303, 303, 429]
    assert len([p for p in await people(app, meeting_id) if p.invited]) == 2


async def test_the_retention_purge_deletes_a_meeting_with_its_invitations(app, meeting):
    from meeting_room.domain.retention import purge
    from meeting_room.read.invitations import invitations_of
    chair, _, meeting_id, _ = meeting
    _, path = await invite(chair, meeting_id, "Lee Walker")
    await invite(chair, meeting_id, "Pat Nurse", agency="health visiting")
    await open_link(Person.in_process(app), path)  # an invitation pointing at its participant
    await chair.get(f"/meetings/{meeting_id}")
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    done = await purge(app.state.mr.db, 0)
    assert len(done) == 1 and not done[0].failed
    assert await invitations_of(app.state.mr.db, meeting_id) == []


async def test_a_subject_access_export_includes_an_invitation_of_someone_who_never_came(app, meeting):
    import io
    import zipfile
    chair, _, meeting_id, _ = meeting
    await invite(chair, meeting_id, "Sam Dad", connection="dad", agency="", email="sam@example.org")
    page = (await chair.get(f"/meetings/{meeting_id}/subject-access")).text
    assert "Sam Dad" in page
    r = await chair.get(f"/meetings/{meeting_id}/subject-access.zip", params={"person": "sam dad"})
    data = json.loads(zipfile.ZipFile(io.BytesIO(r.content)).read("subject-access.json"))
    [part] = data["meetings"]
    assert part["took_part_as"] == [] and [i["email"] for i in part["invited"]] == ["sam@example.org"]
