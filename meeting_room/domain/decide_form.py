"""The "Decide and close" page saved as one form: every child's decision, a dissent, the apologies
and the next meeting's date, checked first and then written in ONE change. A mistake anywhere
changes nothing (the page shows everything the chair typed again); nothing typed is ever dropped
because another part of the page was saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from sqlalchemy import bindparam, select

from meeting_room.core import rules
from meeting_room.core.errors import Invalid
from meeting_room.core.text import checked, clean_line, clean_text, parse_day
from meeting_room.core.vocabulary import PLAN_CATEGORY_LABELS, children_of
from meeting_room.store.models import Case, Decision, Dissent, Meeting, now

MEETINGS, CASES, DECISIONS, DISSENTS = Meeting.__table__, Case.__table__, Decision.__table__, Dissent.__table__
DECISION_FOR = select(DECISIONS).where(DECISIONS.c.meeting_id == bindparam("meeting_id"),
                                       DECISIONS.c.child == bindparam("child"))
MAX_CHILDREN = 20


@dataclass
class DecideForm:
    """What the chair sent, checked: only the parts that were filled in."""
    decisions: list[tuple[str, dict]] = field(default_factory=list)  # (child, plan/category/reasons)
    dissent: tuple[str, str] | None = None
    apologies: list[str] | None = None
    next_date: date | None = None
    has_next_date: bool = False


def decision_values(child: str, plan: str, category: str, reasons: str) -> dict:
    """One child's decision, checked; the values as stored."""
    if plan not in {"yes", "no"}:
        raise Invalid(f"Please say whether {child} needs a child protection plan." if child
                      else "Please say whether there will be a child protection plan.")
    if plan == "yes" and category not in PLAN_CATEGORY_LABELS:
        raise Invalid(f"Please choose the category of {child}'s plan." if child
                      else "Please choose the category of the plan.")
    reasons = checked(clean_text, reasons, f"Why, for {child}" if child else "The reasons", 4000)
    return dict(plan=plan == "yes", category=category if plan == "yes" else None, reasons=reasons)


def apology_lines(names: str) -> list[str]:
    lines = [checked(clean_line, line, "A name", 100) for line in (names or "").splitlines() if line.strip()]
    if len(lines) > 50:
        raise Invalid("That is a lot of names. Please write at most 50.")
    return lines


def read_form(form: Mapping[str, str]) -> DecideForm:
    """Check every part of the page before anything is written."""
    out = DecideForm()
    for i in range(1, MAX_CHILDREN + 1):
        child = (form.get(f"child-{i}") or "").strip()
        if not child:
            break
        plan, category = form.get(f"plan-{i}") or "", form.get(f"category-{i}") or ""
        reasons = form.get(f"reasons-{i}") or ""
        if not plan and not reasons.strip():
            continue  # not decided yet: nothing to save for this child
        out.decisions.append((child, decision_values(child, plan, category, reasons)))
    name, words = form.get("dissent_name") or "", form.get("dissent_words") or ""
    if name.strip() or words.strip():
        out.dissent = (checked(clean_line, name, "Who disagrees", 100),
                       checked(clean_text, words, "What they said", 2000))
    if "apologies" in form:
        out.apologies = apology_lines(form.get("apologies") or "")
    if "next_date" in form:
        day = (form.get("next_date") or "").strip()
        out.has_next_date = True
        out.next_date = parse_day(day, "the date of the next meeting") if day else None
    return out


async def save_decision(change, child: str, values: dict) -> None:
    known = (await change.conn.execute(DECISION_FOR, {"meeting_id": change.meeting.id, "child": child})).first()
    if known is None:
        await change.conn.insert(DECISIONS, meeting_id=change.meeting.id, child=child, **values)
    elif (known.plan, known.category, known.reasons) == tuple(values.values()):
        return
    else:
        await change.conn.set(DECISIONS, known.id, updated_at=now(), **values)
    await change.record("decision.recorded", child=child, **values)


async def save_next_date(change, when: date | None) -> None:
    if change.meeting.next_meeting_on == when:
        return
    await change.conn.set(MEETINGS, change.meeting.id, next_meeting_on=when)
    await change.record("decision.next_meeting", date=when.isoformat() if when else None)


async def save_apologies(change, lines: list[str]) -> None:
    text = "\n".join(lines)
    if change.meeting.apologies == text:
        return
    await change.conn.set(MEETINGS, change.meeting.id, apologies=text)
    await change.record("decision.apologies", names=lines)


async def save_dissent(change, name: str, words: str) -> None:
    dissent = await change.conn.insert(DISSENTS, meeting_id=change.meeting.id, name=name, words=words)
    await change.record("decision.dissent", dissent=dissent.id, name=name, words=words)


async def save_all(changes, meeting_id: str, actor_id: str, form: Mapping[str, str]) -> None:
    """The whole page in one change: all of it is saved, or (on a mistake) none of it."""
    checked_form = read_form(form)
    async with changes.change(meeting_id, actor_id, rules.chair) as change:
        children = children_of(await change.conn.get(CASES, change.meeting.case_id))
        for child, values in checked_form.decisions:
            if child not in children:
                raise Invalid("Please choose one of the children.")
            await save_decision(change, child, values)
        if checked_form.apologies is not None:
            await save_apologies(change, checked_form.apologies)
        if checked_form.has_next_date:
            await save_next_date(change, checked_form.next_date)
        if checked_form.dissent is not None:
            await save_dissent(change, *checked_form.dissent)
