"""The words of the meeting: columns, sections, connections to the child, meeting types."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    label: str


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    short: str
    sections: tuple[Section, ...]


COLUMNS: tuple[Column, ...] = (
    Column("worries", "What are we worried about?", "Worries", (
        Section("harm", "Harm"),
        Section("danger", "Danger statements"),
        Section("complicating", "Complicating factors"),
    )),
    Column("working", "What's working well?", "Working well", (
        Section("strengths", "Strengths"),
        Section("safety", "Existing safety"),
    )),
    Column("next", "What needs to happen?", "Needs to happen", (
        Section("goals", "Safety goals"),
        Section("steps", "Next steps"),
    )),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
SECTION_LABELS = {s.key: s.label for c in COLUMNS for s in c.sections}
# What each section's name means, in plain words, for family members' phones.
SECTION_HINTS = {
    "harm": "What has happened that hurt the children, or could have.",
    "danger": "What we are worried could happen to the children if nothing changes.",
    "complicating": "Things that make the worries harder to sort out, or that we are not sure about.",
    "strengths": "Good things about the family and the children.",
    "safety": "What people already do to keep the children safe when things go wrong.",
    "goals": "What everyone needs to see to be sure the children are safe.",
    "steps": "Who will do what next, and by when.",
}


def valid_place(column: str, section: str | None) -> bool:
    col = COLUMN_BY_KEY.get(column)
    if col is None:
        return False
    return section is None or section in {s.key for s in col.sections}


# How someone is connected to the child, and the role that follows from it.
CONNECTIONS: tuple[tuple[str, str, str], ...] = (
    ("mum", "Mum", "family"),
    ("dad", "Dad", "family"),
    ("carer", "Carer", "family"),
    ("grandparent", "Grandparent", "family"),
    ("other_family", "Other family", "family"),
    ("friend", "Friend", "family"),
    ("child", "Child or young person", "child"),
    ("professional", "Professional", "professional"),
    ("other", "Other", "family"),
)
CONNECTION_LABELS = {key: label for key, label, _ in CONNECTIONS}
CONNECTION_ROLES = {key: role for key, _, role in CONNECTIONS}
CONNECTION_LABELS["chair"] = "Chair"

MEETING_KINDS: tuple[tuple[str, str], ...] = (
    ("initial", "Initial child protection conference"),
    ("review", "Review child protection conference"),
    ("core_group", "Core group"),
    ("other", "Other meeting"),
    # issue 23
    ("child_in_need", "Child in need meeting"),
    ("family_network", "Family network meeting (family group conference)"),
    ("case_mapping", "Group supervision or case mapping (no family)"),
    ("service_planning", "Planning a service (no family)"),
)
MEETING_KIND_LABELS = dict(MEETING_KINDS)

ROLE_LABELS = {
    "chair": "Chair",
    "family": "Family and friends",
    "professional": "Professional",
    "child": "Child or young person",
}

# What a child protection conference decides, per child.
PLAN_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("physical", "Physical abuse"),
    ("emotional", "Emotional abuse"),
    ("sexual", "Sexual abuse"),
    ("neglect", "Neglect"),
)
PLAN_CATEGORY_LABELS = dict(PLAN_CATEGORIES)


def children_of(case) -> list[str]:
    """The children's first names, as the chair wrote them ("Alex, Jo" or "Alex and Jo")."""
    text = (case.children or "").replace(" and ", ",") if case is not None else ""
    return [name.strip() for name in text.split(",") if name.strip()]


def children_without_decision(case, decided: list[str]) -> list[str]:
    """The children named for the meeting with no decision written down for them (a meeting
    about Alex and Jo that decided for Alex only): said on the close page, the record and the
    family's letter, so that a child is never left out without anyone seeing it. None while
    nothing is decided at all: then "No decision" is said once, not once a child."""
    if not decided:
        return []
    done = {name.strip().casefold() for name in decided}
    return [name for name in children_of(case) if name.casefold() not in done]


def whose_meeting(case) -> str:
    """How a phone's first screen names the meeting: "Alex's family meeting", "Alex and Jo's
    family meeting", or "the Example family's meeting" when no child is named (issue 24)."""
    names = children_of(case)
    if names:
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"{joined}'s family meeting"
    return f"the {case.family_name} family's meeting" if case is not None and case.family_name else "a family meeting"


WHAT_YOU_CAN_DO = "You can add what you are worried about, what is going well and what needs to happen."


def describe(person) -> str:
    """'Dana (Mum)', 'Ms Patel (school)': how a person is named on every screen."""
    if person is None:
        return "Someone who has left"
    if person.role == "professional" and person.agency:
        return f"{person.name} ({person.agency})"
    return f"{person.name} ({CONNECTION_LABELS.get(person.connection, 'Other')})"


# Scales: the default question names its direction (10 is safe).
DEFAULT_QUESTION = "How safe are the children now, from 0 to 10?"  # names its direction: 10 is safe
DEFAULT_TEN = "Everyone is sure the children are safe enough, and the council can step back"
DEFAULT_ZERO = "So worried the children cannot stay at home"
SCALE_PROMPTS = {
    "not_lower": "What makes it this number and not lower?",
    "one_higher": "What would one point higher look like?",
    "safe_enough": "What number would be safe enough?",
}

# Agreement on danger statements and safety goals.
AGREEMENT_ANSWERS = {"agree": "Agree", "disagree": "Disagree", "unsure": "Not sure"}
ASKED_ON = {("worries", "danger"), ("next", "goals")}  # danger statements and safety goals


def asked_on(item) -> bool:
    return (item.column, item.section) in ASKED_ON


# How each of last time's next steps went (review meetings).
REVIEWS = {"done": "Done", "in_progress": "In progress", "not_done": "Not done"}


# The child's view: the three columns as the Three Houses, with a child's prompts.
@dataclass(frozen=True)
class House:
    column: str
    name: str
    prompt: str


HOUSES: tuple[House, ...] = (
    House("worries", "House of Worries", "What worries you?"),
    House("working", "House of Good Things", "What is good in your life?"),
    House("next", "House of Dreams", "What would you like to happen?"),
)
HOUSE_BY_COLUMN = {h.column: h for h in HOUSES}
# A children's scale, in their words (the chair can change them).
CHILDREN_DEFAULTS = ("How safe do you feel at home?", "Very safe, happy at home", "Not safe at all, scared at home")
