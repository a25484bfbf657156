"""Items on the three columns: add, change the words, move, reorder, remove and put back."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from meeting_room.core import rules
from meeting_room.core.errors import Conflict, Invalid, NotAllowed, NotFound
from meeting_room.core.events import EventKind
from meeting_room.core.text import ITEM_MAX, NAME_MAX, checked, clean_line, clean_text
from meeting_room.core.vocabulary import COLUMNS, valid_place
from meeting_room.domain.changes import Changes
from meeting_room.domain.family_time import check_not_in_family_time
from meeting_room.store.models import Item, ItemRow, Participant, new_id, now
from meeting_room.store.queries import item_of

ITEMS, PARTICIPANTS = Item.__table__, Participant.__table__
# A new item goes after the meeting's last one; the position is worked out inside the INSERT,
# and the same submission twice (a double tap: same client token) inserts nothing.
NEXT_POSITION = (select(func.coalesce(func.max(ITEMS.c.position), 0) + 1)
                 .where(ITEMS.c.meeting_id == bindparam("in_meeting")).scalar_subquery())
ADD_ITEM = {dialect: insert_for(ITEMS).values(position=NEXT_POSITION)
            .on_conflict_do_nothing(index_elements=["meeting_id", "client_token"]).returning(ITEMS.c.id)
            for dialect, insert_for in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))}
ITEM_ID_BY_CLIENT_TOKEN = select(ITEMS.c.id).where(ITEMS.c.meeting_id == bindparam("meeting_id"),
                                                  ITEMS.c.client_token == bindparam("client_token"))
LAST_POSITION = select(func.max(ITEMS.c.position)).where(ITEMS.c.meeting_id == bindparam("meeting_id"))
SIBLINGS = (select(ITEMS).where(ITEMS.c.meeting_id == bindparam("meeting_id"), ITEMS.c.column == bindparam("column"),
                                ITEMS.c.removed.is_(False),
                                ITEMS.c.section.is_not_distinct_from(bindparam("section")))
            .order_by(ITEMS.c.position, ITEMS.c.created_at))
EDIT = (update(ITEMS).where(ITEMS.c.id == bindparam("item_id"))
        .values(text=bindparam("text"), version=ITEMS.c.version + 1, updated_at=bindparam("at"),
                edited_by=bindparam("by")))


def child_words_of(child, recorded_for: str | None, own_words: bool) -> str | None:
    """Whose own words these are: a child writing (`child`, their first name), or the child the
    chair records them for when the chair says they are the child's own words."""
    if child is not None:
        return (child.name.split() or ["The child"])[0][:60]
    if own_words:
        if not recorded_for:
            raise Invalid("Please write the child's name in \"Who it is for\".")
        return recorded_for.split()[0][:60]
    return None


async def whose_words(change, recorded_for: str | None, own_words: bool, for_child: str) -> tuple[str, str | None]:
    """Who wrote an item, and whose own words it holds (a child's first name, or None). A worker
    (the chair or a professional) writing in a child's view writes the child's words."""
    if for_child:
        if change.actor.role not in ("chair", "professional"):
            raise NotAllowed("Only the chair or a professional can write in a child's view.")
        child = await change.conn.get(PARTICIPANTS, for_child)
        if child is None or child.meeting_id != change.meeting.id or child.role != "child" \
                or child.status != "admitted":
            raise NotFound("That child is not in this meeting.")
        return child.id, child_words_of(child, None, False)
    writer = await change.conn.get(PARTICIPANTS, change.actor.id) if change.actor.role == "child" else None
    return change.actor.id, child_words_of(writer, recorded_for, own_words)


