"""Retention: closed meetings, with everything said in them and their history, are deleted once
they are older than the council keeps them. Open meetings are never touched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import bindparam, delete, exists, select

from meeting_room.store.db import Database
from meeting_room.store.models import (
    Agreement,
    Case,
    ChildPicture,
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

MEETINGS, CASES, SCALES, VOTES = Meeting.__table__, Case.__table__, Scale.__table__, Vote.__table__
MEETING_ID = bindparam("meeting_id")
CLOSED_BEFORE = (select(MEETINGS.c.id, MEETINGS.c.title, MEETINGS.c.held_on, MEETINGS.c.case_id)
                 .where(MEETINGS.c.status == "closed", MEETINGS.c.closed_at < bindparam("cutoff"))
                 .order_by(MEETINGS.c.held_on))
# Children first: every table that points at the meeting (or at its scales), then the meeting.
DELETIONS = [
    delete(VOTES).where(VOTES.c.scale_id.in_(select(SCALES.c.id).where(SCALES.c.meeting_id == MEETING_ID))),
    delete(SCALES).where(SCALES.c.meeting_id == MEETING_ID),
    *(delete(t.__table__).where(t.__table__.c.meeting_id == MEETING_ID) for t in (Agreement, Item, Event, Decision, Dissent, ChildPicture)),
    delete(Participant.__table__).where(Participant.__table__.c.meeting_id == MEETING_ID),
    delete(MEETINGS).where(MEETINGS.c.id == MEETING_ID),
]
# A family with no meeting left is deleted too: its name and its children's names go with them.
ORPHAN_CASE = delete(CASES).where(CASES.c.id == bindparam("case_id"),
                                  ~exists().where(MEETINGS.c.case_id == CASES.c.id))


@dataclass(frozen=True)
class Purged:
    meeting_id: str
    title: str
    held_on: date


async def purge(db: Database, older_than_days: int, dry_run: bool = False) -> list[Purged]:
    """Delete (or, with `dry_run`, only list) the meetings closed more than this many days ago."""
    if older_than_days < 0:
        raise ValueError("The number of days cannot be negative.")
    cutoff = now() - timedelta(days=older_than_days)
    async with db.read() as c:
        found = (await c.execute(CLOSED_BEFORE, {"cutoff": cutoff})).all()
    purged = [Purged(m.id, m.title, m.held_on) for m in found]
    if dry_run:
        return purged
    for meeting in found:  # one transaction per meeting: a failure halfway leaves whole meetings
        async with db.write() as c:
            for statement in DELETIONS:
                await c.execute(statement, {"meeting_id": meeting.id})
            await c.execute(ORPHAN_CASE, {"case_id": meeting.case_id})
    return purged
