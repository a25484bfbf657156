"""An agenda for each type of meeting: data, like the vocabulary. A meeting gets a copy when it is
created (so changing a default never rewrites an old meeting), which the chair may change."""

from __future__ import annotations

AGENDAS: dict[str, tuple[str, ...]] = {
    "initial": ("Welcome and why we are here", "The family and their network", "What's working well",
                "What we are worried about", "The child's view", "Scales", "What needs to happen",
                "The decision", "Close"),
    "review": ("Welcome and why we are here", "What has happened since the last meeting", "What's working well",
               "What we are worried about", "The child's view", "Scales", "What needs to happen",
               "The decision", "Close"),
    "core_group": ("Welcome", "How the plan is going", "What's working well", "What we are worried about",
                   "What needs to happen", "Next meeting", "Close"),
    "other": ("Welcome and why we are here", "What's working well", "What we are worried about",
              "What needs to happen", "Close"),
}
STEP_MAX = 80
STEPS_MAX = 20


def default_agenda(kind: str) -> str:
    """The type's agenda as a meeting stores it: one step a line."""
    return "\n".join(AGENDAS.get(kind, AGENDAS["other"]))


def steps_of(meeting) -> list[str]:
    """The meeting's own steps (its type's, for a meeting made before agendas)."""
    text = getattr(meeting, "agenda", "") or default_agenda(meeting.kind)
    return [line for line in text.split("\n") if line.strip()]


def current_step(meeting) -> int:
    steps = steps_of(meeting)
    return max(0, min(meeting.agenda_step or 0, len(steps) - 1))
