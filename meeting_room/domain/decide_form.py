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
from meeting_room.core.events import EventKind
from meeting_room.core.meeting_types import PLAN_WORKING_LABELS, decision_style
from meeting_room.core.text import checked, clean_line, clean_text, parse_day
from meeting_room.core.vocabulary import PLAN_CATEGORY_LABELS, children_of
from meeting_room.store.models import Case, Decision, Dissent, Meeting, now
from meeting_room.store.record_tables import ConferencePlan

MEETINGS, CASES, DECISIONS, DISSENTS = Meeting.__table__, Case.__table__, Decision.__table__, Dissent.__table__
PLANS = ConferencePlan.__table__
DECISION_FOR = select(DECISIONS).where(DECISIONS.c.meeting_id == bindparam("meeting_id"),
                                       DECISIONS.c.child == bindparam("child"))
SAME_DISSENT = select(DISSENTS.c.id).where(DISSENTS.c.meeting_id == bindparam("meeting_id"),
                                          DISSENTS.c.name == bindparam("name"), DISSENTS.c.words == bindparam("words"))
MAX_CHILDREN = 20


@dataclass
class DecideForm:
    """What the chair sent, checked: only the parts that were filled in."""
    decisions: list[tuple[str, dict]] = field(default_factory=list)  # (child, the decision's values)
    dissent: tuple[str, str] | None = None
    apologies: list[str] | None = None
    next_date: date | None = None
    has_next_date: bool = False
    plan_people: dict | None = None


def decision_values(child: str, plan: str, category: str, reasons: str) -> dict:
    """One child's decision at a conference, checked; the values as stored."""
    if plan not in {"yes", "no"}:
        raise Invalid(f"Please say whether {child} needs a child protection plan." if child
                      else "Please say whether there will be a child protection plan.")
    if plan == "yes" and category not in PLAN_CATEGORY_LABELS:
        raise Invalid(f"Please choose the category of {child}'s plan." if child
                      else "Please choose the category of the plan.")
    reasons = checked(clean_text, reasons, f"Why, for {child}" if child else "The reasons", 4000)
    return dict(plan=plan == "yes", category=category if plan == "yes" else None, reasons=reasons)


def answer_values(style: str, child: str, form: Mapping[str, str], i: int) -> dict | None:
    """A core group's "is the plan working" or another meeting's outcome, for one child."""
    if style in ("core_group", "family_plan"):
        working, changes = form.get(f"working-{i}") or "", form.get(f"changes-{i}") or ""
        if not working and not changes.strip():
            return None
        if working not in PLAN_WORKING_LABELS:
            raise Invalid(f"Please say whether {child}'s plan is working." if style == "core_group"
                          else f"Please say whether the family's plan for {child} is agreed.")
        return dict(plan=True, category=None, answer=working,
                    reasons=checked(clean_text, changes, f"What changes, for {child}", 4000, required=False))
    outcome = form.get(f"outcome-{i}") or ""
    if not outcome.strip():
        return None
    return dict(plan=False, category=None, answer="noted",
                reasons=checked(clean_text, outcome, f"What was decided for {child}", 4000))


def apology_lines(names: str) -> list[str]:
    lines = [checked(clean_line, line, "A name", 100) for line in (names or "").splitlines() if line.strip()]
    if len(lines) > 50:
        raise Invalid("That is a lot of names. Please write at most 50.")
    return lines


def _optional_day(form: Mapping[str, str], key: str, label: str) -> date | None:
    day = (form.get(key) or "").strip()
    return parse_day(day, label) if day else None


def plan_people(form: Mapping[str, str], getlist) -> dict:
    """The lead practitioner, the core group (chosen from who is here, and others by name), and
    the first core group's and the review's dates."""
    chosen = [checked(clean_line, name, "A core group member", 100) for name in getlist("core_group_people")]
    others = apology_lines(form.get("core_group_others") or "")
    members = list(dict.fromkeys(chosen + others))
    if len(members) > 50:
        raise Invalid("That is a lot of names. Please write at most 50.")
    return dict(lead_name=checked(clean_line, form.get("lead_name"), "The lead practitioner's name", 100, False),
                lead_agency=checked(clean_line, form.get("lead_agency"), "Where the lead practitioner works", 100, False),
                core_group="\n".join(members),
                first_core_group_on=_optional_day(form, "first_core_group_on", "the first core group's date"),
                review_on=_optional_day(form, "review_on", "the review's date"))


