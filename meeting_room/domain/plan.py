"""The plan: each next step says who will do it and by when."""

from __future__ import annotations

from meeting_room.core import rules
from meeting_room.core.errors import Invalid
from meeting_room.core.events import EventKind
from meeting_room.core.text import checked, clean_line, clean_text, parse_day
from meeting_room.domain.changes import Changes
from meeting_room.store.models import Item
from meeting_room.store.queries import item_of

ITEMS = Item.__table__
OWNER_MAX = 100


class Plan:
    def __init__(self, changes: Changes):
        self.changes = changes

    async def set_step(self, meeting_id: str, actor_id: str, item_id: str, owner: str, due_on: str,
                       goal_id: str | None = None, contingency: str | None = None) -> None:
        """Who will do this next step (a person in the meeting, or a named person or service), by
        when, the safety goal it serves, and (the chair's) what happens if it does not. Empty
        fields clear them; a field not given stays as it is."""
        owner = checked(clean_line, owner, "Who will do it", OWNER_MAX, required=False) or None
        due = parse_day(due_on, "the date it is due by") if (due_on or "").strip() else None
        async with self.changes.change(meeting_id, actor_id) as change:
            item = await item_of(change.conn, meeting_id, item_id)
            if item.column != "next":
                raise Invalid("Only next steps say who will do them and by when.")
            rules.check_may_change_item(change.actor, item)
            goal = item.goal_id if goal_id is None else await _goal(change, item, goal_id)
            if contingency is None:
                contingency = item.contingency
            else:
                contingency = checked(clean_text, contingency, "If this does not happen", 500, required=False) or None
                if contingency != item.contingency:
                    rules.check_is_chair(change.meeting, change.actor, "say what happens if a step does not")
            if (item.owner, item.due_on, item.goal_id, item.contingency) == (owner, due, goal, contingency):
                return
            await change.conn.set(ITEMS, item.id, owner=owner, due_on=due, goal_id=goal, contingency=contingency,
                                  version=item.version + 1)
            await change.record(EventKind.ITEM_PLANNED, item=item.id, column=item.column, owner=owner,
                                due=due.isoformat() if due else None, goal=goal, contingency=contingency)


async def _goal(change, step, goal_id: str) -> str | None:
    """The safety goal a step serves: one of this meeting's, not removed; "" for none."""
    if not goal_id:
        return None
    goal = await change.conn.get(ITEMS, goal_id)
    if (goal is None or goal.meeting_id != step.meeting_id or goal.removed or goal.id == step.id
            or (goal.column, goal.section) != ("next", "goals")
            or (goal.professionals_only and not rules.sees_everything(change.actor))):
        raise Invalid("Please choose one of the safety goals.")
    return goal.id
