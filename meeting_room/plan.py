"""The plan: each next step says who will do it and by when."""

from __future__ import annotations

from . import rules
from .boards import item_of
from .changes import Changes
from .errors import Invalid
from .models import Item
from .text import checked, clean_line, parse_day

ITEMS = Item.__table__
OWNER_MAX = 100


class Plan:
    def __init__(self, changes: Changes):
        self.changes = changes

    async def set_step(self, meeting_id: str, actor_id: str, item_id: str, owner: str, due_on: str) -> None:
        """Who will do this next step (a person in the meeting, or a named person or service) and
        by when. Empty fields clear them."""
        owner = checked(clean_line, owner, "Who will do it", OWNER_MAX, required=False) or None
        due = parse_day(due_on, "the date it is due by") if (due_on or "").strip() else None
        async with self.changes.change(meeting_id, actor_id) as change:
            item = await item_of(change.conn, meeting_id, item_id)
            if item.column != "next":
                raise Invalid("Only next steps say who will do them and by when.")
            rules.check_may_change_item(change.actor, item)
            if (item.owner, item.due_on) == (owner, due):
                return
            await change.conn.set(ITEMS, item.id, owner=owner, due_on=due, version=item.version + 1)
            await change.record("item.planned", item=item.id, column=item.column, owner=owner,
                                due=due.isoformat() if due else None)
