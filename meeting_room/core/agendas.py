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
    "child_in_need": ("Welcome and why we are here", "What's working well", "What we are worried about",
                      "The child's view", "What needs to happen", "Who will help and how", "Close"),
    "family_network": ("Welcome and why we are here", "Who is in the family's network", "What's working well",
                       "What we are worried about", "Family time on their own", "The family's plan",
                       "Agreeing the plan", "Close"),
    "case_mapping": ("Why we are mapping this case", "What's working well", "What we are worried about",
                     "Scales", "What needs to happen", "Next steps for the worker"),
    "service_planning": ("What the service is for", "What's working well", "What we are worried about",
                         "What needs to happen", "Who does what"),
    "other": ("Welcome and why we are here", "What's working well", "What we are worried about",
              "What needs to happen", "Close"),
}
# Why we are here, in plain words: on every phone when it is let in (while the meeting is at its first step).
RECORDED = "What is said is written down, and everyone who came gets the record."
PURPOSES: dict[str, str] = {
    "initial": "We are here to talk about how safe the children are, what is going well and what we are worried "
               "about, and to decide together what needs to happen next. " + RECORDED,
    "review": "We are here to look at what has happened since the last meeting, what is going well and what we "
              "are still worried about, and to decide what happens next. " + RECORDED,
    "core_group": "We are here to check how the plan is going and what needs to change. " + RECORDED,
    "child_in_need": "We are here to agree what help the family needs, and who will give it. " + RECORDED,
    "family_network": "We are here so that the family and the people close to them can make their own plan to "
                      "keep the children safe. " + RECORDED,
}
DEFAULT_PURPOSE = "We are here to talk about what is going well, what we are worried about, and what needs to " \
                  "happen next. " + RECORDED


def purpose_of(kind: str) -> str:
    return PURPOSES.get(kind, DEFAULT_PURPOSE)


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
