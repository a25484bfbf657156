"""The meeting record: everything the meeting said and decided, read in one snapshot, as the
record page shows it and as the versioned JSON export (`docs/record.schema.json`) gives it."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, or_, select

from meeting_room.core.events import EventKind
from meeting_room.core.vocabulary import (
    COLUMNS,
    CONNECTION_LABELS,
    HOUSE_BY_COLUMN,
    MEETING_KIND_LABELS,
    PLAN_CATEGORY_LABELS,
    ROLE_LABELS,
    SECTION_LABELS,
    asked_on,
    children_of,
    children_without_decision,
)
from meeting_room.read.boards import CHILD, Board, load_board
from meeting_room.read.invitations import absent, invitations_on
from meeting_room.read.scales import ScaleView
from meeting_room.store.db import Database
from meeting_room.store.models import DecisionRow, DissentRow, Event, Meeting
from meeting_room.store.queries import DECISIONS_OF, DISSENTS_OF
from meeting_room.store.record_tables import (
    ConferencePlan,
    RecordCorrection,
    RecordVersion,
)

FORMAT, VERSION = "meeting-room-record", 1


VERSIONS_OF = (select(RecordVersion.__table__).where(RecordVersion.__table__.c.meeting_id == bindparam("meeting_id"))
               .order_by(RecordVersion.__table__.c.number))
CORRECTIONS_OF = (select(RecordCorrection.__table__)
                  .where(RecordCorrection.__table__.c.meeting_id == bindparam("meeting_id"))
                  .order_by(RecordCorrection.__table__.c.created_at))
PRIVATE_TIMES = (select(Event.__table__.c.kind, Event.__table__.c.created_at)
                 .where(Event.__table__.c.meeting_id == bindparam("meeting_id"),
                        or_(Event.__table__.c.kind == EventKind.MEETING_PRIVATE_STARTED,  # (IN would need expanding
                            Event.__table__.c.kind == EventKind.MEETING_PRIVATE_ENDED))   # parameters: db.py has none)
                 .order_by(Event.__table__.c.seq))
OUTSIDE_TIMES = (select(Event.__table__.c.kind, Event.__table__.c.created_at, Event.__table__.c.data)  # issue 24
                 .where(Event.__table__.c.meeting_id == bindparam("meeting_id"),
                        or_(Event.__table__.c.kind == EventKind.PARTICIPANT_OUTSIDE,
                            Event.__table__.c.kind == EventKind.PARTICIPANT_BACK))
                 .order_by(Event.__table__.c.seq))


@dataclass
class Record:
    board: Board
    decisions: list[DecisionRow]
    dissents: list[DissentRow]
    private_times: list[tuple[datetime, datetime | None]] = field(default_factory=list)  # when the family was paused
    plan_people: Any = None  # issue 23: the conference plan's lead practitioner, core group, dates
    versions: list = field(default_factory=list)  # issue 23: issued versions, oldest first
    corrections: list = field(default_factory=list)  # issue 23: requests for a correction, oldest first
    outside_times: list[tuple[str, datetime, datetime | None]] = field(default_factory=list)  # who waited outside, when
    invitations: list = field(default_factory=list)  # issue 24: the people invited before the meeting

    @property
    def invited_absent(self):
        """Invited, but did not come (and sent no apologies)."""
        return absent(self.invitations, self.attended, self.apologies)

    @property
    def meeting(self):
        return self.board.meeting

    @property
    def attended(self):
        return [p for p in self.board.participants if p.status in ("admitted", "outside")]

    @property
    def apologies(self) -> list[str]:
        return [name for name in (self.meeting.apologies or "").splitlines() if name]

    @property
    def children(self) -> list[str]:
        return children_of(self.board.case)

    @property
    def undecided(self) -> list[str]:
        return children_without_decision(self.board.case, [d.child for d in self.decisions])

    @property
    def plan(self):
        return self.board.items_in("next", any_section=True)

    @property
    def scales(self) -> list[ScaleView]:
        return self.board.scales

    @property
    def trends(self):
        """Scale questions asked at more than one of the family's meetings (review meetings)."""
        return [t for t in self.board.trends.values() if len(t.points) > 1]


async def record_of(db: Database, meeting_id: str) -> Record | None:
    async with db.snapshot() as c:
        return await record_on(c, meeting_id)


async def record_on(c, meeting_id: str) -> Record | None:
    """The record read on a connection already open (a snapshot, or a change's own transaction)."""
    meeting = await c.get(Meeting.__table__, meeting_id)
    if meeting is None:
        return None
    board = await load_board(c, meeting)
    params = {"meeting_id": meeting_id}
    return Record(board=board, decisions=(await c.execute(DECISIONS_OF, params)).all(),
                  dissents=(await c.execute(DISSENTS_OF, params)).all(),
                  private_times=_periods((await c.execute(PRIVATE_TIMES, params)).all()),
                  plan_people=await c.get(ConferencePlan.__table__, meeting_id),
                  versions=(await c.execute(VERSIONS_OF, params)).all(),
                  corrections=(await c.execute(CORRECTIONS_OF, params)).all(),
                  outside_times=_outside(board, (await c.execute(OUTSIDE_TIMES, params)).all()),
                  invitations=await invitations_on(c, meeting_id))


def _outside(board: Board, rows) -> list[tuple[str, datetime, datetime | None]]:
    """Each time someone was asked to wait outside: their name, and from when until when."""
    names = {p.id: p.name for p in board.participants}
    periods: list[tuple[str, datetime, datetime | None]] = []
    for kind, at, data in rows:
        pid = json.loads(data).get("participant")
        if kind == EventKind.PARTICIPANT_OUTSIDE:
            periods.append((pid, at, None))
        else:
            periods = [(p, start, at if p == pid and end is None else end) for p, start, end in periods]
    return [(names.get(pid, "Someone"), start, end) for pid, start, end in periods]


