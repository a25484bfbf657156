"""A person's data on request (issue 26, point 6): the export holds that person's words and answers
and the records they appear in, nobody else's answers and no professionals-only item; it is one
ZIP of a PDF and JSON; every export is audited; only the chair or an administrator of the meeting's team may export."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from meeting_room.store.db import Database
from meeting_room.store.models import AuditEntry
from tests.helpers import (
    Person,
    add_item,
    admit_and_enter,
    join,
    meeting_with_mum,
    new_meeting,
    signed_in_chair,
)


@pytest.fixture
async def family_meeting(app, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.in_process(app), database_url)
    teacher = Person.in_process(app)
    await join(teacher, code, "Ms Patel", "professional", agency="school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    assert (await add_item(mum, meeting_id, "Dana takes Alex to school every day", column="working",
                           section="strengths")).status_code == 200
    assert (await add_item(teacher, meeting_id, "Alex is often late", column="worries")).status_code == 200
    assert (await add_item(teacher, meeting_id, "Police report from March", column="worries")).status_code == 200
    board = await app.state.mr.boards.board(meeting_id)
    police = next(i for i in board.items if i.text == "Police report from March")
    r = await chair.post(f"/meetings/{meeting_id}/items/{police.id}/visibility/professionals")
    assert r.status_code in (200, 204), r.text
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": "How safe is Alex now?", "ten": "Safe",
                                                            "zero": "Not safe"})
    scale = (await app.state.mr.boards.board(meeting_id)).current_scale
    for person, value, why in ((mum, "7", "We are trying hard"), (teacher, "3", "Teacher reason kept private")):
        r = await person.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": value, "reason": why})
        assert r.status_code == 200, r.text
    yield chair, mum, teacher, meeting_id
    for p in (chair, mum, teacher):
        await p.close()


async def _export(chair: Person, meeting_id: str, key: str) -> tuple[dict, zipfile.ZipFile]:
    r = await chair.get(f"/meetings/{meeting_id}/subject-access.zip", params={"person": key})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(r.content))
    return json.loads(archive.read("subject-access.json")), archive


async def test_the_export_holds_their_words_and_answers_and_nobody_else_s(app, family_meeting, database_url):
    chair, mum, teacher, meeting_id = family_meeting
    page = await chair.get(f"/meetings/{meeting_id}/subject-access")
    assert page.status_code == 200 and "Download Dana's data" in page.text and "Alex" in page.text
    data, archive = await _export(chair, meeting_id, "dana")
    assert set(archive.namelist()) & {"subject-access.pdf", "README.txt"}
    text = json.dumps(data)
    assert data["subject"]["name"] == "Dana" and data["subject"]["connection"] == ["mum"]
    [meeting] = data["meetings"]
    assert [i["text"] for i in meeting["wrote"]] == ["Dana takes Alex to school every day"]
    assert meeting["answers"] == [{"question": "How safe is Alex now?", "value": 7, "why": "We are trying hard"}]
    assert "Alex is often late" in text  # the record she appears in, as the family saw it
    assert "Police report from March" not in text  # professionals only
    assert "Teacher reason kept private" not in text and '"value": 3' not in text  # someone else's answer
    assert any(a["action"] == "join" for a in data["access_audit"])
    if "subject-access.pdf" in archive.namelist():
        from pypdf import PdfReader
        pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("subject-access.pdf"))).pages)
        assert "Dana takes Alex to school" in pdf and "Police report" not in pdf and "Teacher reason" not in pdf
    db = Database(database_url)
    async with db.read() as c:
        audit = [(e.action, e.outcome) for e in (await c.execute(AuditEntry.__table__.select())).all()]
    await db.dispose()
    assert ("subject_access_export", "ok") in audit


async def test_a_child_is_found_by_first_name(family_meeting):
    chair, _, _, meeting_id = family_meeting
    data, _ = await _export(chair, meeting_id, "alex")
    assert data["subject"]["connection"] == ["child"] and len(data["meetings"]) == 1
    assert "Police report from March" not in json.dumps(data)


async def test_only_the_chair_or_an_administrator_may_export(app, family_meeting):
    chair, mum, teacher, meeting_id = family_meeting
    for person in (mum, teacher, Person.in_process(app)):
        for url in (f"/meetings/{meeting_id}/subject-access", f"/meetings/{meeting_id}/subject-access.zip?person=dana"):
            r = await person.get(url)
            assert r.status_code == 403 and "We are trying hard" not in r.text, url
    assert (await chair.get(f"/meetings/{meeting_id}/subject-access.zip?person=nobody")).status_code == 404


async def test_answers_on_a_scale_with_names_hidden_are_left_out(app, family_meeting):
    """Review finding 1: nobody may tie an answer given with names hidden to a person."""
    chair, mum, teacher, meeting_id = family_meeting
    first = (await app.state.mr.boards.board(meeting_id)).current_scale
    for action in ("reveal", "close"):
        assert (await chair.post(f"/meetings/{meeting_id}/scales/{first.id}/{action}")).status_code in (200, 204)
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": "How settled is home?", "ten": "Settled",
                                                            "zero": "Not settled", "anonymous": "1"})
    scale = (await app.state.mr.boards.board(meeting_id)).current_scale
    assert scale.anonymous and scale.question == "How settled is home?"
    r = await mum.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": "2", "reason": "Hidden-name reason"})
    assert r.status_code == 200, r.text
    data, _ = await _export(chair, meeting_id, "dana")
    text = json.dumps(data)
    assert "Hidden-name reason" not in text and "How settled is home?" not in text
    assert data["meetings"][0]["answers"] == [{"question": "How safe is Alex now?", "value": 7,
                                               "why": "We are trying hard"}]
    assert "names hidden are not included" in data["left_out"]


async def test_only_an_administrator_of_the_meeting_s_team_may_export(app, database_url):
    """Review finding 2: an administrator of another team (or of no team) may not export; one of the
    meeting's own team may; the meeting's chair may."""
    from tests.app.test_teams import _staff, _team
    admin = Person.in_process(app)
    await signed_in_chair(admin, database_url)  # an administrator (and chair) in no team
    north, south = await _team(admin, "North team"), await _team(admin, "South team")
    amy = await _staff(app, admin, "Amy Chair", "amy@example.org", north, "chair")
    ada = await _staff(app, admin, "Ada Admin", "ada@example.org", north, "admin")
    sam = await _staff(app, admin, "Sam Admin", "sam@example.org", south, "admin")
    meeting_id, code = await new_meeting(amy, title="Review for Jo")
    mum = Person.in_process(app)
    await join(mum, code, "Dana", "mum")
    await admit_and_enter(amy, mum, meeting_id, "Dana")
    for outsider in (sam, admin):
        for url in (f"/meetings/{meeting_id}/subject-access", f"/meetings/{meeting_id}/subject-access.zip?person=dana"):
            r = await outsider.get(url)
            assert r.status_code == 403 and "Dana" not in r.text, url
    for allowed in (amy, ada):
        assert "Download Dana's data" in (await allowed.get(f"/meetings/{meeting_id}/subject-access")).text
        data, _ = await _export(allowed, meeting_id, "dana")
        assert data["subject"]["name"] == "Dana"
    for p in (admin, amy, ada, sam, mum):
        await p.close()
