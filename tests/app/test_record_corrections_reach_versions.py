"""Review finding 3: every accepted correction reaches an issued version. Accepting B after A was
accepted (and issued as version 2) issues version 3 with B's words; accepting and issuing are one
change, so a failed issue cannot leave a changed text behind."""

from __future__ import annotations

from meeting_room.read.record import record_of
from tests.app.test_closing import a_decided_meeting, first_item
from tests.helpers import Person, admit_and_enter, join


async def test_a_second_accepted_correction_is_issued_as_the_next_version(app, meeting):
    chair, mum, meeting_id, code = meeting
    teacher = Person.in_process(app)
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    await a_decided_meeting(app, chair, mum, meeting_id)
    worry = await first_item(app, meeting_id, "worries")
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    assert (await chair.post(f"/meetings/{meeting_id}/record/issue", htmx=False)).status_code == 303
    for person, words in ((mum, "Fix A please"), (teacher, "Fix B please")):
        r = await person.post(f"/meetings/{meeting_id}/record/corrections", {"words": words}, htmx=False)
        assert r.status_code == 303, r.text
    a, b = (await record_of(app.state.mr.db, meeting_id)).corrections
    for correction, answer, text in ((a, "A fixed", "TEXT-A"), (b, "B fixed", "TEXT-B")):
        r = await chair.post(f"/meetings/{meeting_id}/record/corrections/{correction.id}/accept",
                             {"answer": answer, "item": worry.id, "text": text}, htmx=False)
        assert r.status_code == 303, r.text
    record = await record_of(app.state.mr.db, meeting_id)
    assert [v.number for v in record.versions] == [1, 2, 3]
    v2, v3 = record.versions[1], record.versions[2]
    assert "TEXT-A" in v2.content and v2.changes == "A fixed"
    assert "TEXT-B" in v3.content and v3.changes == "B fixed"
    assert [c.status for c in record.corrections] == ["accepted", "accepted"]
    assert (await chair.post(f"/meetings/{meeting_id}/record/issue", htmx=False)).status_code == 400  # nothing new
    await teacher.close()
