"""The one write path. Every change to a meeting is one transaction that:

1. locks the meeting row and reads it fresh, with the person making the change (one statement);
2. checks the rule for this change (`rules.member` or `rules.chair`);
3. changes rows and records an event numbered by the meeting's `seq` (the broker may announce it
   inside the transaction: PostgreSQL's NOTIFY is delivered on commit);
4. commits; only then is anyone told (`broker.committed` rings the doorbell).

A capability (items, people, scales…) is a module whose functions do their part of step 3
inside `changes.change(...)`.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Callable, Protocol

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.sql import ClauseElement

from meeting_room.core import rules
from meeting_room.core.errors import NotFound
from meeting_room.core.events import EventKind, payload
from meeting_room.core.rules import Actor
from meeting_room.store.db import Connection, Database
from meeting_room.store.models import Event, Meeting, Participant, now

log = logging.getLogger("meeting_room.changes")

MEETINGS, PARTICIPANTS, EVENTS = Meeting.__table__, Participant.__table__, Event.__table__
# Built once: the hot path of every change then costs no statement building. PostgreSQL locks
# the meeting row (FOR UPDATE OF meeting); SQLite's BEGIN IMMEDIATE already holds the lock.
MEETING_AND_ACTOR = (select(MEETINGS, PARTICIPANTS.c.id.label("actor_id"), PARTICIPANTS.c.role.label("actor_role"),
                            PARTICIPANTS.c.status.label("actor_status"),
                            PARTICIPANTS.c.user_id.label("actor_user_id"),
                            PARTICIPANTS.c.co_chair.label("actor_co_chair"))
                     .join(PARTICIPANTS, (PARTICIPANTS.c.meeting_id == MEETINGS.c.id)
                           & (PARTICIPANTS.c.id == bindparam("actor_id")))
                     .where(MEETINGS.c.id == bindparam("meeting_id"))
                     .with_for_update(of=MEETINGS))
NEXT_SEQ = (update(MEETINGS).where(MEETINGS.c.id == bindparam("meeting_id"))
            .values(seq=MEETINGS.c.seq + 1).returning(MEETINGS.c.seq))
INSERT_EVENT = insert(EVENTS)
EVENT_FIELDS = ("actor_id", "kind", "data", "created_at")


def _record_in_one_trip(notice: Callable | None) -> ClauseElement:
    """PostgreSQL: the next seq, the event and (`notice`) the doorbell's notification in one
    statement, so one round trip instead of three. (SQLite cannot put an UPDATE in a WITH; its
    statements cost no trip.)"""
    next_seq = NEXT_SEQ.cte("next_seq")
    meeting_id = bindparam("meeting_id", type_=EVENTS.c.meeting_id.type)
    new_event = (insert(EVENTS).from_select(("meeting_id", "seq") + EVENT_FIELDS, select(
        meeting_id, next_seq.c.seq, *(bindparam(name, type_=EVENTS.c[name].type) for name in EVENT_FIELDS)))
        .returning(EVENTS.c.seq).cte("new_event"))
    return select(new_event.c.seq, *([notice(meeting_id, new_event.c.seq)] if notice else []))


_ONE_TRIP: dict[Callable | None, ClauseElement] = {}


def _one_trip(notice: Callable | None) -> ClauseElement:
    """Built once per doorbell: compiled statements are kept by identity (`statements.py`)."""
    if notice not in _ONE_TRIP:
        _ONE_TRIP[notice] = _record_in_one_trip(notice)
    return _ONE_TRIP[notice]


class Doorbell(Protocol):
    """What the write path needs of the broker (`live/broker`): what to announce inside the
    transaction, and a ring after the commit."""
    # PostgreSQL's doorbell: the SQL that announces a change (meeting id, seq), selected by the
    # statement that records its event; sent by PostgreSQL on commit. None: nothing to send.
    notice: Callable | None

    def committed(self, meeting_id: str, seq: int) -> None: ...


class Change:
    """One change in progress: the connection, the meeting as locked, who is making it."""
    __slots__ = ("conn", "meeting", "actor", "seq", "_broker")

    def __init__(self, conn: Connection, meeting, actor: Actor | None, broker: Doorbell):
        self.conn, self.meeting, self.actor, self._broker = conn, meeting, actor, broker
        self.seq: int | None = None

    async def record(self, kind: EventKind, /, **data: Any) -> int:
        """Append the event to the meeting's history, numbered by its sequence."""
        meeting_id = self.meeting.id
        event = {"meeting_id": meeting_id, "actor_id": self.actor.id if self.actor else None,
                 "kind": kind, "data": payload(kind, data), "created_at": now()}
        if self.conn.dialect_name == "postgresql":
            seq = (await self.conn.execute(_one_trip(self._broker.notice), event)).scalar_one()
        else:  # SQLite: one process, whose doorbell rings after the commit
            seq = (await self.conn.execute(NEXT_SEQ, {"meeting_id": meeting_id})).scalar_one()
            await self.conn.execute(INSERT_EVENT, {**event, "seq": seq})
        self.seq = seq
        return seq


class Changes:
    def __init__(self, db: Database, broker: Doorbell):
        self.db, self.broker = db, broker

    @asynccontextmanager
    async def change(self, meeting_id: str, actor_id: str,
                     rule: Callable = rules.member) -> AsyncIterator[Change]:
        """A change by a person of the meeting, allowed by `rule`. Changes that find nothing to
        do (a double tap) record nothing, and nobody is told."""
        async with self.db.write() as conn:
            found = (await conn.execute(MEETING_AND_ACTOR, {"meeting_id": meeting_id, "actor_id": actor_id})).first()
            if found is None:
                raise NotFound("That meeting could not be found.")
            actor = Actor(id=found.actor_id, role=found.actor_role, user_id=found.actor_user_id,
                          co_chair=bool(found.actor_co_chair))
            try:
                rule(found, actor)
            except Exception:
                log.warning("refused %s by a participant", getattr(rule, "__name__", "a change"))
                raise
            change = Change(conn, found, actor, self.broker)
            yield change
        if change.seq is not None:
            self.broker.committed(meeting_id, change.seq)

    @asynccontextmanager
    async def unchecked(self, meeting_id: str, actor_id: str | None = None) -> AsyncIterator[Change]:
        """A change whose rule is checked by the caller (joining by code, a new meeting)."""
        async with self.db.write() as conn:
            meeting = (await conn.execute(MEETING_LOCKED, {"meeting_id": meeting_id})).first()
            if meeting is None:
                raise NotFound("That meeting could not be found.")
            change = Change(conn, meeting, Actor(actor_id, "", None) if actor_id else None, self.broker)
            yield change
        if change.seq is not None:
            self.broker.committed(meeting_id, change.seq)


MEETING_LOCKED = select(MEETINGS).where(MEETINGS.c.id == bindparam("meeting_id")).with_for_update(of=MEETINGS)
