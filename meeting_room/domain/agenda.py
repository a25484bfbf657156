"""The meeting's agenda: the chair moves on with one press, goes back or skips a step, and may
change the steps for this meeting. Each move is in the history with how long the step took."""

from __future__ import annotations

from meeting_room.core import rules
from meeting_room.core.agendas import STEP_MAX, STEPS_MAX, current_step, steps_of
from meeting_room.core.errors import Invalid
from meeting_room.core.events import EventKind
from meeting_room.core.text import checked, clean_line
from meeting_room.domain.changes import Changes
from meeting_room.store.models import Meeting, now

MEETINGS = Meeting.__table__
MOVES = {"next": 1, "back": -1, "skip": 2}


class Agenda:
    def __init__(self, changes: Changes):
        self.changes = changes

    async def move(self, meeting_id: str, actor_id: str, how: str, seen_step: int | None = None) -> None:
        """"next", "back" or "skip" (past the next step). `seen_step` is the step the chair's page
        showed: a double press, or a press on a page already moved on, changes nothing."""
        if how not in MOVES:
            raise Invalid("Please choose next, back or skip.")
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            steps, here = steps_of(change.meeting), current_step(change.meeting)
            if seen_step is not None and seen_step != here:
                return
            to = max(0, min(here + MOVES[how], len(steps) - 1))
            if to == here:
                return
            moment, since = now(), change.meeting.agenda_since
            seconds = int((moment - since).total_seconds()) if since else None
            await change.conn.set(MEETINGS, meeting_id, agenda_step=to, agenda_since=moment)
            await change.record(EventKind.AGENDA_MOVED, **{"from": here, "to": to, "step": steps[to], "left": steps[here],
                                                   "seconds": seconds})

    async def set_steps(self, meeting_id: str, actor_id: str, text: str) -> None:
        """The chair's own steps for this meeting, one a line. The meeting stays on the step of
        the same name if there is one, else at the start."""
        steps = [checked(clean_line, line, "A step", STEP_MAX) for line in (text or "").splitlines() if line.strip()]
        if not steps:
            raise Invalid("Please write at least one step.")
        if len(steps) > STEPS_MAX:
            raise Invalid(f"Please write at most {STEPS_MAX} steps.")
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            old = steps_of(change.meeting)
            if old == steps:
                return
            here = old[current_step(change.meeting)]
            to = steps.index(here) if here in steps else 0
            await change.conn.set(MEETINGS, meeting_id, agenda="\n".join(steps), agenda_step=to)
            await change.record(EventKind.AGENDA_CHANGED, steps=steps)
