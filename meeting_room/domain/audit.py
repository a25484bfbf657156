"""The access audit: who tried to get at what, and what came of it. Every refused authorisation,
join attempt, admission, turn-away, removal, sign-in (ok and failed), sign-out, and every view or
export of a record writes one entry: UTC time, actor, role, meeting, action, outcome, client.
No free text from users goes in: actions are fixed words, actors are ids, and a meeting id that
names no meeting is written as a fixed marker, never as what the visitor sent. Nothing in the app
changes or deletes entries (not even `purge`: they keep no personal words).

Refusals are bounded, since anyone can cause them: the same refusal from the same client and
person for the same meeting within an hour adds to one entry's `count` (`last_at` says when the
last one came), and past ROWS_PER_HOUR refusal entries a client's further kinds of refusal there
go into one "refused_other" entry. The counts are kept, so nothing is lost but the repetition."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterator

from sqlalchemy import bindparam, func, select, update

from meeting_room.store.db import Connection, Database
from meeting_room.store.models import AuditEntry, Meeting, now

AUDIT, MEETINGS = AuditEntry.__table__, Meeting.__table__
OF_MEETING = (select(AUDIT).where(AUDIT.c.meeting_id == bindparam("meeting_id"))
              .order_by(AUDIT.c.at.desc(), AUDIT.c.id.desc()).limit(500))
SINCE = select(AUDIT).where(AUDIT.c.at >= bindparam("since")).order_by(AUDIT.c.at, AUDIT.c.id)
OUTCOMES = frozenset({"ok", "refused", "failed"})
NO_SUCH_MEETING = "(no such meeting)"  # what is written for a meeting id that names no meeting
OTHER_REFUSALS = "refused_other"
REPEAT_WINDOW = timedelta(hours=1)
ROWS_PER_HOUR = 20  # refusal entries one client and person may add to one meeting's log in an hour

MEETING_EXISTS = select(MEETINGS.c.id).where(MEETINGS.c.id == bindparam("meeting_id"))
_SAME_PLACE = (AUDIT.c.outcome == "refused", AUDIT.c.at >= bindparam("since"), AUDIT.c.client == bindparam("client"),
               AUDIT.c.actor == bindparam("actor"),
               func.coalesce(AUDIT.c.meeting_id, "") == bindparam("meeting_key"))
REPEAT = (select(AUDIT.c.id).where(*_SAME_PLACE, AUDIT.c.action == bindparam("action"))
          .order_by(AUDIT.c.id.desc()).limit(1))
ROWS_HERE = select(func.count()).select_from(AUDIT).where(*_SAME_PLACE)
COUNT_AGAIN = (update(AUDIT).where(AUDIT.c.id == bindparam("entry"))
               .values(count=AUDIT.c.count + 1, last_at=bindparam("at")))


async def write(db: Database, *, action: str, outcome: str, actor: str = "", role: str = "",
                meeting_id: str | None = None, client: str = "") -> None:
    """One entry (or one more count of a repeated refusal). `action` is one of the app's fixed
    words, never anything a user typed; `meeting_id` may be anything a visitor sent."""
    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    entry = dict(at=now(), actor=actor[:64], role=role[:20], action=action[:40], outcome=outcome, client=client[:64])
    async with db.write() as c:
        entry["meeting_id"] = await _known(c, meeting_id)
        if outcome != "refused" or not await _counted_again(c, entry):
            await c.insert(AUDIT, **entry)


async def _known(c: Connection, meeting_id: str | None) -> str | None:
    """The meeting's id if it names one, else the fixed marker: a visitor's words never go in."""
    if meeting_id is None:
        return None
    if len(meeting_id) <= 32 and (await c.execute(MEETING_EXISTS, {"meeting_id": meeting_id})).first():
        return meeting_id
    return NO_SUCH_MEETING


async def _counted_again(c: Connection, entry: dict) -> bool:
    """Add this refusal to an entry of the last hour, if it repeats one (see above)."""
    place = {"since": entry["at"] - REPEAT_WINDOW, "client": entry["client"], "actor": entry["actor"],
             "meeting_key": entry["meeting_id"] or ""}
    found = (await c.execute(REPEAT, {**place, "action": entry["action"]})).scalar()
    if found is None and (await c.execute(ROWS_HERE, place)).scalar() >= ROWS_PER_HOUR:
        entry["action"] = OTHER_REFUSALS
        found = (await c.execute(REPEAT, {**place, "action": OTHER_REFUSALS})).scalar()
    if found is None:
        return False
    await c.execute(COUNT_AGAIN, {"entry": found, "at": entry["at"]})
    return True


async def of_meeting(db: Database, meeting_id: str) -> list:
    """The meeting's access log, newest first (the last 500 entries)."""
    async with db.read() as c:
        return (await c.execute(OF_MEETING, {"meeting_id": meeting_id})).all()


_NEWEST = (AUDIT.c.at.desc(), AUDIT.c.id.desc())
_HERE = AUDIT.c.meeting_id == bindparam("meeting_id")
SHOWN = {  # what the chair's page can show; an action's name shows that action only
    "": select(AUDIT).where(_HERE, AUDIT.c.outcome != "refused").order_by(*_NEWEST).limit(500),
    "refusals": select(AUDIT).where(_HERE, AUDIT.c.outcome == "refused").order_by(*_NEWEST).limit(500),
    "all": OF_MEETING,
}
OF_ACTION = select(AUDIT).where(_HERE, AUDIT.c.action == bindparam("action")).order_by(*_NEWEST).limit(500)
REFUSALS = select(func.coalesce(func.sum(AUDIT.c.count), 0)).where(_HERE, AUDIT.c.outcome == "refused")
ACTIONS_IN = select(AUDIT.c.action).where(_HERE).group_by(AUDIT.c.action).order_by(AUDIT.c.action)


@dataclass(frozen=True)
class AccessLog:
    """What the chair's access page shows: by default everything but refusals, so that a flood of
    them never pushes admissions and removals out of sight; how many refusals there were (with
    repeats), and the actions in the log, to show one of them."""
    entries: list
    showing: str          # "", "refusals", "all", or one action
    refusals: int         # every refusal for this meeting, repeats counted
    actions: list[str]


async def access_log(db: Database, meeting_id: str, showing: str = "") -> AccessLog:
    async with db.snapshot() as c:
        here = {"meeting_id": meeting_id}
        actions = [a for (a,) in await c.execute(ACTIONS_IN, here)]
        if showing in SHOWN:
            entries = (await c.execute(SHOWN[showing], here)).all()
        else:
            entries = (await c.execute(OF_ACTION, {**here, "action": showing})).all() if showing in actions else []
        refusals = (await c.execute(REFUSALS, here)).scalar() or 0
    return AccessLog(entries, showing, int(refusals), actions)


async def since(db: Database, moment: datetime) -> list:
    async with db.read() as c:
        return (await c.execute(SINCE, {"since": moment})).all()


def json_lines(entries) -> Iterator[str]:
    """The operator's export: one JSON object a line."""
    for e in entries:
        yield json.dumps({"at": e.at.isoformat(), "actor": e.actor, "role": e.role, "meeting": e.meeting_id,
                          "action": e.action, "outcome": e.outcome, "client": e.client, "count": e.count,
                          "last_at": e.last_at.isoformat() if e.last_at else None})
