"""The limits of `limits.py`, kept in PostgreSQL so that every app process counts together.

Counts: one row per key holds this window's count and the last window's. The sliding window is
estimated as this window's count plus the share of the last one that the sliding window still
covers (exact when tries are spread evenly; a burst at a window's edge may get up to about twice
the limit into one window's length, never more). One statement counts and checks at once
(`INSERT … ON CONFLICT DO UPDATE … WHERE … RETURNING`): the row's lock orders concurrent tries.

Sockets: one row per open live connection, renewed by its process every few seconds; the rows
of a process that died expire after `TTL` seconds. Opening one takes an advisory lock on its key,
so two processes cannot both take the last place.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import math
import secrets
import time
from datetime import timedelta

from sqlalchemy import (
    BigInteger,
    Float,
    bindparam,
    case,
    delete,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert

from meeting_room.store.db import Database
from meeting_room.store.models import LimitCounter, LiveSocket, new_id, now

log = logging.getLogger("meeting_room.limits")

COUNTERS, SOCKETS = LimitCounter.__table__, LiveSocket.__table__
WINDOW_NO = bindparam("window_no", type_=BigInteger)
KEEP = bindparam("keep", type_=Float)  # the share of the last window the sliding window still covers
SAME = COUNTERS.c.window_no >= WINDOW_NO  # (>=: another machine's clock may run a little ahead)
LAST = COUNTERS.c.window_no == WINDOW_NO - 1
BEFORE = case((SAME, COUNTERS.c.previous * KEEP + COUNTERS.c.count), (LAST, COUNTERS.c.count * KEEP), else_=0)
_ADD = pg_insert(COUNTERS).values(key=bindparam("key"), window_no=WINDOW_NO, count=1, previous=0,
                                  touched_at=bindparam("at"))
ADD = _ADD.on_conflict_do_update(
    index_elements=[COUNTERS.c.key],
    set_={"previous": case((SAME, COUNTERS.c.previous), (LAST, COUNTERS.c.count), else_=0),
          "count": case((SAME, COUNTERS.c.count + 1), else_=1),
          "window_no": func.greatest(COUNTERS.c.window_no, WINDOW_NO), "touched_at": _ADD.excluded.touched_at},
    where=BEFORE < bindparam("limit", type_=Float),
).returning(COUNTERS.c.window_no, COUNTERS.c.count, COUNTERS.c.previous)
COUNT = select(COUNTERS.c.window_no, COUNTERS.c.count, COUNTERS.c.previous).where(COUNTERS.c.key == bindparam("key"))
FORGET_OLD_COUNTS = delete(COUNTERS).where(COUNTERS.c.touched_at < bindparam("before"))

LOCK_KEY = text("SELECT pg_advisory_xact_lock(hashtext(:key))")
OPEN_OF = select(func.count()).select_from(SOCKETS).where(SOCKETS.c.key == bindparam("key"),
                                                          SOCKETS.c.expires_at > bindparam("at"))
CLOSE = delete(SOCKETS).where(SOCKETS.c.id == bindparam("id"))
RENEW = update(SOCKETS).where(SOCKETS.c.process == bindparam("process")).values(expires_at=bindparam("until"))
FORGET_PROCESS = delete(SOCKETS).where(SOCKETS.c.process == bindparam("process"))
FORGET_EXPIRED = delete(SOCKETS).where(SOCKETS.c.expires_at < bindparam("before"))
NO_LIMIT = 1e18


def counted_key(name: str, key: str) -> str:
    """What a limit counts, as stored: a hash, so the database holds no addresses or emails."""
    return hashlib.sha256(f"{name}\x00{key}".encode()).hexdigest()


def estimate(row, window_no: int, keep: float) -> float:
    """The sliding window's count, from a row as it is now."""
    if row is None:
        return 0.0
    if row.window_no >= window_no:
        return row.previous * keep + row.count
    return row.count * keep if row.window_no == window_no - 1 else 0.0


def moment(window: float) -> tuple[int, float]:
    """The window we are in, and the share of the last window still inside the sliding window."""
    position = time.time() / window
    return math.floor(position), 1.0 - (position - math.floor(position))


class PostgresCounts:
    shared = True

    def __init__(self, db: Database):
        self.db = db

    async def add(self, key: str, window: float, limit: float | None = None) -> float | None:
        window_no, keep = moment(window)
        async with self.db.one_statement() as c:  # counts and checks in one statement, under the row's lock
            row = (await c.execute(ADD, {"key": key, "window_no": window_no, "keep": keep, "at": now(),
                                         "limit": NO_LIMIT if limit is None else limit})).first()
        return None if row is None else estimate(row, window_no, keep)

    async def count(self, key: str, window: float) -> float:
        window_no, keep = moment(window)
        async with self.db.read() as c:
            return estimate((await c.execute(COUNT, {"key": key})).first(), window_no, keep)


class PostgresSockets:
    TTL = 30.0  # seconds a process's sockets count after it last renewed them

    def __init__(self, db: Database):
        self.db = db
        self.process = secrets.token_hex(8)

    async def open(self, key: str, cap: int) -> object | None:
        key, at = counted_key("socket", key), now()
        async with self.db.write() as c:
            await c.execute(LOCK_KEY, {"key": key})  # until the commit: one opening per key at a time
            if (await c.execute(OPEN_OF, {"key": key, "at": at})).scalar_one() >= cap:
                return None
            row = await c.insert(SOCKETS, id=new_id(), key=key, process=self.process,
                                 expires_at=at + timedelta(seconds=self.TTL))
        return row.id

    async def close(self, ticket: object) -> None:
        async with self.db.write() as c:
            await c.execute(CLOSE, {"id": ticket})

    async def renew(self) -> None:
        """This process's sockets are still open; those of processes that died are forgotten."""
        async with self.db.write() as c:
            await c.execute(RENEW, {"process": self.process, "until": now() + timedelta(seconds=self.TTL)})
            await c.execute(FORGET_EXPIRED, {"before": now()})


class PostgresLimits:
    """Counts and sockets in PostgreSQL, and the housekeeping that keeps them true and small."""

    def __init__(self, db: Database):
        self.db = db
        self.counts, self.sockets = PostgresCounts(db), PostgresSockets(db)
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._keep(), name="shared-limits")

    async def _keep(self) -> None:
        while True:
            try:
                await self.sockets.renew()
                async with self.db.write() as c:  # every limit's window is far shorter than a day
                    await c.execute(FORGET_OLD_COUNTS, {"before": now() - timedelta(days=1)})
            except Exception as e:  # the type only; tried again shortly
                log.warning("could not renew the shared limits (%s)", type(e).__name__)
            await asyncio.sleep(self.sockets.TTL / 3)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        with contextlib.suppress(Exception):  # this process's sockets are all closed now
            async with self.db.write() as c:
                await c.execute(FORGET_PROCESS, {"process": self.sockets.process})
