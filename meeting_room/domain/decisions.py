"""Ending the meeting: the decision for each child, dissent in the dissenter's own words, the
next meeting's date, and closing, after which nothing can change."""

from __future__ import annotations

from meeting_room.core import rules
from meeting_room.core.errors import Invalid
from meeting_room.core.events import EventKind
from meeting_room.core.text import checked, clean_line, clean_text, parse_day
from meeting_room.core.vocabulary import children_of
from meeting_room.domain.changes import Changes
from meeting_room.domain.decide_form import (
    apology_lines,
    decision_values,
    save_all,
    save_apologies,
    save_decision,
    save_dissent,
    save_next_date,
)
from meeting_room.store.models import Case, DecisionRow, DissentRow, Meeting, now
from meeting_room.store.queries import DECISIONS_OF, DISSENTS_OF
from meeting_room.store.record_tables import ConferencePlan

MEETINGS, CASES = Meeting.__table__, Case.__table__


class Decisions:
    def __init__(self, changes: Changes):
        self.changes = changes
        self.db = changes.db

    async def decide(self, meeting_id: str, actor_id: str, *, child: str, plan: str, category: str,
                     reasons: str) -> None:
        """The decision for one child (a second decision for the same child replaces the first)."""
        values = decision_values("", plan, category, reasons)
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            if child not in children_of(await change.conn.get(CASES, change.meeting.case_id)):
                raise Invalid("Please choose one of the children.")
            await save_decision(change, child, values)

    async def set_next_meeting(self, meeting_id: str, actor_id: str, day: str) -> None:
        when = parse_day(day, "the date of the next meeting") if (day or "").strip() else None
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            await save_next_date(change, when)

    async def set_apologies(self, meeting_id: str, actor_id: str, names: str) -> None:
        """Who sent apologies: one name a line, as the chair writes them."""
        lines = apology_lines(names)
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            await save_apologies(change, lines)

    async def add_dissent(self, meeting_id: str, actor_id: str, name: str, words: str) -> None:
        """Someone disagrees with the decision: their name and their own words, kept as said."""
        name = checked(clean_line, name, "Who disagrees", 100)
        words = checked(clean_text, words, "What they said", 2000)
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            await save_dissent(change, name, words)

    async def save_page(self, meeting_id: str, actor_id: str, form, core_group_people=()) -> None:
        """The whole "Decide and close" page in one change (`decide_form.save_all`)."""
        await save_all(self.changes, meeting_id, actor_id, form, lambda key: list(core_group_people))

    async def close(self, meeting_id: str, actor_id: str) -> None:
        """Read-only for everyone from now on: the join code ends, every change is refused, and
        every open page is sent to the record. The chair's alone, not a co-chair's."""
        async with self.changes.change(meeting_id, actor_id, rules.lead_chair) as change:
            await change.conn.set(MEETINGS, meeting_id, status="closed", closed_at=now(), joining_open=False,
                                  join_code=None)
            await change.record(EventKind.MEETING_CLOSED)

    async def plan_people(self, meeting_id: str):
        """The conference plan's lead practitioner, core group and dates (a row, or None)."""
        async with self.db.read() as c:
            return await c.get(ConferencePlan.__table__, meeting_id)

    async def of(self, meeting_id: str) -> tuple[list[DecisionRow], list[DissentRow]]:
        async with self.db.snapshot() as c:
            return ((await c.execute(DECISIONS_OF, {"meeting_id": meeting_id})).all(),
                    (await c.execute(DISSENTS_OF, {"meeting_id": meeting_id})).all())
