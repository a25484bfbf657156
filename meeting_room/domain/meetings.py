"""Meetings themselves: join codes, preparing a meeting, opening and closing joining, the lists
a chair sees, and the history the chair may read."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import bindparam, select

from meeting_room.core import rules
from meeting_room.core.agendas import default_agenda
from meeting_room.core.codes import CODE_LENGTH, new_join_code, normalise_code
from meeting_room.core.errors import Invalid, NotFound
from meeting_room.core.events import EventKind, Happened
from meeting_room.core.meeting_types import WITHOUT_FAMILY, initials
from meeting_room.core.staff_roles import check_chair
from meeting_room.core.text import checked, clean_line, parse_day
from meeting_room.core.vocabulary import MEETING_KIND_LABELS
from meeting_room.domain.changes import Change, Changes
from meeting_room.store.db import Connection, Database
from meeting_room.store.models import (
    Case,
    CaseRow,
    Event,
    Meeting,
    MeetingRow,
    Participant,
    Scale,
    now,
)

MEETINGS, CASES, PARTICIPANTS = Meeting.__table__, Case.__table__, Participant.__table__
EVENTS, SCALES = Event.__table__, Scale.__table__
BY_CODE = select(MEETINGS).where(MEETINGS.c.join_code == bindparam("code"))
CODE_USED = select(MEETINGS.c.id).where(MEETINGS.c.join_code == bindparam("code"))
CHAIRED_BY = (select(MEETINGS, CASES.c.family_name, CASES.c.children).join(CASES, CASES.c.id == MEETINGS.c.case_id)
              .where(MEETINGS.c.chair_id == bindparam("user_id"))
              .order_by(MEETINGS.c.held_on.desc(), MEETINGS.c.created_at.desc()))
CASES_OF = select(CASES).where(CASES.c.owner_id == bindparam("user_id")).order_by(CASES.c.family_name)
HISTORY = select(EVENTS).where(EVENTS.c.meeting_id == bindparam("meeting_id")).order_by(EVENTS.c.seq)
SCALES_OF = select(SCALES).where(SCALES.c.meeting_id == bindparam("meeting_id"))


async def meeting_by_code(db: Database, code: str) -> MeetingRow | None:
    """The meeting a code lets people join now; unknown, closed and ended codes alike give None."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    async with db.read() as c:
        m = (await c.execute(BY_CODE, {"code": code})).first()
    return m if m is not None and m.joining_open and m.status == "open" else None


async def unused_code(c: Connection) -> str:
    while True:
        code = new_join_code()
        if (await c.execute(CODE_USED, {"code": code})).first() is None:
            return code


def meeting_date(held_on: str) -> date:
    return parse_day(held_on, "the meeting date")


def new_case(kind: str, family_name: str, children: str) -> dict:
    """A family, or, for a meeting without one, only the children's initials."""
    if kind not in WITHOUT_FAMILY:
        return dict(family_name=checked(clean_line, family_name, "Family name", 100),
                    children=checked(clean_line, children, "Children's first names", 300))
    children = checked(clean_line, children, "Children's initials", 300, required=False)
    if not initials(children):
        raise Invalid("This meeting has no family in it: please write the children's initials only, for example J.S.")
    return dict(family_name="", children=children)


class Meetings:
    def __init__(self, changes: Changes):
        self.changes = changes
        self.db = changes.db

    def by_code(self, code: str):
        return meeting_by_code(self.db, code)

    async def create(self, user, *, case_id: str | None, family_name: str, children: str, title: str, kind: str,
                     held_on: str, detailed: bool) -> MeetingRow:
        check_chair(user)
        title = checked(clean_line, title, "Meeting title", 150)
        if kind not in MEETING_KIND_LABELS:
            raise Invalid("Please choose the type of meeting.")
        day = meeting_date(held_on)
        case_id = None if kind in WITHOUT_FAMILY else case_id
        async with self.db.write() as c:
            if case_id:
                case = await c.get(CASES, case_id)
                if case is None or case.owner_id != user.id:
                    raise NotFound("That family could not be found.")
            else:
                case = await c.insert(CASES, owner_id=user.id, **new_case(kind, family_name, children))
            staff_only = kind in WITHOUT_FAMILY  # no family joins: no join code
            meeting = await c.insert(MEETINGS, case_id=case.id, chair_id=user.id, title=title, kind=kind, held_on=day,
                                     detailed=detailed, join_code=None if staff_only else await unused_code(c),
                                     joining_open=not staff_only, agenda=default_agenda(kind), agenda_since=now(),
                                     team_id=user.team_id)
            chair = await c.insert(PARTICIPANTS, meeting_id=meeting.id, user_id=user.id, name=user.name,
                                   connection="chair", role="chair", status="admitted", entered=True)
            change = Change(c, meeting, rules.Actor(chair.id, "chair", user.id), self.changes.broker)
            seq = await change.record(EventKind.MEETING_CREATED, title=title, kind=kind, date=day.isoformat())
        self.changes.broker.committed(meeting.id, seq)
        return replace_seq(meeting, seq)

    async def set_joining(self, meeting_id: str, actor_id: str, open_: bool) -> None:
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            if change.meeting.joining_open == open_:
                return
            code = change.meeting.join_code or (await unused_code(change.conn) if open_ else None)
            await change.conn.set(MEETINGS, meeting_id, joining_open=open_, join_code=code)
            await change.record(EventKind.MEETING_JOINING, open=open_)

    async def chaired_by(self, user_id: str) -> list:
        """The chair's meetings, newest first, with their family's name and children."""
        async with self.db.read() as c:
            return (await c.execute(CHAIRED_BY, {"user_id": user_id})).all()

    async def cases_of(self, user_id: str) -> list[CaseRow]:
        async with self.db.read() as c:
            return (await c.execute(CASES_OF, {"user_id": user_id})).all()

    async def history(self, meeting_id: str) -> list[Happened]:
        """Every event, for the chair. Answers to a scale not yet revealed stay hidden, and the
        names on anonymous scales are left out."""
        async with self.db.snapshot() as c:
            events = [Happened.of(e) for e in await c.execute(HISTORY, {"meeting_id": meeting_id})]
            scales = {s.id: s for s in await c.execute(SCALES_OF, {"meeting_id": meeting_id})}
        return [_as_the_chair_may_see(e, scales) for e in events]


def _as_the_chair_may_see(event: Happened, scales: dict) -> Happened:
    if event.kind.name != EventKind.SCALE_ANSWERED:
        return event
    data, actor = dict(event.data), event.actor_id
    scale = scales.get(data.get("scale"))
    if scale is None or scale.status == "open":
        data.update(value="hidden until the answers are shown", before=None, reason=None)
    if scale is None or scale.anonymous:
        # Neither who nor which number: matched with the order in which "not answered yet"
        # shrank, the numbers would give each person's answer away.
        actor = None
        data.update({"for": None, "value": "names are hidden, so the number is not shown here", "before": None,
                     "reason": None})
    return replace(event, actor_id=actor, data=data)


def replace_seq(meeting: MeetingRow, seq: int) -> MeetingRow:
    return meeting._replace(seq=seq)
