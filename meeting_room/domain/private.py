"""Private discussion: professionals talk for a while without the family. While it runs, family
and child devices show a calm pause screen and are sent nothing else; items added meanwhile are
for professionals only, and the chair can mark any item so. The shared screen, which the whole
room can see, never shows professionals-only items."""

from __future__ import annotations

from meeting_room.core import rules
from meeting_room.core.errors import Invalid, NotAllowed, NotFound
from meeting_room.core.events import EventKind
from meeting_room.core.rules import sees_everything
from meeting_room.domain.changes import Changes
from meeting_room.domain.family_time import check_not_in_family_time
from meeting_room.store.models import Item, Meeting

MEETINGS, ITEMS = Meeting.__table__, Item.__table__
class PrivateDiscussion:
    def __init__(self, changes: Changes):
        self.changes = changes

    async def start(self, meeting_id: str, actor_id: str) -> None:
        await self._set(meeting_id, actor_id, True)

    async def end(self, meeting_id: str, actor_id: str) -> None:
        await self._set(meeting_id, actor_id, False)

    async def _set(self, meeting_id: str, actor_id: str, private: bool) -> None:
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            if change.meeting.private == private:
                return  # a double tap
            if private and change.meeting.family_time:
                raise NotAllowed("A private discussion cannot start during family time. End family time first.")
            await change.conn.set(MEETINGS, meeting_id, private=private)
            await change.record(EventKind.MEETING_PRIVATE_STARTED if private else EventKind.MEETING_PRIVATE_ENDED)
            if not private and change.meeting.screen_for_professionals:  # the next one starts paused again
                await change.conn.set(MEETINGS, meeting_id, screen_for_professionals=False)
                await change.record(EventKind.MEETING_SCREEN_PROFESSIONALS, keep=False)

    async def blank_screen(self, meeting_id: str, actor_id: str, blank: bool) -> None:
        """Blank the shared screen for a moment, or bring it back. Phones carry on."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            if change.meeting.screen_blank == blank:
                return
            await change.conn.set(MEETINGS, meeting_id, screen_blank=blank)
            await change.record(EventKind.MEETING_SCREEN, blank=blank)

    async def set_visibility(self, meeting_id: str, actor_id: str, item_id: str, professionals_only: bool) -> None:
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            item = await change.conn.get(ITEMS, item_id)
            if item is None or item.meeting_id != meeting_id:
                raise NotFound("That item could not be found. It may have been removed.")
            if item.professionals_only == professionals_only:
                return
            await change.conn.set(ITEMS, item_id, professionals_only=professionals_only, version=item.version + 1)
            await change.record(EventKind.ITEM_VISIBILITY, item=item_id, column=item.column,
                                professionals_only=professionals_only)


def check_visibility_value(value: str) -> bool:
    if value not in {"everyone", "professionals"}:
        raise Invalid("Please choose who can see it.")
    return value == "professionals"


def check_not_paused(meeting, person) -> None:
    """While a private discussion runs, a family device is shown nothing of the meeting: not even
    the words of an item of theirs in its edit form, which the professionals may have changed."""
    if meeting.private and meeting.status == "open" and not sees_everything(person):
        raise NotAllowed("The meeting has paused for a short private discussion. "
                         "You can change this when the meeting carries on.")
    check_not_in_family_time(meeting, person)  # the mirror: professionals see nothing of family time
