"""The meetings service: every change to a meeting, its permission check and its history event.

Each change is ONE transaction that changes rows, appends an `Event` numbered by the meeting's
`seq`, and (inside the transaction) lets the broker announce it. Only after the commit is anyone
told: `broker.committed(meeting_id, seq)` rings the doorbell. Nothing here knows about HTTP.
"""

from __future__ import annotations

import json
import re
import logging
import secrets
from dataclasses import dataclass, field, replace
from functools import cached_property
from operator import attrgetter
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from .db import Database
from .errors import Conflict, Invalid, NotAllowed, NotFound, TooMany
from .models import Case, Event, Item, Meeting, Participant, Scale, User, Vote, new_id, now
from .scales import DEFAULT_QUESTION, DEFAULT_TEN, DEFAULT_ZERO, PROMPTS, ScaleView, scale_view
from .security import hash_secret, new_secret
from .text import TextError, clean_line, clean_text
from .vocabulary import CONNECTION_ROLES, COLUMNS, MEETING_KIND_LABELS, valid_place

log = logging.getLogger("meeting_room.meetings")

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 8  # 32**8 = 2**40 codes
ITEM_MAX = 1000
NAME_MAX = 60


# Built once: the hot path of every change then costs no statement building.
# The meeting row is locked (PostgreSQL: FOR UPDATE OF meeting; SQLite's BEGIN IMMEDIATE already
# holds the lock) and read fresh, with the person making the change, in one statement.
MEETINGS, PARTICIPANTS, ITEMS, EVENTS = Meeting.__table__, Participant.__table__, Item.__table__, Event.__table__
MEETING_AND_ACTOR = (select(MEETINGS, PARTICIPANTS.c.id.label("actor_id"), PARTICIPANTS.c.role.label("actor_role"),
                            PARTICIPANTS.c.status.label("actor_status"),
                            PARTICIPANTS.c.user_id.label("actor_user_id"))
                     .join(PARTICIPANTS, (PARTICIPANTS.c.meeting_id == MEETINGS.c.id)
                           & (PARTICIPANTS.c.id == bindparam("actor_id")))
                     .where(MEETINGS.c.id == bindparam("meeting_id"))
                     .with_for_update(of=MEETINGS))
NEXT_SEQ = (update(MEETINGS).where(MEETINGS.c.id == bindparam("meeting_id"))
            .values(seq=MEETINGS.c.seq + 1).returning(MEETINGS.c.seq))
INSERT_EVENT = insert(EVENTS)
ITEM_BY_ID = select(ITEMS).where(ITEMS.c.id == bindparam("id"))
PARTICIPANT_BY_SESSION = select(PARTICIPANTS).where(PARTICIPANTS.c.session_hash == bindparam("session_hash"))
ITEM_ID_BY_CLIENT_TOKEN = select(ITEMS.c.id).where(ITEMS.c.meeting_id == bindparam("meeting_id"),
                                                  ITEMS.c.client_token == bindparam("client_token"))
# A new item goes after the meeting's last one; the position is worked out inside the INSERT.
NEXT_POSITION = (select(func.coalesce(func.max(ITEMS.c.position), 0) + 1)
                 .where(ITEMS.c.meeting_id == bindparam("in_meeting")).scalar_subquery())
EVENTS_AFTER = (select(EVENTS).where(EVENTS.c.meeting_id == bindparam("meeting_id"), EVENTS.c.seq > bindparam("after"))
                .order_by(EVENTS.c.seq))


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """What people type: lower case, spaces, hyphens, O for 0 and I for 1."""
    code = (code or "")[:40].upper().replace("-", "").replace(" ", "")
    return code.replace("0", "O").replace("1", "I")


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if code else ""


def _text(fn, value, label, max_length, required=True):
    try:
        return fn(value, label, max_length, required)
    except TextError as e:
        raise Invalid(str(e)) from None


ITEM_ORDER = attrgetter("position", "created_at")


@dataclass(frozen=True)
class Actor:
    """Who is making a change, as far as the permission checks need to know."""
    id: str
    role: str
    user_id: str | None


