"""Agreement: on each danger statement and safety goal, each person says from their own device
whether they agree, disagree or are not sure. The spread is shown beside the statement and kept
in the record; disagreement is recorded, never smoothed over."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, select

from . import rules
from .changes import Changes
from .errors import Invalid, NotFound
from .models import Agreement, Item, now

AGREEMENTS, ITEMS = Agreement.__table__, Item.__table__
ANSWERS = {"agree": "Agree", "disagree": "Disagree", "unsure": "Not sure"}
ASKED_ON = {("worries", "danger"), ("next", "goals")}  # danger statements and safety goals
MINE = select(AGREEMENTS).where(AGREEMENTS.c.item_id == bindparam("item_id"),
                                AGREEMENTS.c.participant_id == bindparam("participant_id"))


def asked_on(item) -> bool:
    return (item.column, item.section) in ASKED_ON


@dataclass
class Spread:
    """Who said what about one statement (participant ids, in the order they said it)."""
    agree: list[str] = field(default_factory=list)
    disagree: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)

    def of(self, answer: str) -> list[str]:
        return getattr(self, answer)


def spreads(rows) -> dict[str, Spread]:
    """Each statement's spread, from a meeting's agreement rows."""
    found: dict[str, Spread] = {}
    for row in sorted(rows, key=lambda r: r.updated_at):
        found.setdefault(row.item_id, Spread()).of(row.answer).append(row.participant_id)
    return found


class Agreements:
    def __init__(self, changes: Changes):
        self.changes = changes

    async def mark(self, meeting_id: str, actor_id: str, item_id: str, answer: str) -> None:
        """This person's answer about one statement (a second answer replaces the first)."""
        if answer not in ANSWERS:
            raise Invalid("Please say whether you agree, disagree or are not sure.")
        async with self.changes.change(meeting_id, actor_id) as change:
            item = await change.conn.get(ITEMS, item_id)
            if item is None or item.meeting_id != meeting_id or item.removed:
                raise NotFound("That item has been removed.")
            rules.check_may_see(change.actor, item)
            if not asked_on(item):
                raise Invalid("Agreement is asked on danger statements and safety goals only.")
            known = (await change.conn.execute(MINE, {"item_id": item_id, "participant_id": change.actor.id})).first()
            if known is not None and known.answer == answer:
                return
            if known is None:
                await change.conn.insert(AGREEMENTS, meeting_id=meeting_id, item_id=item_id,
                                         participant_id=change.actor.id, answer=answer)
            else:
                await change.conn.set(AGREEMENTS, known.id, answer=answer, updated_at=now())
            await change.record("item.agreement", item=item_id, column=item.column, answer=answer)
