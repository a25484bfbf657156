"""Retention: closed meetings, with everything said in them and their history, are deleted once
they are older than the council keeps them. Open meetings are never touched. A review made from a
deleted meeting stays as it is (what it carried over is its own copy); only its link back goes.
Each meeting is deleted in its own transaction: one that cannot be deleted is reported and the
rest still go.
The meetings of a family on legal hold (`domain/holds.py`) are kept until the hold is lifted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import bindparam, delete, exists, select, update

from meeting_room.store.child_tables import ChildPicture
from meeting_room.store.invite_tables import Invitation
from meeting_room.store.db import Database
from meeting_room.store.models import (
    Agreement,
    Case,
    Decision,
    Dissent,
    Event,
    Item,
    Meeting,
    Participant,
    Scale,
    Vote,
    now,
)
from meeting_room.store.record_tables import (
    ConferencePlan,
    FeedbackAnswer,
    FeedbackGiven,
    RecordCorrection,
    RecordVersion,
)
from meeting_room.store.staff_models import LegalHold

MEETINGS, CASES, SCALES, VOTES = Meeting.__table__, Case.__table__, Scale.__table__, Vote.__table__
MEETING_ID = bindparam("meeting_id")
HOLDS = LegalHold.__table__
CLOSED_BEFORE = (select(MEETINGS.c.id, MEETINGS.c.title, MEETINGS.c.held_on, MEETINGS.c.case_id)
                 .where(MEETINGS.c.status == "closed", MEETINGS.c.closed_at < bindparam("cutoff"),
                        ~exists().where(HOLDS.c.case_id == MEETINGS.c.case_id))  # a legal hold keeps a family
                 .order_by(MEETINGS.c.held_on))
# Children first: every table that points at the meeting (or at its scales), then the meeting.
# A review that followed it keeps working: its link back to this meeting is cleared.
DELETIONS = [
    update(MEETINGS).where(MEETINGS.c.previous_id == MEETING_ID).values(previous_id=None),
    delete(VOTES).where(VOTES.c.scale_id.in_(select(SCALES.c.id).where(SCALES.c.meeting_id == MEETING_ID))),
    delete(SCALES).where(SCALES.c.meeting_id == MEETING_ID),
    *(delete(t.__table__).where(t.__table__.c.meeting_id == MEETING_ID) for t in (Agreement, Item, Event, Decision, Dissent,
                                                                             ConferencePlan, RecordVersion,
                                                                             RecordCorrection, FeedbackGiven,
                                                                             FeedbackAnswer, ChildPicture,
                                                                             Invitation)),
    delete(Participant.__table__).where(Participant.__table__.c.meeting_id == MEETING_ID),
    delete(MEETINGS).where(MEETINGS.c.id == MEETING_ID),
]
# Checked again inside each meeting's delete transaction, with the family's row locked (placing a
# hold locks it too, `holds.py`): a hold placed after the list was made still keeps the meeting.
CASE_LOCKED = select(CASES.c.id).where(CASES.c.id == bindparam("case_id")).with_for_update()
HELD = select(HOLDS.c.case_id).where(HOLDS.c.case_id == bindparam("case_id"))
# A family with no meeting left is deleted too: its name and its children's names go with them.
ORPHAN_CASE = delete(CASES).where(CASES.c.id == bindparam("case_id"),
                                  ~exists().where(MEETINGS.c.case_id == CASES.c.id))


@dataclass(frozen=True)
class Purged:
    meeting_id: str
    title: str
    held_on: date
    failed: str = ""  # why it could not be deleted (the error's type, never its text): it is still there


async def purge(db: Database, older_than_days: int, dry_run: bool = False) -> list[Purged]:
    """Delete (or, with `dry_run`, only list) the meetings closed more than this many days ago.
    Every meeting due is tried; one that fails comes back with `failed` set."""
    if older_than_days < 0:
        raise ValueError("The number of days cannot be negative.")
    cutoff = now() - timedelta(days=older_than_days)
    async with db.read() as c:
        found = (await c.execute(CLOSED_BEFORE, {"cutoff": cutoff})).all()
    if dry_run:
        return [Purged(m.id, m.title, m.held_on) for m in found]
    done = [await _delete(db, meeting) for meeting in found]
    return [p for p in done if p is not None]


async def _delete(db: Database, meeting) -> Purged | None:
    """One meeting, in one transaction: it goes whole or stays whole. None: a legal hold was
    placed on its family since the list was made, so it stays (and is not listed)."""
    try:
        async with db.write() as c:
            await c.execute(CASE_LOCKED, {"case_id": meeting.case_id})
            if (await c.execute(HELD, {"case_id": meeting.case_id})).first() is not None:
                return None
            for statement in DELETIONS:
                await c.execute(statement, {"meeting_id": meeting.id})
            await c.execute(ORPHAN_CASE, {"case_id": meeting.case_id})
    except Exception as e:  # reported by the caller; the next meeting is still tried
        return Purged(meeting.id, meeting.title, meeting.held_on, failed=type(e).__name__)
    return Purged(meeting.id, meeting.title, meeting.held_on)