def read_form(form: Mapping[str, str], kind: str, getlist=None) -> DecideForm:
    """Check every part of the page before anything is written."""
    out, style = DecideForm(), decision_style(kind)
    for i in range(1, MAX_CHILDREN + 1):
        child = (form.get(f"child-{i}") or "").strip()
        if not child:
            break
        if style != "conference":
            values = answer_values(style, child, form, i)
            if values is not None:
                out.decisions.append((child, values))
            continue
        plan, category = form.get(f"plan-{i}") or "", form.get(f"category-{i}") or ""
        reasons = form.get(f"reasons-{i}") or ""
        if not plan and not reasons.strip():
            continue  # not decided yet: nothing to save for this child
        out.decisions.append((child, {**decision_values(child, plan, category, reasons), "answer": None}))
    name, words = form.get("dissent_name") or "", form.get("dissent_words") or ""
    if name.strip() or words.strip():
        out.dissent = (checked(clean_line, name, "Who disagrees", 100),
                       checked(clean_text, words, "What they said", 2000))
    if "apologies" in form:
        out.apologies = apology_lines(form.get("apologies") or "")
    if "next_date" in form:
        out.has_next_date = True
        out.next_date = _optional_day(form, "next_date", "the date of the next meeting")
    if style == "conference" and "lead_name" in form:
        out.plan_people = plan_people(form, getlist or (lambda key: []))
    return out


async def save_decision(change, child: str, values: dict) -> None:
    values = {"answer": None, **values}
    known = (await change.conn.execute(DECISION_FOR, {"meeting_id": change.meeting.id, "child": child})).first()
    if known is None:
        await change.conn.insert(DECISIONS, meeting_id=change.meeting.id, child=child, **values)
    elif all(getattr(known, key) == value for key, value in values.items()):
        return
    else:
        await change.conn.set(DECISIONS, known.id, updated_at=now(), **values)
    if values["answer"] is None:
        await change.record(EventKind.DECISION_RECORDED, child=child, plan=values["plan"], category=values["category"],
                            reasons=values["reasons"])
    else:
        await change.record(EventKind.DECISION_ANSWERED, child=child, answer=values["answer"], reasons=values["reasons"])


async def save_plan_people(change, values: dict) -> None:
    known = await change.conn.get(PLANS, change.meeting.id)
    if known is None:
        await change.conn.insert(PLANS, meeting_id=change.meeting.id, **values)
    elif all(getattr(known, key) == value for key, value in values.items()):
        return
    else:
        await change.conn.set(PLANS, change.meeting.id, updated_at=now(), **values)
    await change.record(EventKind.DECISION_PLAN_PEOPLE, **{k: v.isoformat() if isinstance(v, date) else v
                                                   for k, v in values.items()})


async def save_next_date(change, when: date | None) -> None:
    if change.meeting.next_meeting_on == when:
        return
    await change.conn.set(MEETINGS, change.meeting.id, next_meeting_on=when)
    await change.record(EventKind.DECISION_NEXT_MEETING, date=when.isoformat() if when else None)


async def save_apologies(change, lines: list[str]) -> None:
    text = "\n".join(lines)
    if change.meeting.apologies == text:
        return
    await change.conn.set(MEETINGS, change.meeting.id, apologies=text)
    await change.record(EventKind.DECISION_APOLOGIES, names=lines)


async def save_dissent(change, name: str, words: str) -> None:
    """Their words, once: the same name and words again (a second press, a reload) add nothing."""
    same = {"meeting_id": change.meeting.id, "name": name, "words": words}
    if (await change.conn.execute(SAME_DISSENT, same)).first() is not None:
        return
    dissent = await change.conn.insert(DISSENTS, meeting_id=change.meeting.id, name=name, words=words)
    await change.record(EventKind.DECISION_DISSENT, dissent=dissent.id, name=name, words=words)


async def save_all(changes, meeting_id: str, actor_id: str, form: Mapping[str, str], getlist=None) -> None:
    """The whole page in one change: all of it is saved, or (on a mistake) none of it. The
    questions checked are the meeting type's."""
    async with changes.change(meeting_id, actor_id, rules.chair) as change:
        checked_form = read_form(form, change.meeting.kind, getlist)
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
        if checked_form.plan_people is not None:
            await save_plan_people(change, checked_form.plan_people)
