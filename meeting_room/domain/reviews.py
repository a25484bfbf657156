"""Review meetings continue the story: "Next meeting" on a closed meeting creates the family's
next meeting from this one's map. Items are carried over and marked with the day they were said;
last time's next steps are listed for review (done, in progress, not done, set by the chair);
and each scale is shown beside its earlier answers across the family's meetings (`trend.py`)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, select

from meeting_room.core import rules
from meeting_room.core.errors import Invalid, NotFound
from meeting_room.core.events import EventKind
from meeting_room.core.vocabulary import REVIEWS, describe
from meeting_room.domain.changes import Change, Changes
from meeting_room.domain.meetings import unused_code
from meeting_room.store.db import Connection
from meeting_room.store.models import (
    Item,
    Meeting,
    MeetingRow,
    Participant,
    Scale,
    Vote,
)

MEETINGS, ITEMS, PARTICIPANTS = Meeting.__table__, Item.__table__, Participant.__table__
SCALES, VOTES = Scale.__table__, Vote.__table__
TO_CARRY = (select(ITEMS).where(ITEMS.c.meeting_id == bindparam("meeting_id"), ITEMS.c.removed.is_(False))
            .order_by(ITEMS.c.position, ITEMS.c.created_at))
PEOPLE_OF = select(PARTICIPANTS).where(PARTICIPANTS.c.meeting_id == bindparam("meeting_id"))
NEXT_OF = select(MEETINGS).where(MEETINGS.c.previous_id == bindparam("meeting_id"))


class Reviews:
    def __init__(self, changes: Changes):
        self.changes = changes
        self.db = changes.db

    async def next_meeting(self, meeting_id: str, user) -> MeetingRow:
        """The family's next meeting, made from this closed one (asked twice, the same one)."""
        async with self.db.write() as c:
            old = await c.get(MEETINGS, meeting_id)
            if old is None or old.chair_id != user.id:
                raise NotFound("That meeting could not be found.")
            if old.status != "closed":
                raise Invalid("Close this meeting first: the next one starts from its record.")
            made = (await c.execute(NEXT_OF, {"meeting_id": meeting_id})).first()
            if made is not None:
                return made
            new = await c.insert(MEETINGS, case_id=old.case_id, chair_id=user.id, kind="review",
                                 title=old.title if old.title.startswith("Review") else f"Review: {old.title}",
                                 held_on=old.next_meeting_on or date.today(), detailed=old.detailed,
                                 join_code=await unused_code(c), previous_id=old.id)
            chair = await c.insert(PARTICIPANTS, meeting_id=new.id, user_id=user.id, name=user.name,
                                   connection="chair", role="chair", status="admitted", entered=True)
            carried = await _carry_items(c, old, new, chair.id)
            change = Change(c, new, rules.Actor(chair.id, "chair", user.id), self.changes.broker)
            seq = await change.record(EventKind.MEETING_CREATED, title=new.title, kind=new.kind, date=new.held_on.isoformat(),
                                      carried=carried)
        self.changes.broker.committed(new.id, seq)
        return new._replace(seq=seq)

    async def review_step(self, meeting_id: str, actor_id: str, item_id: str, review: str) -> None:
        """The chair says how one of last time's next steps went."""
        if review not in REVIEWS:
            raise Invalid("Please say whether it was done, is in progress, or was not done.")
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            item = await change.conn.get(ITEMS, item_id)
            if item is None or item.meeting_id != meeting_id or item.removed:
                raise NotFound("That item could not be found. It may have been removed.")
            if item.carried_from is None or item.column != "next":
                raise Invalid("Only the next steps from the last meeting are reviewed.")
            if item.review == review:
                return
            await change.conn.set(ITEMS, item_id, review=review, version=item.version + 1)
            await change.record(EventKind.ITEM_REVIEWED, item=item_id, column=item.column, review=review)


async def _carry_items(c: Connection, old: MeetingRow, new: MeetingRow, chair_id: str) -> int:
    """Copies of the old meeting's items, each saying when it was first said and by whom. In the
    new meeting they are the chair's to change; their words keep their first author's name."""
    people = {p.id: p for p in await c.execute(PEOPLE_OF, {"meeting_id": old.id})}
    items = (await c.execute(TO_CARRY, {"meeting_id": old.id})).all()
    for item in items:
        # Carried twice, an item keeps the day and the person that first said it.
        said_by = item.carried_by or item.recorded_for or describe(people.get(item.author_id))
        await c.insert(ITEMS, meeting_id=new.id, column=item.column, section=item.section, text=item.text,
                       author_id=chair_id, position=item.position, owner=item.owner,
                       due_on=item.due_on, professionals_only=item.professionals_only,
                       carried_from=item.carried_from or old.held_on, carried_by=said_by[:100])
    return len(items)

