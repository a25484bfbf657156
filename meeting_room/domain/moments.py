""""I need a moment": anyone in the meeting can say so from their own device. The chair sees it,
wherever the chair has scrolled, until the person (or the chair) says it has passed. Nobody else
is told: it is between that person and the chair."""

from __future__ import annotations

from meeting_room.core import rules
from meeting_room.core.errors import NotFound
from meeting_room.core.events import EventKind
from meeting_room.domain.changes import Changes
from meeting_room.store.models import Participant

PARTICIPANTS = Participant.__table__


class Moments:
    def __init__(self, changes: Changes):
        self.changes = changes

    async def ask(self, meeting_id: str, actor_id: str, needed: bool) -> None:
        """The person asking says they need a moment, or that it has passed."""
        async with self.changes.change(meeting_id, actor_id, rules.member) as change:
            await self._set(change, actor_id, needed)

    async def passed(self, meeting_id: str, actor_id: str, pid: str) -> None:
        """The chair has seen to it."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            person = await change.conn.get(PARTICIPANTS, pid)
            if person is None or person.meeting_id != meeting_id:
                raise NotFound("That person could not be found.")
            await self._set(change, pid, False)

    @staticmethod
    async def _set(change, pid: str, needed: bool) -> None:
        person = await change.conn.get(PARTICIPANTS, pid)
        if person.needs_moment == needed:
            return  # said twice (a double tap): nothing changes
        await change.conn.set(PARTICIPANTS, pid, needs_moment=needed)
        await change.record(EventKind.PARTICIPANT_MOMENT, participant=pid, needed=needed)
