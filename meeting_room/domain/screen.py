"""The chair's choices for the room's shared screen (issue 24): one column may take the whole
screen ("Focus on"), and during a private discussion the screen may stay on for the
professionals in the room ("Keep the screen on for professionals") instead of pausing."""

from __future__ import annotations

from meeting_room.core import rules
from meeting_room.core.errors import Invalid, NotAllowed
from meeting_room.core.events import EventKind
from meeting_room.core.vocabulary import COLUMN_BY_KEY
from meeting_room.domain.changes import Changes
from meeting_room.store.models import Meeting

MEETINGS = Meeting.__table__


def check_focus_value(value: str) -> str | None:
    """A column's key, or "" (or "all") for every column."""
    value = (value or "").strip()
    if value in {"", "all"}:
        return None
    if value not in COLUMN_BY_KEY:
        raise Invalid("Please choose a column to show on the shared screen.")
    return value


class ScreenChoices:
    def __init__(self, changes: Changes):
        self.changes = changes

    async def focus(self, meeting_id: str, actor_id: str, column: str | None) -> None:
        """Let one column take the shared screen, or (None) show all columns again."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            if change.meeting.screen_focus == column:
                return  # a double tap
            await change.conn.set(MEETINGS, meeting_id, screen_focus=column)
            await change.record(EventKind.MEETING_SCREEN_FOCUS, column=column)

    async def keep_for_professionals(self, meeting_id: str, actor_id: str, keep: bool) -> None:
        """During a private discussion: keep the shared screen on (it then shows what the
        professionals see), or pause it as family devices are paused."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            if keep and not change.meeting.private:
                raise NotAllowed("The screen can stay on for professionals only during a private discussion.")
            if change.meeting.screen_for_professionals == keep:
                return
            await change.conn.set(MEETINGS, meeting_id, screen_for_professionals=keep)
            await change.record(EventKind.MEETING_SCREEN_PROFESSIONALS, keep=keep)
