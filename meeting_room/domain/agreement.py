"""Agreement: on each danger statement and safety goal, each person says from their own device
whether they agree, disagree or are not sure. The spread is shown beside the statement and kept
in the record; disagreement is recorded, never smoothed over."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from meeting_room.core import rules
from meeting_room.core.errors import Invalid, NotFound
from meeting_room.core.events import EventKind
from meeting_room.core.vocabulary import AGREEMENT_ANSWERS, asked_on
from meeting_room.domain.changes import Changes
from meeting_room.store.models import Agreement, Item, now

AGREEMENTS, ITEMS = Agreement.__table__, Item.__table__
MINE = select(AGREEMENTS).where(AGREEMENTS.c.item_id == bindparam("item_id"),
                                AGREEMENTS.c.participant_id == bindparam("participant_id"))






class Agreements:
    def __init__(self, changes: Changes):
        self.changes = changes

    async def mark(self, meeting_id: str, actor_id: str, item_id: str, answer: str) -> None:
        """This person's answer about one statement (a second answer replaces the first)."""
        if answer not in AGREEMENT_ANSWERS:
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
            await change.record(EventKind.ITEM_AGREEMENT, item=item_id, column=item.column, answer=answer)
