"""Ending the meeting: the decision for each child, dissent in the dissenter's own words, the
next meeting's date, and closing, after which nothing can change."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from meeting_room.core import rules
from meeting_room.core.errors import Invalid
from meeting_room.core.text import checked, clean_line, clean_text, parse_day
from meeting_room.core.vocabulary import PLAN_CATEGORY_LABELS, children_of
from meeting_room.domain.changes import Changes
from meeting_room.store.models import (
    Case,
    Decision,
    DecisionRow,
    Dissent,
    DissentRow,
    Meeting,
    now,
)
from meeting_room.store.queries import DECISIONS_OF, DISSENTS_OF

MEETINGS, CASES, DECISIONS, DISSENTS = Meeting.__table__, Case.__table__, Decision.__table__, Dissent.__table__
DECISION_FOR = select(DECISIONS).where(DECISIONS.c.meeting_id == bindparam("meeting_id"),
                                       DECISIONS.c.child == bindparam("child"))


class Decisions:
    def __init__(self, changes: Changes):
        self.changes = changes
        self.db = changes.db

    async def decide(self, meeting_id: str, actor_id: str, *, child: str, plan: str, category: str,
                     reasons: str) -> None:
        """The decision for one child (a second decision for the same child replaces the first)."""
        if plan not in {"yes", "no"}:
            raise Invalid("Please say whether there will be a child protection plan.")
        if plan == "yes" and category not in PLAN_CATEGORY_LABELS:
            raise Invalid("Please choose the category of the plan.")
        reasons = checked(clean_text, reasons, "The reasons", 4000)
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            children = children_of(await change.conn.get(CASES, change.meeting.case_id))
            if child not in children:
                raise Invalid("Please choose one of the children.")
            values = dict(plan=plan == "yes", category=category if plan == "yes" else None, reasons=reasons)
            known = (await change.conn.execute(DECISION_FOR, {"meeting_id": meeting_id, "child": child})).first()
            if known is None:
                await change.conn.insert(DECISIONS, meeting_id=meeting_id, child=child, **values)
            elif (known.plan, known.category, known.reasons) == tuple(values.values()):
                return
            else:
                await change.conn.set(DECISIONS, known.id, updated_at=now(), **values)
            await change.record("decision.recorded", child=child, **values)

    async def set_next_meeting(self, meeting_id: str, actor_id: str, day: str) -> None:
        when = parse_day(day, "the date of the next meeting") if (day or "").strip() else None
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            if change.meeting.next_meeting_on == when:
                return
            await change.conn.set(MEETINGS, meeting_id, next_meeting_on=when)
            await change.record("decision.next_meeting", date=when.isoformat() if when else None)

    async def set_apologies(self, meeting_id: str, actor_id: str, names: str) -> None:
        """Who sent apologies: one name a line, as the chair writes them."""
        lines = [checked(clean_line, line, "A name", 100) for line in (names or "").splitlines() if line.strip()]
        if len(lines) > 50:
            raise Invalid("That is a lot of names. Please write at most 50.")
        text = "\n".join(lines)
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            if change.meeting.apologies == text:
                return
            await change.conn.set(MEETINGS, meeting_id, apologies=text)
            await change.record("decision.apologies", names=lines)

    async def add_dissent(self, meeting_id: str, actor_id: str, name: str, words: str) -> None:
        """Someone disagrees with the decision: their name and their own words, kept as said."""
        name = checked(clean_line, name, "Who disagrees", 100)
        words = checked(clean_text, words, "What they said", 2000)
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            dissent = await change.conn.insert(DISSENTS, meeting_id=meeting_id, name=name, words=words)
            await change.record("decision.dissent", dissent=dissent.id, name=name, words=words)

    async def close(self, meeting_id: str, actor_id: str) -> None:
        """Read-only for everyone from now on: the join code ends, every change is refused, and
        every open page is sent to the record. The chair's alone, not a co-chair's."""
        async with self.changes.change(meeting_id, actor_id, rules.lead_chair) as change:
            await change.conn.set(MEETINGS, meeting_id, status="closed", closed_at=now(), joining_open=False,
                                  join_code=None)
            await change.record("meeting.closed")

    async def of(self, meeting_id: str) -> tuple[list[DecisionRow], list[DissentRow]]:
        async with self.db.snapshot() as c:
            return ((await c.execute(DECISIONS_OF, {"meeting_id": meeting_id})).all(),
                    (await c.execute(DISSENTS_OF, {"meeting_id": meeting_id})).all())
