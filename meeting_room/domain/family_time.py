"""Family time (issue 24): the mirror of a private discussion, for family network meetings. While
it runs, professionals' devices (the chair's too, but for its "End family time") and, unless the
chair keeps it on for the family, the shared screen show a calm pause and are sent nothing of the
meeting; family devices write "The family's plan" (their next steps, marked `family_plan`). When
it ends everyone gets the whole board again, the family's plan marked as the family's."""

from __future__ import annotations

from meeting_room.core import rules
from meeting_room.core.errors import NotAllowed
from meeting_room.core.events import EventKind
from meeting_room.domain.changes import Changes
from meeting_room.store.models import Meeting

MEETINGS = Meeting.__table__
PAUSED = ("Family time: the family is making its plan. You will see it when family time ends.")


class FamilyTime:
    def __init__(self, changes: Changes):
        self.changes = changes

    async def start(self, meeting_id: str, actor_id: str) -> None:
        await self._set(meeting_id, actor_id, True)

    async def end(self, meeting_id: str, actor_id: str) -> None:
        await self._set(meeting_id, actor_id, False)

    async def _set(self, meeting_id: str, actor_id: str, on: bool) -> None:
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            if change.meeting.family_time == on:
                return  # a double tap
            if on and change.meeting.private:
                raise NotAllowed("Family time cannot start during a private discussion. "
                                 "End the private discussion first.")
            await change.conn.set(MEETINGS, meeting_id, family_time=on)
            await change.record(EventKind.MEETING_FAMILY_TIME_STARTED if on else EventKind.MEETING_FAMILY_TIME_ENDED)
            if not on and change.meeting.screen_for_family:  # the next one starts with the screen paused again
                await change.conn.set(MEETINGS, meeting_id, screen_for_family=False)
                await change.record(EventKind.MEETING_SCREEN_FAMILY, keep=False)

    async def keep_screen(self, meeting_id: str, actor_id: str, keep: bool) -> None:
        """During family time: keep the shared screen on for the family (it then shows what
        family devices see, the family's plan too), or pause it as professionals' devices are."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            if keep and not change.meeting.family_time:
                raise NotAllowed("The screen can stay on for the family only during family time.")
            if change.meeting.screen_for_family == keep:
                return
            await change.conn.set(MEETINGS, meeting_id, screen_for_family=keep)
            await change.record(EventKind.MEETING_SCREEN_FAMILY, keep=keep)


def in_family_time(meeting, person) -> bool:
    """A professional (the chair too) of an open meeting during family time: shown nothing of it."""
    return bool(meeting.family_time) and meeting.status == "open" and (person is None or rules.sees_everything(person))


def check_not_in_family_time(meeting, person) -> None:
    if in_family_time(meeting, person):
        raise NotAllowed(PAUSED)