@dataclass
class Board:
    """Everything needed to draw one meeting, read in one transaction."""
    meeting: Meeting
    case: Case
    participants: list[Participant]
    items: list[Item]
    removed_items: list[Item] = field(default_factory=list)
    scales: list[ScaleView] = field(default_factory=list)  # oldest first; no numbers before a reveal
    patched_to: int | None = None  # the seq of the newest item change patched in since the meeting was read

    @classmethod
    def of(cls, meeting: Meeting) -> "Board":
        """A board that knows only its meeting: enough for a form."""
        return cls(meeting=meeting, case=None, participants=[], items=[])

    @property
    def seq(self) -> int:
        return self.meeting.seq if self.patched_to is None else self.patched_to

    def people(self, status: str) -> list[Participant]:
        return [p for p in self.participants if p.status == status]

    def items_in(self, column: str, section: str | None = None, any_section: bool = False) -> list[Item]:
        return [i for i in self.items if i.column == column and (any_section or i.section == section)]

    def participant(self, pid: str) -> Participant | None:
        return self.people_by_id.get(pid)

    @cached_property
    def people_by_id(self) -> dict[str, Participant]:
        return {p.id: p for p in self.participants}

    @property
    def current_scale(self) -> ScaleView | None:
        """The scale on the screens now: the latest one not put away."""
        showing = [s for s in self.scales if s.status != "closed"]
        return showing[-1] if showing else None

    @property
    def earlier_scales(self) -> list[ScaleView]:
        current = self.current_scale
        return [s for s in self.scales if s.status != "open" and s is not current]

    def danger_statements(self) -> list[Item]:
        return self.items_in("worries", "danger")

    def patched(self, changed: dict[str, Any], seq: int) -> "Board":
        """A copy with these items as they are now, at sequence number `seq`."""
        everything = {i.id: i for i in self.items + self.removed_items}
        everything.update(changed)
        ordered = sorted(everything.values(), key=ITEM_ORDER)
        return replace(self, items=[i for i in ordered if not i.removed],
                       removed_items=[i for i in ordered if i.removed], patched_to=seq)


MAX_WAITING = 40  # people waiting to be let in to one meeting at once


