"""Reads that both sides use: the write path inside a change, and the read side."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select

from meeting_room.core.errors import NotFound
from meeting_room.store.db import Connection
from meeting_room.store.models import Decision, Dissent, Item, ItemRow, Participant

ITEMS, DECISIONS, DISSENTS = Item.__table__, Decision.__table__, Dissent.__table__
DECISIONS_OF = select(DECISIONS).where(DECISIONS.c.meeting_id == bindparam("meeting_id")).order_by(DECISIONS.c.child)
DISSENTS_OF = (select(DISSENTS).where(DISSENTS.c.meeting_id == bindparam("meeting_id"))
               .order_by(DISSENTS.c.created_at, DISSENTS.c.id))
MAX_WAITING = 40  # people waiting to be let in to one meeting at once (by the join code or a personal link)
WAITING = select(func.count()).select_from(Participant.__table__).where(
    Participant.__table__.c.meeting_id == bindparam("meeting_id"), Participant.__table__.c.status == "waiting")



async def item_of(c: Connection, meeting_id: str, item_id: str) -> ItemRow:
    """An item of this meeting, or NotFound."""
    item = await c.get(ITEMS, item_id)
    if item is None or item.meeting_id != meeting_id:
        raise NotFound("That item could not be found. It may have been removed.")
    return item

