"""The access audit: who tried to get at what, and what came of it. Every refused authorisation,
join attempt, admission, turn-away, removal, sign-in (ok and failed), sign-out, and every view or
export of a record writes one entry: UTC time, actor, role, meeting, action, outcome, client.
No free text from users goes in: actions are fixed words, actors are ids. Nothing in the app
changes or deletes entries (not even `purge`: they keep no personal words)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Iterator

from sqlalchemy import bindparam, select

from meeting_room.store.db import Database
from meeting_room.store.models import AuditEntry, now

AUDIT = AuditEntry.__table__
OF_MEETING = (select(AUDIT).where(AUDIT.c.meeting_id == bindparam("meeting_id"))
              .order_by(AUDIT.c.at.desc(), AUDIT.c.id.desc()).limit(500))
SINCE = select(AUDIT).where(AUDIT.c.at >= bindparam("since")).order_by(AUDIT.c.at, AUDIT.c.id)
OUTCOMES = frozenset({"ok", "refused", "failed"})


async def write(db: Database, *, action: str, outcome: str, actor: str = "", role: str = "",
                meeting_id: str | None = None, client: str = "") -> None:
    """One entry. `action` is one of the app's fixed words, never anything a user typed."""
    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    async with db.write() as c:
        await c.insert(AUDIT, at=now(), actor=actor[:64], role=role[:20], meeting_id=meeting_id,
                       action=action[:40], outcome=outcome, client=client[:64])


async def of_meeting(db: Database, meeting_id: str) -> list:
    """The meeting's access log, newest first (the last 500), for its chair."""
    async with db.read() as c:
        return (await c.execute(OF_MEETING, {"meeting_id": meeting_id})).all()


async def since(db: Database, moment: datetime) -> list:
    async with db.read() as c:
        return (await c.execute(SINCE, {"since": moment})).all()


def json_lines(entries) -> Iterator[str]:
    """The operator's export: one JSON object a line."""
    for e in entries:
        yield json.dumps({"at": e.at.isoformat(), "actor": e.actor, "role": e.role, "meeting": e.meeting_id,
                          "action": e.action, "outcome": e.outcome, "client": e.client})
