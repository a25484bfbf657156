"""The family's letter, "What happens next": the first thing on the family's record and PDF.
Short sentences in plain words (no term of core/glossary.py in the words the product writes);
what the chair and the family typed is shown as typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from meeting_room.core.glossary import Term, terms_in
from meeting_room.core.meeting_types import PLAN_WORKING_LABELS
from meeting_room.core.vocabulary import (
    CONNECTION_LABELS,
    PLAN_CATEGORY_LABELS,
    describe,
)


@dataclass(frozen=True)
class Step:
    who: str
    what: str
    by: str  # "by 14 December 2026", or ""


@dataclass
class Letter:
    held_on: str
    decisions: list[tuple[str, str]] = field(default_factory=list)  # (what was decided, why: as typed)
    worries: list[str] = field(default_factory=list)  # the danger statements, as written
    going_well: list[str] = field(default_factory=list)
    your_steps: list[Step] = field(default_factory=list)
    other_steps: list[Step] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)
    contact: str = ""
    words: list[Term] = field(default_factory=list)  # jargon in what people typed, with its plain meaning


def day(d: date) -> str:
    return f"{d.strftime('%A')} {d.day} {d.strftime('%B %Y')}"


def decided(d, kind: str = "") -> str:
    """What was decided for one child, in plain words."""
    if d.answer == "noted":
        return f"For {d.child}:"
    if d.answer and kind == "family_network":
        return f"Is the family's plan for {d.child} agreed? {PLAN_WORKING_LABELS.get(d.answer, '')}."
    if d.answer:
        return f"Is the plan for {d.child} working? {PLAN_WORKING_LABELS.get(d.answer, '')}."
    if d.plan:
        worry = PLAN_CATEGORY_LABELS.get(d.category or "", "").lower()
        return f"{d.child} will have a plan to keep them safe. The main worry is {worry}."
    return f"{d.child} will not have a plan to keep them safe from this meeting."


def is_yours(owner: str, me) -> bool:
    """A step is this person's when it names them as the board does, by name, or by connection
    ("Mum")."""
    if me is None or not owner:
        return False
    owner = " ".join(owner.lower().split())
    names = {describe(me).lower(), me.name.lower(), CONNECTION_LABELS.get(me.connection, "").lower()}
    return owner in names or owner.startswith(me.name.lower() + " ")


def letter_of(record, me) -> Letter:
    board, meeting = record.board, record.meeting
    letter = Letter(held_on=day(meeting.held_on))
    letter.decisions = [(decided(d, meeting.kind), d.reasons) for d in record.decisions]
    letter.decisions += [(f"No decision was written down for {child}.", "") for child in record.undecided]
    letter.worries = [i.text for i in board.items_in("worries", "danger")]
    letter.going_well = [i.text for i in board.items_in("working", any_section=True)]
    for item in board.items_in("next", any_section=True):
        if item.section == "steps" or item.owner:
            step = Step(who=item.owner or "Not said yet", what=item.text,
                        by=f"by {day(item.due_on)}" if item.due_on else "")
            (letter.your_steps if is_yours(item.owner or "", me) else letter.other_steps).append(step)
    typed = [i.text for i in board.items] + [d.reasons or "" for d in record.decisions] + \
        [d.words for d in record.dissents] + \
        ["Child protection plan" for d in record.decisions if not d.answer]  # (the record's decision says it)
    letter.words = terms_in("\n|\n".join(typed))  # (a separator no term can span)
    letter.meetings = _meetings(record)
    letter.contact = _contact(record)
    return letter


def _meetings(record) -> list[str]:
    plan, out = record.plan_people, []
    if plan and plan.first_core_group_on:
        out.append(f"The first meeting to check how the plan is going is on {day(plan.first_core_group_on)}.")
    if plan and plan.review_on:
        out.append(f"A bigger meeting to look at the whole plan again is on {day(plan.review_on)}.")
    if record.meeting.next_meeting_on:
        out.append(f"The next meeting is on {day(record.meeting.next_meeting_on)}.")
    return out or ["The date of the next meeting is not set yet. You will be told."]


def _contact(record) -> str:
    plan = record.plan_people
    if plan and plan.lead_name:
        where = f" ({plan.lead_agency})" if plan.lead_agency else ""
        return f"{plan.lead_name}{where} is the person to contact about the plan."
    chair = next((p for p in record.attended if p.role == "chair"), None)
    named = f", {chair.name}" if chair else ""
    return f"Contact your social worker, or the chair of the meeting{named}."
