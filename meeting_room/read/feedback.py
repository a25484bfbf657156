"""What people said about the meeting, for the chair: only once three or more have answered, in
no order that could tell who said what, never with a name."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from sqlalchemy import bindparam, func, select

from meeting_room.store.db import Database
from meeting_room.store.record_tables import FeedbackAnswer, FeedbackGiven

GIVEN, ANSWERS = FeedbackGiven.__table__, FeedbackAnswer.__table__
SHOWN_FROM = 3
COUNT = select(func.count()).select_from(ANSWERS).where(ANSWERS.c.meeting_id == bindparam("meeting_id"))
ALL = select(ANSWERS.c.worked, ANSWERS.c.worried, ANSWERS.c.better, ANSWERS.c.listened).where(
    ANSWERS.c.meeting_id == bindparam("meeting_id"))
MINE = select(GIVEN.c.participant_id).where(GIVEN.c.meeting_id == bindparam("meeting_id"),
                                            GIVEN.c.participant_id == bindparam("person_id"))


@dataclass
class FeedbackSummary:
    count: int = 0
    answered: bool = False  # this person has answered
    worked: list[str] = field(default_factory=list)
    worried: list[str] = field(default_factory=list)
    better: list[str] = field(default_factory=list)
    listened: list[int] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.count >= SHOWN_FROM

    @property
    def listened_middle(self) -> str:
        return f"{median(self.listened):g}" if self.listened else ""


async def feedback_of(db: Database, meeting_id: str, person_id: str | None, chair: bool) -> FeedbackSummary:
    async with db.snapshot() as c:
        summary = FeedbackSummary(count=(await c.execute(COUNT, {"meeting_id": meeting_id})).scalar_one())
        if person_id:
            summary.answered = (await c.execute(MINE, {"meeting_id": meeting_id, "person_id": person_id})).first() is not None
        if chair and summary.shown:
            rows = (await c.execute(ALL, {"meeting_id": meeting_id})).all()
            summary.worked = sorted(r.worked for r in rows if r.worked)  # sorted: no order that tells who
            summary.worried = sorted(r.worried for r in rows if r.worried)
            summary.better = sorted(r.better for r in rows if r.better)
            summary.listened = sorted(r.listened for r in rows if r.listened is not None)
    return summary
