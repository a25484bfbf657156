"""The child at the centre: the chair chooses, for each child or young person, whether they see
the three houses (the default) or the full board (an older young person, for instance)."""

from __future__ import annotations

from meeting_room.core import rules
from meeting_room.core.errors import Invalid, NotFound
from meeting_room.core.events import EventKind
from meeting_room.domain.changes import Changes
from meeting_room.store.models import Meeting, Participant

PARTICIPANTS, MEETINGS = Participant.__table__, Meeting.__table__


class Children:
    def __init__(self, changes: Changes):
        self.changes = changes

    async def show_full_board(self, meeting_id: str, actor_id: str, participant_id: str, full: bool) -> None:
        """Show this child the full board (`full`) or the three houses again. Their open pages
        switch at once (the hub sends them to the view they now have)."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            person = await change.conn.get(PARTICIPANTS, participant_id)
            if person is None or person.meeting_id != meeting_id:
                raise NotFound("That person could not be found.")
            if person.role != "child":
                raise Invalid("Only a child or young person has the three houses.")
            if person.full_board == full:
                return
            await change.conn.set(PARTICIPANTS, participant_id, full_board=full)
            await change.record(EventKind.PARTICIPANT_FULL_BOARD, participant=participant_id, full=full)

    async def ask_about_the_child(self, meeting_id: str, actor_id: str, on: bool) -> None:
        """Put "What is it like for the child?" on the shared screen, with each child's own
        words beneath it (`on`), or take it off and show the columns again."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            if bool(change.meeting.child_prompt) == on:
                return
            await change.conn.set(MEETINGS, meeting_id, child_prompt=on)
            await change.record(EventKind.MEETING_CHILD_PROMPT, on=on)