class Items:
    def __init__(self, changes: Changes):
        self.changes = changes
        self._add = ADD_ITEM["sqlite" if changes.db.sqlite else "postgresql"]

    async def add(self, meeting_id: str, actor_id: str, *, column: str, section: str | None, text: str,
                  recorded_for: str = "", client_token: str = "", own_words: bool = False,
                  for_child: str = "", professionals_only: bool = False) -> str:
        """Add an item; returns its id (the first copy's, when the same submission comes twice).
        A child's words, or words the chair records with "These are <name>'s own words"
        (`own_words`), or a worker writes in a child's view on their own device (`for_child`: the
        child's participant id), are marked as that child's and kept exactly. A professional may
        keep an item for professionals from the start: it is never shown elsewhere."""
        if not valid_place(column, section):
            raise Invalid("Please choose a column to add to.")
        text = checked(clean_text, text, "Your text", ITEM_MAX)
        client_token = (client_token or "")[:64] or None
        async with self.changes.change(meeting_id, actor_id) as change:
            check_not_in_family_time(change.meeting, change.actor)  # professionals are paused then
            if recorded_for:
                rules.check_speaks_for_others(change.actor, "add something")
            if professionals_only and not rules.sees_everything(change.actor):
                raise NotAllowed("Only professionals can keep what they add for professionals.")
            recorded_for = checked(clean_line, recorded_for, "Who it is for", NAME_MAX, required=False) or None
            author_id, child_words = await whose_words(change, recorded_for, own_words, for_child)
            # Family time: what a family device adds to "What needs to happen?" is the family's plan.
            family_plan = bool(change.meeting.family_time) and column == "next" and not rules.sees_everything(change.actor)
            if family_plan:
                section = None
            if not change.meeting.detailed or (child_words and change.actor.role != "child"):
                section = None  # a child's words written down by an adult wait, unsorted, like the child's
            elif section is None and change.actor.role not in rules.FAMILY_ROLES:
                # Professionals file as they write. A family member's words wait, unsorted, for
                # the chair to file: nobody has to learn "danger statement" before writing.
                section = next(c for c in COLUMNS if c.key == column).sections[0].key
            item_id, moment = new_id(), now()
            added = (await change.conn.execute(self._add, {
                "id": item_id, "meeting_id": meeting_id, "in_meeting": meeting_id, "column": column,
                "section": section, "text": text, "author_id": author_id, "recorded_for": recorded_for,
                "client_token": client_token, "version": 1, "removed": False, "created_at": moment,
                "updated_at": moment, "professionals_only": bool(change.meeting.private) or professionals_only,
                "child_words": child_words, "family_plan": family_plan})).scalar()
            if added is None:
                return (await change.conn.execute(ITEM_ID_BY_CLIENT_TOKEN, {
                    "meeting_id": meeting_id, "client_token": client_token})).scalar_one()
            await change.record(EventKind.ITEM_ADDED, item=item_id, column=column, section=section, text=text,
                                recorded_for=recorded_for)
        return item_id

    async def edit(self, meeting_id: str, actor_id: str, item_id: str, text: str, version: int) -> None:
        text = checked(clean_text, text, "Your text", ITEM_MAX)
        async with self.changes.change(meeting_id, actor_id) as change:
            check_not_in_family_time(change.meeting, change.actor)  # professionals are paused then
            item = await item_of(change.conn, meeting_id, item_id)
            rules.check_may_change_item(change.actor, item)
            if item.removed:
                raise NotFound("That item has been removed.")
            if item.version != version:
                raise Conflict("This changed while you were editing. Your words are kept below.",
                               item.text, item.version)
            if item.text == text:
                return
            by = None if change.actor.id == item.author_id else change.actor.id
            await change.conn.execute(EDIT, {"item_id": item.id, "text": text, "at": now(), "by": by})
            await change.record(EventKind.ITEM_EDITED, item=item.id, column=item.column, before=item.text, after=text)

    async def move(self, meeting_id: str, actor_id: str, item_id: str, column: str, section: str | None) -> None:
        if not valid_place(column, section):
            raise Invalid("Please choose where to move it.")
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            check_not_in_family_time(change.meeting, change.actor)  # professionals are paused then
            item = await item_of(change.conn, meeting_id, item_id)
            section = section if change.meeting.detailed else None
            if (item.column, item.section) == (column, section):
                return
            top = (await change.conn.execute(LAST_POSITION, {"meeting_id": meeting_id})).scalar()
            await change.conn.set(ITEMS, item.id, column=column, section=section, position=(top or 0) + 1,
                                  version=item.version + 1)
            await change.record(EventKind.ITEM_MOVED, item=item.id, **{"from": [item.column, item.section],
                                                                "to": [column, section]})

    async def reorder(self, meeting_id: str, actor_id: str, item_id: str, direction: str) -> None:
        if direction not in {"up", "down"}:
            raise Invalid("Please choose up or down.")
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            check_not_in_family_time(change.meeting, change.actor)  # professionals are paused then
            item = await item_of(change.conn, meeting_id, item_id)
            if item.removed:
                raise Invalid("That item has been removed. Put it back first.")
            siblings = (await change.conn.execute(SIBLINGS, {"meeting_id": meeting_id, "column": item.column,
                                                             "section": item.section})).all()
            index = next(i for i, other in enumerate(siblings) if other.id == item.id)
            target = index - 1 if direction == "up" else index + 1
            if not 0 <= target < len(siblings):
                return  # already first or last
            other = siblings[target]
            mine, theirs = other.position, item.position
            if mine == theirs:  # equal positions: separate them
                mine += -1 if direction == "up" else 1
            await change.conn.set(ITEMS, item.id, position=mine)
            await change.conn.set(ITEMS, other.id, position=theirs)
            await change.record(EventKind.ITEM_REORDERED, item=item.id, column=item.column, direction=direction)

    async def remove(self, meeting_id: str, actor_id: str, item_id: str) -> None:
        await self._set_removed(meeting_id, actor_id, item_id, True)

    async def restore(self, meeting_id: str, actor_id: str, item_id: str) -> None:
        await self._set_removed(meeting_id, actor_id, item_id, False)

    async def _set_removed(self, meeting_id: str, actor_id: str, item_id: str, removed: bool) -> None:
        async with self.changes.change(meeting_id, actor_id) as change:
            check_not_in_family_time(change.meeting, change.actor)  # professionals are paused then
            item: ItemRow = await item_of(change.conn, meeting_id, item_id)
            if not rules.is_chair(change.meeting, change.actor):
                rules.check_family_plan_item(change.meeting, change.actor, item)  # family time: their own plan
            if item.removed == removed:
                return
            await change.conn.set(ITEMS, item.id, removed=removed, version=item.version + 1)
            await change.record(EventKind.ITEM_REMOVED if removed else EventKind.ITEM_RESTORED, item=item.id,
                                column=item.column, text=item.text)
