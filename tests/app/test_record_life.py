"""Issue 23, point 3: the record's life. A draft the chair corrects, "Issue the record" (version 1,
locked), "Ask for a correction" on one's own copy, one accepted (version 2, what changed listed,
version 1 kept) and one declined (the reason shown to the person), final after the period; no
route writes to an issued version; every step in the history and the access log."""

from __future__ import annotations

import html
import json
from datetime import date

import pytest

from meeting_room.core.errors import NotAllowed
from meeting_room.read.record import record_of
from tests.app.test_closing import a_decided_meeting, first_item
from tests.helpers import Person, admit_and_enter, join


async def versions(app, meeting_id):
    return (await record_of(app.state.mr.db, meeting_id)).versions


async def test_draft_issue_corrections_versions_and_final(app, meeting):
    chair, mum, meeting_id, code = meeting
    teacher = Person.in_process(app)
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    await a_decided_meeting(app, chair, mum, meeting_id)
    worry = await first_item(app, meeting_id, "worries")
    assert (await chair.post(f"/meetings/{meeting_id}/record/issue", htmx=False)).status_code == 403  # still open
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)

    # The draft: the chair corrects the spelling; nobody else can; nobody can ask for a correction yet.
    page = (await chair.get(f"/meetings/{meeting_id}/record")).text
    assert "<strong>Draft.</strong>" in page and ">Issue the record</button>" in page
    assert "Ask for a correction" not in (await mum.get(f"/meetings/{meeting_id}/record")).text
    fix = {"text": "Alex was hurt last weekend"}
    assert (await mum.post(f"/meetings/{meeting_id}/record/items/{worry.id}", fix, htmx=False)).status_code == 403
    r = await chair.post(f"/meetings/{meeting_id}/record/items/{worry.id}", fix, htmx=False)
    assert r.status_code == 303
    assert (await first_item(app, meeting_id, "worries")).text == "Alex was hurt last weekend"
    r = await chair.post(f"/meetings/{meeting_id}/record/items/{worry.id}", {**fix, "said_by": "Grandad"}, htmx=False)
    assert r.status_code == 303 and (await first_item(app, meeting_id, "worries")).recorded_for == "Grandad"
    assert "said by Grandad" in (await chair.get(f"/meetings/{meeting_id}/record")).text
    r = await mum.post(f"/meetings/{meeting_id}/record/corrections", {"words": "Too early"}, htmx=False)
    assert r.status_code == 403

    # Issue: version 1, locked.
    assert (await mum.post(f"/meetings/{meeting_id}/record/issue", htmx=False)).status_code == 403
    assert (await chair.post(f"/meetings/{meeting_id}/record/issue", htmx=False)).status_code == 303
    [v1] = await versions(app, meeting_id)
    assert v1.number == 1 and "Alex was hurt last weekend" in v1.content
    assert (await chair.post(f"/meetings/{meeting_id}/record/issue", htmx=False)).status_code == 400  # nothing new
    r = await chair.post(f"/meetings/{meeting_id}/record/items/{worry.id}", {"text": "Sneaky"}, htmx=False)
    assert r.status_code == 403 and (await first_item(app, meeting_id, "worries")).text != "Sneaky"
    page = (await mum.get(f"/meetings/{meeting_id}/record")).text
    assert "<strong>Version 1</strong>" in page and ">Ask for a correction</button>" in page

    # Two people ask; the chair declines one with a reason and accepts the other.
    for person, words in ((mum, "I said Alex is never alone, not hardly ever."), (teacher, "I am Ms Patel, not Mrs.")):
        r = await person.post(f"/meetings/{meeting_id}/record/corrections", {"words": words}, htmx=False)
        assert r.status_code == 303, r.text
    pending = (await record_of(app.state.mr.db, meeting_id)).corrections
    mine, theirs = pending
    chair_page = html.unescape((await chair.get(f"/meetings/{meeting_id}/record")).text)
    assert "Dana (Mum)</strong> asks for a correction of version 1" in chair_page and "Accept and issue version 2" in chair_page
    r = await chair.post(f"/meetings/{meeting_id}/record/corrections/{theirs.id}/decline",
                         {"answer": "The record already says Ms Patel."}, htmx=False)
    assert r.status_code == 303
    r = await chair.post(f"/meetings/{meeting_id}/record/corrections/{mine.id}/accept",
                         {"answer": "Dana's words about the weekend are corrected.", "item": worry.id,
                          "text": "Alex was hurt at the weekend; Dana says Alex is never alone."}, htmx=False)
    assert r.status_code == 303
    r = await chair.post(f"/meetings/{meeting_id}/record/corrections/{mine.id}/accept", {"answer": "Again"}, htmx=False)
    assert r.status_code == 400  # answered already
    v1_again, v2 = await versions(app, meeting_id)
    assert v1_again == v1  # never written again
    assert v2.number == 2 and v2.changes == "Dana's words about the weekend are corrected."
    assert "Dana says Alex is never alone." in v2.content and "Dana says" not in v1.content
    teacher_page = html.unescape((await teacher.get(f"/meetings/{meeting_id}/record")).text)
    assert "The chair did not make this correction, because: The record already says Ms Patel." in teacher_page
    mum_page = html.unescape((await mum.get(f"/meetings/{meeting_id}/record")).text)
    assert "<strong>Version 2</strong>" in mum_page and "What changed in version 2:" in mum_page
    assert "The chair made the correction: Dana's words about the weekend are corrected." in mum_page

    # Earlier versions: readable by the chair only, as they were issued.
    old = html.unescape((await chair.get(f"/meetings/{meeting_id}/record/versions/1")).text)
    assert "Version 1 of the record" in old and "Alex was hurt last weekend" in old and "never alone." not in old
    assert (await mum.get(f"/meetings/{meeting_id}/record/versions/1")).status_code == 403
    assert (await chair.get(f"/meetings/{meeting_id}/record/versions/9")).status_code == 404

    # History and access log.
    history = html.unescape((await chair.get(f"/meetings/{meeting_id}/history")).text)
    for words in ("corrected the words of the record", "issued the record, version 1", "issued the record, version 2",
                  "asked for a correction of version 1", "declined a correction", "accepted a correction"):
        assert words in history, words
    access = (await chair.get(f"/meetings/{meeting_id}/access")).text
    for words in ("issued the record", "asked for a correction", "accepted a correction", "declined a correction",
                  "read an earlier version", "corrected the draft record"):
        assert words in access, words

    # After the period the record is final: no more requests.
    with pytest.raises(NotAllowed):
        await app.state.mr.record_life.ask(meeting_id, (await record_of(app.state.mr.db, meeting_id)).corrections[0]
                                           .participant_id, "Late", 10, date(2099, 1, 1))
    assert [json.loads(v.content)["meeting"]["id"] for v in await versions(app, meeting_id)] == [meeting_id] * 2
    await teacher.close()


