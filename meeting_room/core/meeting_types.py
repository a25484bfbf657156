"""What each type of meeting asks and sets (issue 23): the decide page's questions follow the type.
A conference decides whether each child needs a plan, and makes one; a core group says whether the
plan is working and what changes; any other meeting writes down what was decided."""

from __future__ import annotations

CONFERENCES = frozenset({"initial", "review"})
# Meetings of staff alone: no family joins, there is no join code, and children are named by initials.
WITHOUT_FAMILY = frozenset({"case_mapping", "service_planning"})
PLAN_WORKING: tuple[tuple[str, str], ...] = (
    ("yes", "Yes"),
    ("partly", "Partly"),
    ("no", "No"),
)
PLAN_WORKING_LABELS = dict(PLAN_WORKING)


def decision_style(kind: str) -> str:
    """"conference", "core_group" or "outcome": which questions the decide page asks."""
    if kind in CONFERENCES:
        return "conference"
    if kind == "core_group":
        return "core_group"
    if kind == "family_network":
        return "family_plan"
    return "outcome"


def initials(text: str) -> bool:
    """'J.S., AB' are initials; 'Jayden' and 'Tom' are names."""
    parts = [p.strip() for p in text.replace(" and ", ",").split(",") if p.strip()]
    return all(_is_initials(p.replace(".", " ").split()) for p in parts)


def _is_initials(letters: list[str]) -> bool:
    joined = "".join(letters)
    return 0 < len(joined) <= 3 and joined.isalpha() and joined.isupper()
