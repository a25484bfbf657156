"""A child's pictures: the chair or a professional adds what a child made, before the meeting or
during it (a photo of their Three Houses drawing), with words that say what it shows."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, select

from meeting_room.core import rules
from meeting_room.core.errors import Invalid, NotAllowed, NotFound
from meeting_room.core.events import EventKind
from meeting_room.core.pictures import clean_picture
from meeting_room.core.text import checked, clean_line
from meeting_room.core.vocabulary import COLUMN_BY_KEY, children_of
from meeting_room.domain.changes import Changes
from meeting_room.store.child_tables import ChildPicture, ChildPictureRow
from meeting_room.store.models import Case, Participant

PICTURES, CASES, PARTICIPANTS = ChildPicture.__table__, Case.__table__, Participant.__table__
CHILDREN_IN = select(PARTICIPANTS.c.name).where(PARTICIPANTS.c.meeting_id == bindparam("meeting_id"),
                                                PARTICIPANTS.c.role == "child", PARTICIPANTS.c.status == "admitted")


async def children_of_meeting(conn, meeting) -> list[str]:
    """The first names of this meeting's children: the family's, and children who joined."""
    names = children_of(await conn.get(CASES, meeting.case_id))
    joined = [(row[0].split() or [""])[0] for row in await conn.execute(CHILDREN_IN, {"meeting_id": meeting.id})]
    return names + [name for name in joined if name and name not in names]


class Pictures:
    def __init__(self, changes: Changes):
        self.changes = changes
        self.db = changes.db

    async def add(self, meeting_id: str, actor_id: str, *, child: str, column: str, description: str,
                  data: bytes, professionals_only: bool = False) -> str:
        """Add a picture for one of this meeting's children. Nothing is stored unless it is a real
        JPEG or PNG within the limits (`clean_picture`), and its description is given."""
        description = checked(clean_line, description, "What the picture shows", 300)
        if column and column not in COLUMN_BY_KEY:
            raise Invalid("Please choose one of the houses.")
        picture = clean_picture(data)  # before the meeting is locked: decoding takes a moment
        async with self.changes.change(meeting_id, actor_id) as change:
            if not rules.sees_everything(change.actor):
                raise NotAllowed("Only the chair or a professional can add a child's picture.")
            children = await children_of_meeting(change.conn, change.meeting)
            name = next((n for n in children if n.casefold() == (child or "").strip().casefold()), None)
            if name is None:
                raise Invalid("Please choose one of this meeting's children.")
            row = await change.conn.insert(
                PICTURES, meeting_id=meeting_id, child=name, column=column or None, description=description,
                content_type=picture.content_type, data=picture.data, width=picture.width, height=picture.height,
                added_by=change.actor.id, professionals_only=professionals_only or bool(change.meeting.private))
            await change.record(EventKind.PICTURE_ADDED, picture=row.id, child=name, column=column or None,
                                description=description)
        return row.id

    async def picture(self, meeting_id: str, picture_id: str) -> ChildPictureRow:
        async with self.db.read() as c:
            found = await c.get(PICTURES, picture_id)
        if found is None or found.meeting_id != meeting_id:
            raise NotFound("That picture could not be found.")
        return found

    async def remove(self, meeting_id: str, actor_id: str, picture_id: str) -> None:
        """The chair takes a picture away: added by mistake, or the child asked. Its bytes are gone
        for good (the history keeps that it was there)."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            found = await _picture_in(change, picture_id)
            await change.conn.execute(delete(PICTURES).where(PICTURES.c.id == found.id))
            await change.record(EventKind.PICTURE_REMOVED, picture=found.id, child=found.child)

    async def set_visibility(self, meeting_id: str, actor_id: str, picture_id: str, professionals_only: bool) -> None:
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            found = await _picture_in(change, picture_id)
            if found.professionals_only == professionals_only:
                return  # a double tap
            await change.conn.set(PICTURES, found.id, professionals_only=professionals_only)
            await change.record(EventKind.PICTURE_VISIBILITY, picture=found.id, child=found.child,
                                professionals_only=professionals_only)


async def _picture_in(change, picture_id: str) -> ChildPictureRow:
    found = await change.conn.get(PICTURES, picture_id)
    if found is None or found.meeting_id != change.meeting.id:
        raise NotFound("That picture could not be found. It may have been removed.")
    return found
