"""Issue 28, point 9: a record's PDF never slows live meetings. It is made in a worker process at
a lower priority, and each copy of an issued version is made once and kept (an issued version
never changes). Kept PDFs are never mixed up: the family's copy and the full record, one version
and the next; a draft is made each time (it changes); who may fetch a record is checked as before."""

from __future__ import annotations

import os

import pytest

from meeting_room.web.pdf import Pdfs, _lower_priority
from tests.app.test_closing import a_decided_meeting
from tests.app.test_record_pdf import pages_of
from tests.helpers import Person, add_item, join

pytest.importorskip("weasyprint")


async def pdf_text(person, meeting_id) -> str:
    r = await person.get(f"/meetings/{meeting_id}/record.pdf")
    assert r.status_code == 200, r.text[:300]
    return " ".join(pages_of(r.content)[1])


async def test_an_issued_copy_is_made_once_and_never_mixed_up(app, meeting):
    chair, mum, meeting_id, code = meeting
    pdfs: Pdfs = app.state.mr.pdfs
    await a_decided_meeting(app, chair, mum, meeting_id)
    r = await add_item(chair, meeting_id, "Only for the professionals: the police check.", column="worries",
                       professionals_only="1")
    assert r.status_code == 200, r.text
    stranger = Person.in_process(app)
    await join(stranger, code, "Sam", "professional", "school")  # waiting, never let in
    assert (await chair.post(f"/meetings/{meeting_id}/close", htmx=False)).status_code == 303

    # A draft changes: made each time.
    for _ in range(2):
        assert "Full record" in await pdf_text(chair, meeting_id)
    assert pdfs.makes == 2 and not pdfs.kept

    assert (await chair.post(f"/meetings/{meeting_id}/record/issue", htmx=False)).status_code == 303
    family = await pdf_text(mum, meeting_id)
    full = await pdf_text(chair, meeting_id)
    assert pdfs.makes == 4 and len(pdfs.kept) == 2
    for _ in range(2):  # served again, not made again, and each to the right person
        assert await pdf_text(mum, meeting_id) == family
        assert await pdf_text(chair, meeting_id) == full
    assert pdfs.makes == 4
    assert "Family copy" in family and "Full record" not in family and "police check" not in family
    assert "Full record" in full and "Family copy" not in full and "police check" in full

    # Who may fetch it is checked as before: someone not let in gets nothing, kept or not.
    assert (await stranger.get(f"/meetings/{meeting_id}/record.pdf")).status_code in (401, 403, 404)
    await stranger.close()
    assert pdfs.makes == 4


async def test_five_asking_at_once_make_one(app, meeting):
    import asyncio

    chair, mum, meeting_id, _ = meeting
    pdfs: Pdfs = app.state.mr.pdfs
    await a_decided_meeting(app, chair, mum, meeting_id)
    assert (await chair.post(f"/meetings/{meeting_id}/close", htmx=False)).status_code == 303
    assert (await chair.post(f"/meetings/{meeting_id}/record/issue", htmx=False)).status_code == 303
    answers = await asyncio.gather(*[chair.get(f"/meetings/{meeting_id}/record.pdf") for _ in range(5)])
    assert {r.status_code for r in answers} == {200} and len({r.content for r in answers}) == 1
    assert pdfs.makes == 1


async def test_the_worker_runs_at_a_lower_priority():
    pdfs = Pdfs(workers=1)
    try:
        here = os.getpriority(os.PRIO_PROCESS, 0)
        there = pdfs._executor().submit(os.getpriority, os.PRIO_PROCESS, 0).result(timeout=120)
        assert there >= min(19, here + 1)
        if hasattr(os, "SCHED_IDLE"):  # Linux: only a core nothing else wants
            assert pdfs._executor().submit(os.sched_getscheduler, 0).result(timeout=60) == os.SCHED_IDLE
        assert pdfs._executor().submit(os.getpid).result(timeout=60) != os.getpid()  # not this process
    finally:
        pdfs.stop()
    _lower_priority  # (run by each worker as it starts)