class Meetings:
    def __init__(self, db: Database, broker):
        self.db = db
        self.broker = broker
        self._layouts: dict[str, Meeting] = {}
        # INSERT … ON CONFLICT (meeting_id, client_token) DO NOTHING, in this database's dialect:
        # the same submission twice (a double tap) adds one item.
        insert_for = sqlite_insert if db.sqlite else postgresql_insert
        self._add_item_statement = (insert_for(ITEMS).values(position=NEXT_POSITION)
                                    .on_conflict_do_nothing(index_elements=["meeting_id", "client_token"])
                                    .returning(ITEMS.c.id))

    # ------------------------------------------------------------ the one write path

    async def _record(self, s: AsyncSession, meeting_id: str, actor_id: str | None, kind: str,
                      data: dict[str, Any]) -> int:
        seq = (await s.execute(NEXT_SEQ, {"meeting_id": meeting_id})).scalar_one()
        await s.execute(INSERT_EVENT, {"meeting_id": meeting_id, "seq": seq, "actor_id": actor_id, "kind": kind,
                                         "data": json.dumps(data, ensure_ascii=False), "created_at": now()})
        await self.broker.announce(s, meeting_id, seq)
        return seq


    def _told(self, meeting_id: str, seq: int) -> None:
        self.broker.committed(meeting_id, seq)

    # ------------------------------------------------------------ reading

    async def board(self, meeting_id: str) -> Board | None:
        async with self.db.read() as s:
            return await self._load_board(s, meeting_id)

    async def _load_board(self, s: AsyncSession, meeting_id: str, meeting: Meeting | None = None) -> Board | None:
        meeting = meeting or await s.get(Meeting, meeting_id)
        if meeting is None:
            return None
        case = await s.get(Case, meeting.case_id)
        people = (await s.execute(select(Participant).where(Participant.meeting_id == meeting_id)
                                  .order_by(Participant.created_at, Participant.id))).scalars().all()
        items = (await s.execute(select(ITEMS).where(ITEMS.c.meeting_id == meeting_id)
                                 .order_by(ITEMS.c.position, ITEMS.c.created_at))).all()
        scales = (await s.execute(select(Scale).where(Scale.meeting_id == meeting_id)
                                  .order_by(Scale.created_at, Scale.id))).scalars().all()
        votes = (await s.execute(select(Vote).join(Scale, Scale.id == Vote.scale_id)
                                 .where(Scale.meeting_id == meeting_id))).scalars().all() if scales else []
        texts = {i.id: i.text for i in items if not i.removed}
        views = []
        for scale in scales:
            view = scale_view(scale, [v for v in votes if v.scale_id == scale.id], people)
            view.about = texts.get(scale.about_item_id or "")
            views.append(view)
        return Board(meeting=meeting, case=case, participants=list(people),
                     items=[i for i in items if not i.removed],
                     removed_items=[i for i in items if i.removed], scales=views)

    async def changes(self, meeting_id: str, after: int, known: Board | None) -> tuple[Board | None, list]:
        """The board as it is now and the events since `after`.

        Most changes in a meeting add, edit or remove single items: then, when a board is `known`,
        only the new events and the items they name are read (autocommit: an item may already
        show a later change, which its own event will send again, harmlessly) and patched into a
        copy of it. Anything else reads the whole board again, with the events up to the seq it
        was read at, in one snapshot: a board whose content ran ahead of its seq would make the
        next event add an item twice."""
        if known is not None and after >= 0:
            async with self.db.read_rows() as c:
                events = (await c.execute(EVENTS_AFTER, {"meeting_id": meeting_id, "after": after})).all()
                touched = {json.loads(e.data).get("item") for e in events}
                quoted = {v.about_item_id for v in known.scales}
                if events and all(e.kind in ITEM_ONLY for e in events) and not quoted & touched:
                    changed = {}
                    for item_id in touched:  # usually one
                        for i in await c.execute(ITEM_BY_ID, {"id": item_id}):
                            changed[i.id] = i
                    return known.patched(changed, seq=events[-1].seq), events
        async with self.db.read() as s:
            meeting = await self._fresh_meeting(s, meeting_id)
            if meeting is None:
                return None, []
            if known is not None and after >= 0 and not events and meeting.seq == known.seq:
                return replace(known, meeting=meeting, patched_to=None), []  # nothing new: someone came or went
            events = (await s.execute(EVENTS_AFTER.where(EVENTS.c.seq <= meeting.seq),
                                      {"meeting_id": meeting_id, "after": after})).all() if after >= 0 else []
            return await self._load_board(s, meeting_id, meeting), events

    async def _fresh_meeting(self, s: AsyncSession, meeting_id: str) -> Meeting | None:
        return (await s.execute(select(Meeting).where(Meeting.id == meeting_id)
                                .execution_options(populate_existing=True))).scalar_one_or_none()

    async def meeting(self, meeting_id: str) -> Meeting:
        """The meeting's own row (a fresh read: its status and joining change)."""
        async with self.db.read() as s:
            meeting = await s.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFound("That meeting could not be found.")
        return meeting

    async def layout(self, meeting_id: str) -> Meeting:
        """The meeting's id and layout (detailed or not), which never change: kept after the
        first read, so drawing a fresh form costs no query."""
        known = self._layouts.get(meeting_id)
        if known is None:
            meeting = await self.meeting(meeting_id)
            known = self._layouts[meeting_id] = Meeting(id=meeting.id, case_id=meeting.case_id,
                                                        chair_id=meeting.chair_id, title="", kind=meeting.kind,
                                                        held_on=meeting.held_on, detailed=meeting.detailed)
            if len(self._layouts) > 10_000:
                self._layouts.clear()
        return known

    async def seq(self, meeting_id: str) -> int | None:
        async with self.db.read() as s:
            return (await s.execute(select(Meeting.seq).where(Meeting.id == meeting_id))).scalar_one_or_none()

    async def events_after(self, meeting_id: str, after: int, upto: int | None = None) -> list[Event]:
        query = select(Event).where(Event.meeting_id == meeting_id, Event.seq > after)
        if upto is not None:
            query = query.where(Event.seq <= upto)
        async with self.db.read() as s:
            return list((await s.execute(query.order_by(Event.seq))).scalars().all())

    async def history(self, meeting_id: str) -> list[Event]:
        """Every event, for the chair. Answers to a scale not yet revealed stay hidden, and the
        names on anonymous scales are left out."""
        events = await self.events_after(meeting_id, 0)
        async with self.db.read() as s:
            scales = {sc.id: sc for sc in (await s.execute(select(Scale).where(Scale.meeting_id == meeting_id)))
                      .scalars().all()}
        shown = []
        for event in events:
            if event.kind == "scale.answered":
                data = json.loads(event.data)
                scale = scales.get(data.get("scale"))
                actor = event.actor_id
                if scale is None or scale.status == "open":
                    data.update(value="hidden until the answers are shown", before=None, reason=None)
                if scale is None or scale.anonymous:
                    # Neither who nor which number: matched with the order in which "not answered
                    # yet" shrank, the numbers would give each person's answer away.
                    actor = None
                    data.update({"for": None, "value": "names are hidden, so the number is not shown here", "before": None,
                                 "reason": None})
                event = Event(meeting_id=event.meeting_id, seq=event.seq, actor_id=actor, kind=event.kind,
                              data=json.dumps(data, ensure_ascii=False), created_at=event.created_at)
            shown.append(event)
        return shown

    async def meetings_for(self, user_id: str) -> list[tuple[Meeting, Case]]:
        async with self.db.read() as s:
            rows = (await s.execute(select(Meeting, Case).join(Case, Case.id == Meeting.case_id)
                                    .where(Meeting.chair_id == user_id)
                                    .order_by(Meeting.held_on.desc(), Meeting.created_at.desc()))).all()
        return [(m, c) for m, c in rows]

    async def cases_for(self, user_id: str) -> list[Case]:
        async with self.db.read() as s:
            return list((await s.execute(select(Case).where(Case.owner_id == user_id)
                                         .order_by(Case.family_name))).scalars().all())

    async def participant_by_secret(self, meeting_id: str, secret: str | None) -> Participant | None:
        if not secret:
            return None
        async with self.db.read_rows() as c:
            p = (await c.execute(PARTICIPANT_BY_SESSION, {"session_hash": hash_secret(secret)})).first()
        return p if p is not None and p.meeting_id == meeting_id else None

    async def chair_participant(self, meeting_id: str, user: User | None) -> Participant | None:
        """The chair's own participant row, if `user` chairs this meeting."""
        if user is None:
            return None
        async with self.db.read() as s:
            return (await s.execute(select(Participant).where(
                Participant.meeting_id == meeting_id, Participant.user_id == user.id,
                Participant.role == "chair"))).scalar_one_or_none()

    async def meeting_by_code(self, code: str) -> Meeting | None:
        """The meeting a code lets people join now; unknown, closed and ended codes alike give None."""
        code = normalise_code(code)
        if len(code) != CODE_LENGTH:
            return None
        async with self.db.read() as s:
            m = (await s.execute(select(Meeting).where(Meeting.join_code == code))).scalar_one_or_none()
        if m is None or not m.joining_open or m.status != "open":
            return None
        return m

    # ------------------------------------------------------------ preparing

    async def create_meeting(self, user: User, *, case_id: str | None, family_name: str, children: str,
                             title: str, kind: str, held_on: str, detailed: bool) -> Meeting:
        title = _text(clean_line, title, "Meeting title", 150)
        if kind not in MEETING_KIND_LABELS:
            raise Invalid("Please choose the type of meeting.")
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", held_on or ""):
                raise ValueError("not YYYY-MM-DD")  # fromisoformat also takes 20260101 and week dates
            day = date.fromisoformat(held_on)
        except ValueError:
            raise Invalid("Please give the meeting date as a real date, like 2026-03-14.") from None
        if not 2000 <= day.year <= 2100:
            raise Invalid("Please give a meeting date between the years 2000 and 2100.")
        async with self.db.write() as s:
            if case_id:
                case = await s.get(Case, case_id)
                if case is None or case.owner_id != user.id:
                    raise NotFound("That family could not be found.")
            else:
                family = _text(clean_line, family_name, "Family name", 100)
                kids = _text(clean_line, children, "Children's first names", 300)  # whose meeting it is
                case = Case(owner_id=user.id, family_name=family, children=kids)
                s.add(case)
                await s.flush()
            meeting = Meeting(case_id=case.id, chair_id=user.id, title=title, kind=kind, held_on=day,
                              detailed=detailed, join_code=await self._unused_code(s))
            s.add(meeting)
            await s.flush()
            chair = Participant(meeting_id=meeting.id, user_id=user.id, name=user.name, connection="chair",
                                role="chair", status="admitted", entered=True)
            s.add(chair)
            await s.flush()
            seq = await self._record(s, meeting.id, chair.id, "meeting.created",
                                     {"title": title, "kind": kind, "date": day.isoformat()})
        self._told(meeting.id, seq)
        return meeting

    async def _unused_code(self, s: AsyncSession) -> str:
        while True:
            code = new_join_code()
            if not (await s.execute(select(Meeting.id).where(Meeting.join_code == code))).first():
                return code

    # ------------------------------------------------------------ permission checks (inside a write)

    async def _member(self, s, meeting_id: str, actor_id: str) -> tuple[Any, "Actor"]:
        """The meeting (a row: read fresh and locked) and the admitted person changing it.

        The meeting row is locked first, so changes to one meeting happen one after another on
        PostgreSQL too (SQLite's BEGIN IMMEDIATE already does this): a double tap's second
        transaction sees the first one's row and is applied once. `s` is a session or a connection."""
        found = (await s.execute(MEETING_AND_ACTOR, {"meeting_id": meeting_id, "actor_id": actor_id})).first()
        if found is None:
            raise NotFound("That meeting could not be found.")
        if found.actor_status != "admitted":
            raise NotAllowed("You are not in this meeting now.")
        if found.status != "open":
            raise NotAllowed("This meeting has closed. Nothing can be changed now.")
        return found, Actor(id=found.actor_id, role=found.actor_role, user_id=found.actor_user_id)

    async def _chair(self, s, meeting_id: str, actor_id: str) -> tuple[Any, "Actor"]:
        meeting, actor = await self._member(s, meeting_id, actor_id)
        if actor.role != "chair" or actor.user_id != meeting.chair_id:
            log.warning("refused chair action by a participant")
            raise NotAllowed("Only the chair can do that.")
        return meeting, actor

    async def _item(self, s: AsyncSession, meeting_id: str, item_id: str) -> Item:
        item = await s.get(Item, item_id)
        if item is None or item.meeting_id != meeting_id:
            raise NotFound("That item could not be found. It may have been removed.")
        return item

    # ------------------------------------------------------------ joining and admission

    async def set_joining(self, meeting_id: str, actor_id: str, open_: bool) -> None:
        async with self.db.write() as s:
            meeting, actor = await self._chair(s, meeting_id, actor_id)
            if meeting.joining_open == open_:
                return
            code = meeting.join_code or (await self._unused_code(s) if open_ else None)
            await s.execute(update(MEETINGS).where(MEETINGS.c.id == meeting_id)
                            .values(joining_open=open_, join_code=code))
            seq = await self._record(s, meeting_id, actor.id, "meeting.joining",
                                     {"open": open_})
        self._told(meeting_id, seq)

    async def join(self, code: str, name: str, connection: str, agency: str) -> tuple[Participant, str]:
        """Put someone in the lobby. Returns them and their session secret."""
        name = _text(clean_line, name, "Your name", NAME_MAX)
        if connection not in CONNECTION_ROLES:
            raise Invalid("Please choose your connection to the child.")
        agency = _text(clean_line, agency, "Where you work", 80, required=False)
        if CONNECTION_ROLES[connection] == "professional" and not agency:
            raise Invalid("Please say where you work, for example: school, health visiting.")
        meeting = await self.meeting_by_code(code)
        if meeting is None:
            raise NotFound("That code does not match a meeting that is open to join.")
        secret = new_secret()
        async with self.db.write() as s:
            m = await s.get(Meeting, meeting.id)
            if m is None or not m.joining_open or m.status != "open":
                raise NotFound("That code does not match a meeting that is open to join.")
            waiting = (await s.execute(select(func.count()).select_from(Participant).where(
                Participant.meeting_id == m.id, Participant.status == "waiting"))).scalar_one()
            if waiting >= MAX_WAITING:  # counted inside the lock: it holds across processes
                raise TooMany("The waiting room is full. Please tell the chair you are here.")
            person = Participant(meeting_id=m.id, name=name, connection=connection, agency=agency,
                                 role=CONNECTION_ROLES[connection], status="waiting",
                                 session_hash=hash_secret(secret))
            s.add(person)
            await s.flush()
            seq = await self._record(s, m.id, person.id, "participant.waiting",
                                     {"participant": person.id, "name": name, "connection": connection})
        self._told(m.id, seq)
        return person, secret

    async def _decide(self, meeting_id: str, actor_id: str, pid: str, allowed_from: set[str],
                      to: str, kind: str) -> None:
        async with self.db.write() as s:
            _, actor = await self._chair(s, meeting_id, actor_id)
            person = await s.get(Participant, pid)
            if person is None or person.meeting_id != meeting_id:
                raise NotFound("That person could not be found.")
            if person.role == "chair":
                raise Invalid("The chair cannot be removed from their own meeting.")
            if person.status not in allowed_from:
                return  # already done (double tap): nothing to change
            before = person.status
            person.status = to
            if to in {"removed", "turned_away"}:
                person.session_hash = None  # every device and link of theirs stops working
            seq = await self._record(s, meeting_id, actor.id, kind,
                                     {"participant": pid, "before": before, "after": to})
        log.info("chair decision %s", kind)
        self._told(meeting_id, seq)

    async def admit(self, meeting_id: str, actor_id: str, pid: str) -> None:
        await self._decide(meeting_id, actor_id, pid, {"waiting"}, "admitted", "participant.admitted")

    async def turn_away(self, meeting_id: str, actor_id: str, pid: str) -> None:
        await self._decide(meeting_id, actor_id, pid, {"waiting"}, "turned_away", "participant.turned_away")

    async def remove_participant(self, meeting_id: str, actor_id: str, pid: str) -> None:
        await self._decide(meeting_id, actor_id, pid, {"waiting", "admitted"}, "removed",
                           "participant.removed")

    async def enter(self, meeting_id: str, secret: str | None) -> tuple[Participant, str] | None:
        """Swap the lobby secret of someone just admitted for a fresh one.

        A cookie or link copied while waiting is then useless. Returns None unless the secret
        belongs to an admitted participant of this meeting."""
        if not secret:
            return None
        fresh = new_secret()
        async with self.db.write() as s:
            person = (await s.execute(select(Participant).where(
                Participant.session_hash == hash_secret(secret)))).scalar_one_or_none()
            if (person is None or person.meeting_id != meeting_id or person.status != "admitted"
                    or person.entered):
                return None
            person.session_hash, person.entered = hash_secret(fresh), True
        return person, fresh

    # ------------------------------------------------------------ items

    async def add_item(self, meeting_id: str, actor_id: str, *, column: str, section: str | None,
                       text: str, recorded_for: str = "", client_token: str = "") -> str:
        """Add an item; returns its id (the first copy's, when the same submission comes twice)."""
        if not valid_place(column, section):
            raise Invalid("Please choose a column to add to.")
        text = _text(clean_text, text, "Your text", ITEM_MAX)
        client_token = (client_token or "")[:64] or None
        async with self.db.write_rows() as s:  # Core statements only: the hottest path
            meeting, actor = await self._member(s, meeting_id, actor_id)
            if recorded_for and actor.role != "chair":
                raise NotAllowed("Only the chair can add something for someone else.")
            recorded_for = _text(clean_line, recorded_for, "Who it is for", NAME_MAX, required=False) or None
            if not meeting.detailed:
                section = None
            elif section is None:  # detailed layout: every item sits in a section
                section = next(c for c in COLUMNS if c.key == column).sections[0].key
            # Position and the double-tap check ride on the insert itself: a second copy of the
            # same submission (same client token) inserts nothing.
            item_id = new_id()
            moment = now()
            added = (await s.execute(self._add_item_statement, {
                "id": item_id, "meeting_id": meeting_id, "in_meeting": meeting_id, "column": column,
                "section": section, "text": text, "author_id": actor.id, "recorded_for": recorded_for,
                "client_token": client_token, "version": 1, "removed": False, "created_at": moment,
                "updated_at": moment})).scalar_one_or_none()
            if added is None:
                return (await s.execute(ITEM_ID_BY_CLIENT_TOKEN, {"meeting_id": meeting_id,
                                                                  "client_token": client_token})).scalar_one()
            seq = await self._record(s, meeting_id, actor.id, "item.added",
                                     {"item": item_id, "column": column, "section": section, "text": text,
                                      "recorded_for": recorded_for})
        self._told(meeting_id, seq)
        return item_id

    async def edit_item(self, meeting_id: str, actor_id: str, item_id: str, text: str, version: int) -> Item:
        text = _text(clean_text, text, "Your text", ITEM_MAX)
        async with self.db.write() as s:
            _, actor = await self._member(s, meeting_id, actor_id)
            item = await self._item(s, meeting_id, item_id)
            if actor.role != "chair" and item.author_id != actor.id:
                raise NotAllowed("Only the person who added this, or the chair, can change it.")
            if item.removed:
                raise NotFound("That item has been removed.")
            if item.version != version:
                raise Conflict("This changed while you were editing. Your words are kept below.",
                               item.text, item.version)
            if item.text == text:
                return item
            before = item.text
            item.text, item.version, item.updated_at = text, item.version + 1, now()
            item.edited_by = None if actor.id == item.author_id else actor.id
            seq = await self._record(s, meeting_id, actor.id, "item.edited",
                                     {"item": item.id, "column": item.column, "before": before, "after": text})
        self._told(meeting_id, seq)
        return item

    async def move_item(self, meeting_id: str, actor_id: str, item_id: str, column: str,
                        section: str | None) -> None:
        if not valid_place(column, section):
            raise Invalid("Please choose where to move it.")
        async with self.db.write() as s:
            meeting, actor = await self._chair(s, meeting_id, actor_id)
            item = await self._item(s, meeting_id, item_id)
            section = section if meeting.detailed else None
            if (item.column, item.section) == (column, section):
                return
            before = [item.column, item.section]
            top = (await s.execute(select(func.max(Item.position)).where(Item.meeting_id == meeting_id)))\
                .scalar_one()
            item.column, item.section, item.position = column, section, (top or 0) + 1
            item.version += 1
            seq = await self._record(s, meeting_id, actor.id, "item.moved",
                                     {"item": item.id, "from": before, "to": [column, section]})
        self._told(meeting_id, seq)

    async def reorder_item(self, meeting_id: str, actor_id: str, item_id: str, direction: str) -> None:
        if direction not in {"up", "down"}:
            raise Invalid("Please choose up or down.")
        async with self.db.write() as s:
            _, actor = await self._chair(s, meeting_id, actor_id)
            item = await self._item(s, meeting_id, item_id)
            if item.removed:
                raise Invalid("That item has been removed. Put it back first.")
            siblings = list((await s.execute(select(Item).where(
                Item.meeting_id == meeting_id, Item.column == item.column, Item.removed.is_(False),
                Item.section.is_(None) if item.section is None else Item.section == item.section)
                .order_by(Item.position, Item.created_at))).scalars().all())
            index = next(i for i, other in enumerate(siblings) if other.id == item.id)
            target = index - 1 if direction == "up" else index + 1
            if not 0 <= target < len(siblings):
                return  # already first or last
            other = siblings[target]
            item.position, other.position = other.position, item.position
            if item.position == other.position:  # equal positions: separate them
                item.position += -1 if direction == "up" else 1
            seq = await self._record(s, meeting_id, actor.id, "item.reordered",
                                     {"item": item.id, "column": item.column, "direction": direction})
        self._told(meeting_id, seq)

    async def remove_item(self, meeting_id: str, actor_id: str, item_id: str) -> None:
        await self._set_removed(meeting_id, actor_id, item_id, True)

    async def restore_item(self, meeting_id: str, actor_id: str, item_id: str) -> None:
        await self._set_removed(meeting_id, actor_id, item_id, False)

    async def _set_removed(self, meeting_id: str, actor_id: str, item_id: str, removed: bool) -> None:
        async with self.db.write() as s:
            _, actor = await self._chair(s, meeting_id, actor_id)
            item = await self._item(s, meeting_id, item_id)
            if item.removed == removed:
                return
            item.removed = removed
            item.version += 1
            seq = await self._record(s, meeting_id, actor.id, "item.removed" if removed else "item.restored",
                                     {"item": item.id, "column": item.column, "text": item.text})
        self._told(meeting_id, seq)

    # ------------------------------------------------------------ scales

    async def _scale(self, s: AsyncSession, meeting_id: str, scale_id: str) -> Scale:
        scale = await s.get(Scale, scale_id)
        if scale is None or scale.meeting_id != meeting_id:
            raise NotFound("That question could not be found.")
        return scale

    async def open_scale(self, meeting_id: str, actor_id: str, *, question: str, ten: str, zero: str,
                         anonymous: bool, about_item_id: str | None = None,
                         safety_threshold: str | None = None) -> Scale:
        question = _text(clean_line, question or DEFAULT_QUESTION, "Question", 200)
        ten = _text(clean_line, ten or DEFAULT_TEN, "What 10 means", 200)
        zero = _text(clean_line, zero or DEFAULT_ZERO, "What 0 means", 200)
        threshold = parse_scale_value(safety_threshold, "the number that calls for a talk about safety") \
            if safety_threshold not in (None, "") else None
        async with self.db.write() as s:
            meeting, actor = await self._chair(s, meeting_id, actor_id)
            if about_item_id:
                item = await self._item(s, meeting_id, about_item_id)
                if item.removed:
                    raise NotFound("That danger statement has been removed.")
            busy = (await s.execute(select(Scale.id).where(Scale.meeting_id == meeting_id,
                                                            Scale.status == "open"))).first()
            if busy:
                raise Invalid("Another question is still open. Show its answers first.")
            await s.execute(update(Scale).where(Scale.meeting_id == meeting_id, Scale.status == "revealed")
                            .values(status="closed"))
            if threshold is not None:
                await s.execute(update(MEETINGS).where(MEETINGS.c.id == meeting_id)
                                .values(safety_threshold=threshold))
            scale = Scale(meeting_id=meeting_id, question=question, ten=ten, zero=zero, anonymous=anonymous,
                          about_item_id=about_item_id or None)
            s.add(scale)
            await s.flush()
            seq = await self._record(s, meeting_id, actor.id, "scale.opened",
                                     {"scale": scale.id, "question": question, "ten": ten, "zero": zero,
                                      "anonymous": anonymous, "about": about_item_id or None})
        self._told(meeting_id, seq)
        return scale

    async def answer(self, meeting_id: str, actor_id: str, scale_id: str, value: str, reason: str = "",
                     on_behalf: str = "") -> Vote:
        """Save (or change) an answer. A double tap or retry saves once."""
        number = parse_scale_value(value)
        reason = _text(clean_text, reason, "Why this number", 500, required=False)
        on_behalf = _text(clean_line, on_behalf, "Who it is for", NAME_MAX, required=False)
        async with self.db.write() as s:
            _, actor = await self._member(s, meeting_id, actor_id)
            if on_behalf and actor.role != "chair":
                raise NotAllowed("Only the chair can answer for someone else.")
            scale = await self._scale(s, meeting_id, scale_id)
            if scale.status != "open":
                raise Invalid("The answers have been shown, so they cannot change now.")
            vote = (await s.execute(select(Vote).where(Vote.scale_id == scale_id, Vote.voter_id == actor.id,
                                                       Vote.on_behalf == on_behalf))).scalar_one_or_none()
            before = vote.value if vote else None
            if vote is not None and (vote.value, vote.reason) == (number, reason):
                return vote
            if vote is None:
                vote = Vote(scale_id=scale_id, voter_id=actor.id, on_behalf=on_behalf, value=number, reason=reason)
                s.add(vote)
            else:
                vote.value, vote.reason, vote.updated_at = number, reason, now()
            await s.flush()
            seq = await self._record(s, meeting_id, actor.id, "scale.answered",
                                     {"scale": scale_id, "before": before, "value": number, "reason": reason,
                                      "for": on_behalf or None})
        self._told(meeting_id, seq)
        return vote

    async def my_answers(self, meeting_id: str, scale_id: str, participant_id: str) -> list[Vote]:
        """A person's own answers (and, for the chair, those recorded for others)."""
        async with self.db.read() as s:
            scale = await self._scale(s, meeting_id, scale_id)
            return list((await s.execute(select(Vote).where(Vote.scale_id == scale.id,
                                                            Vote.voter_id == participant_id)
                                         .order_by(Vote.on_behalf))).scalars().all())

    async def _change_scale(self, meeting_id: str, actor_id: str, scale_id: str, kind: str, change) -> None:
        async with self.db.write() as s:
            _, actor = await self._chair(s, meeting_id, actor_id)
            scale = await self._scale(s, meeting_id, scale_id)
            data = change(scale)
            if data is None:
                return  # nothing to change (a double tap)
            seq = await self._record(s, meeting_id, actor.id, kind, {"scale": scale_id, **data})
        self._told(meeting_id, seq)

    async def reveal(self, meeting_id: str, actor_id: str, scale_id: str) -> None:
        def change(scale: Scale):
            if scale.status != "open":
                return None
            scale.status, scale.revealed_at = "revealed", now()
            return {}
        await self._change_scale(meeting_id, actor_id, scale_id, "scale.revealed", change)

    async def set_prompt(self, meeting_id: str, actor_id: str, scale_id: str, prompt: str) -> None:
        if prompt and prompt not in PROMPTS:
            raise Invalid("Please choose one of the questions.")

        def change(scale: Scale):
            if scale.status != "revealed":
                raise Invalid("Show the answers first.")
            if scale.prompt == (prompt or None):
                return None
            scale.prompt = prompt or None
            return {"prompt": prompt or None}
        await self._change_scale(meeting_id, actor_id, scale_id, "scale.prompt", change)

    async def set_anonymous(self, meeting_id: str, actor_id: str, scale_id: str, anonymous: bool) -> None:
        """Anonymity can be tightened at any time, but never loosened once anyone has answered.
        The answers are counted inside the meeting's lock, so no answer can slip in between."""
        async with self.db.write() as s:
            _, actor = await self._chair(s, meeting_id, actor_id)
            scale = await self._scale(s, meeting_id, scale_id)
            if scale.anonymous == anonymous:
                return
            answered = (await s.execute(select(func.count()).select_from(Vote)
                                        .where(Vote.scale_id == scale_id))).scalar_one()
            if not anonymous and (answered or scale.status != "open"):
                raise Invalid("Some people answered believing their names would not be shown, "
                              "so names stay hidden.")
            scale.anonymous = anonymous
            seq = await self._record(s, meeting_id, actor.id, "scale.anonymity",
                                     {"scale": scale_id, "anonymous": anonymous})
        self._told(meeting_id, seq)

    async def close_scale(self, meeting_id: str, actor_id: str, scale_id: str) -> None:
        def change(scale: Scale):
            if scale.status == "closed":
                return None
            if scale.status == "open":
                raise Invalid("Show the answers before putting the question away.")
            scale.status = "closed"
            return {}
        await self._change_scale(meeting_id, actor_id, scale_id, "scale.closed", change)

    async def item(self, meeting_id: str, item_id: str) -> Item:
        async with self.db.read() as s:
            return await self._item(s, meeting_id, item_id)


ITEM_ONLY = {"item.added", "item.edited", "item.removed"}  # events that change single items only


def parse_scale_value(raw: object, what: str = "a number") -> int:
    """A whole number from 0 to 10, as typed or chosen; anything else is a clear error."""
    text = raw.strip() if isinstance(raw, str) else ""
    if text not in {str(n) for n in range(11)}:
        raise Invalid(f"Please choose {what} from 0 to 10.")
    return int(text)