async def record_content(c, meeting_id: str) -> dict[str, Any]:
    """The record as issued in a version (JSON), read on the given connection."""
    return as_json(await record_on(c, meeting_id))


def _periods(rows) -> list[tuple[datetime, datetime | None]]:
    periods: list[tuple[datetime, datetime | None]] = []
    for kind, at in rows:
        if kind == EventKind.MEETING_PRIVATE_STARTED:
            periods.append((at, None))
        elif periods and periods[-1][1] is None:
            periods[-1] = (periods[-1][0], at)
    return periods


def _day(value) -> str | None:
    return value.isoformat() if value is not None else None


def _person(board: Board, pid: str | None) -> dict[str, Any]:
    if pid == CHILD:  # a child, not named in the family's copy
        return {"name": "A child", "connection": "", "role": ROLE_LABELS["child"], "agency": ""}
    person = board.participant(pid)
    if person is None:
        return {"name": "Someone who has left", "connection": "", "role": "", "agency": ""}
    return {"name": person.name, "connection": CONNECTION_LABELS.get(person.connection, "Other"),
            "role": ROLE_LABELS.get(person.role, ""), "agency": person.agency}


def _invited(invitation) -> dict[str, Any]:
    return {"name": invitation.name, "connection": CONNECTION_LABELS.get(invitation.connection, "Other"),
            "role": ROLE_LABELS.get(invitation.role, ""), "agency": invitation.agency}


def _item(board: Board, item) -> dict[str, Any]:
    by = {"name": item.recorded_for, "connection": "", "role": "", "agency": ""} if item.recorded_for \
        else _person(board, item.author_id)
    return {"text": item.text, "section": SECTION_LABELS.get(item.section or "", ""), "by": by,
            "recorded_by_chair": bool(item.recorded_for), "owner": item.owner, "due_on": _day(item.due_on),
            "agreement": _agreement(board, item), "professionals_only": item.professionals_only,
            "goal": _text_of(board, item.goal_id), "contingency": item.contingency,
            "childs_own_words": item.child_words, "family_plan": item.family_plan}


def _text_of(board: Board, item_id: str | None) -> str | None:
    found = next((i for i in board.items if i.id == item_id), None) if item_id else None
    return found.text if found else None


def _agreement(board: Board, item) -> dict[str, list[str]] | None:
    """Who agreed, disagreed or was not sure: danger statements and safety goals only."""
    if not asked_on(item):
        return None
    spread = board.agreements.get(item.id)
    return {key: [_person(board, pid)["name"] for pid in (spread.of(key) if spread else [])]
            for key in ("agree", "disagree", "unsure")}


def _scale(view: ScaleView) -> dict[str, Any]:
    result = view.result
    answers = [] if result is None else [
        {"value": a.value, "name": a.name or None, "group": a.group if a.role else None, "reason": a.reason,
         "for_someone_without_a_device": None if view.anonymous else a.on_behalf, "child": a.child}
        for a in result.answers]
    summary = result.everyone if result is not None else None
    return {"question": view.question, "for_children": view.for_children, "ten_means": view.ten, "zero_means": view.zero, "names_hidden": view.anonymous,
            "answers_shown": result is not None, "answers": answers, "children_answers_kept_back": view.children_withheld,
            "count": summary.count if summary else 0, "lowest": summary.lowest if summary else None,
            "highest": summary.highest if summary else None, "median": summary.median if summary else None}


def _plan(plan) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {"lead_practitioner": plan.lead_name, "lead_agency": plan.lead_agency,
            "core_group": [n for n in plan.core_group.split("\n") if n],
            "first_core_group_on": _day(plan.first_core_group_on), "review_on": _day(plan.review_on)}


def as_json(record: Record) -> dict[str, Any]:
    """The export, version 1: see docs/record.schema.json."""
    meeting, board = record.meeting, record.board
    return {
        "format": FORMAT, "version": VERSION,
        "meeting": {"id": meeting.id, "title": meeting.title, "kind": MEETING_KIND_LABELS.get(meeting.kind, ""),
                    "held_on": _day(meeting.held_on), "closed": meeting.status == "closed",
                    "closed_at": meeting.closed_at.isoformat() if meeting.closed_at else None,
                    "next_meeting_on": _day(meeting.next_meeting_on), "family": board.case.family_name,
                    "children": record.children},
        "childs_view": [{"child": i.child_words, "house": HOUSE_BY_COLUMN[i.column].name, "words": i.text}
                        for i in board.items if i.child_words],
        "childs_pictures": [{"child": p.child, "house": HOUSE_BY_COLUMN[p.column].name if p.column else None,
                             "description": p.description, "address": f"/meetings/{meeting.id}/pictures/{p.id}"}
                            for p in board.pictures],
        "attended": [_person(board, p.id) for p in record.attended],
        "apologies": record.apologies,
        "invited_absent": [_invited(i) for i in record.invited_absent],
        "columns": [{"heading": column.heading, "items": [_item(board, i) for i in board.items_in(
            column.key, any_section=True)]} for column in COLUMNS],
        "scales": [_scale(view) for view in record.scales],
        "decisions": [{"child": d.child, "child_protection_plan": d.plan,
                       "category": PLAN_CATEGORY_LABELS.get(d.category or "") or None, "reasons": d.reasons,
                       **({"answer": d.answer} if d.answer else {})} for d in record.decisions],
        **({"plan": _plan(record.plan_people)} if record.plan_people else {}),
        "dissent": [{"name": d.name, "words": d.words} for d in record.dissents],
        "private_discussions": [{"from": start.isoformat(), "to": end.isoformat() if end else None}
                                for start, end in record.private_times],
    }