async def test_the_draft_s_decision_disagreement_and_apologies_can_be_corrected_until_it_is_issued(app, meeting):
    """Wording and spelling of the whole draft, not only its items: every change in the history;
    nobody but the chair; nothing once the record is issued; another meeting's rows are not found."""
    chair, mum, meeting_id, _ = meeting
    await a_decided_meeting(app, chair, mum, meeting_id)
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    record = await record_of(app.state.mr.db, meeting_id)
    decision, dissent = record.decisions[0], record.dissents[0]
    fixes = [(f"decision/{decision.id}", "Alex is often left alone at night, the school says."),
             (f"dissent/{dissent.id}", "I do not agree. Alex is never left alone."),
             (f"apologies/{meeting_id}", "Dr Shah (GP)\nPC Jones")]
    for path, words in fixes:
        url = f"/meetings/{meeting_id}/record/wording/{path}"
        assert (await mum.post(url, {"text": "Sneaky"}, htmx=False)).status_code == 403
        assert (await chair.post(url, {"text": words}, htmx=False)).status_code == 303
    page = html.unescape((await chair.get(f"/meetings/{meeting_id}/record")).text)
    assert "Alex is often left alone at night, the school says." in page
    assert "“I do not agree. Alex is never left alone.”" in page
    assert "Dr Shah (GP)" in page and "PC Jones" in page
    history = html.unescape((await chair.get(f"/meetings/{meeting_id}/history")).text)
    for what in ("a decision", "a disagreement", "the apologies"):
        assert f"corrected the words of the record: {what}" in history
    bad = f"/meetings/{meeting_id}/record/wording/decision/nothing-here"
    assert (await chair.post(bad, {"text": "x"}, htmx=False)).status_code == 404
    assert (await chair.post(f"/meetings/{meeting_id}/record/wording/votes/{decision.id}", {"text": "x"},
                             htmx=False)).status_code == 404
    assert (await chair.post(f"/meetings/{meeting_id}/record/issue", htmx=False)).status_code == 303
    r = await chair.post(f"/meetings/{meeting_id}/record/wording/dissent/{dissent.id}", {"text": "Changed"},
                         htmx=False)
    assert r.status_code == 403
    assert (await record_of(app.state.mr.db, meeting_id)).dissents[0].words == "I do not agree. Alex is never left alone."
