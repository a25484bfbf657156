"""The PostgreSQL doorbell: `NOTIFY` inside the write transaction, one `LISTEN` connection per
process.

PostgreSQL delivers a notification only when (and if) its transaction commits, to every process
listening, this one included. The listening connection is watched; when it drops, it is opened
again with backoff, and every local hub is asked to resync, since rings may have been missed
while it was away (the database still holds every change).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from typing import Callable

import asyncpg
from sqlalchemy import Text, cast, func, literal

from meeting_room.store.db import asyncpg_dsn

log = logging.getLogger("meeting_room.broker")

CHANNEL = "meeting_room"
PRESENCE_CHANNEL = "meeting_room_presence"
HEALTH_CHECK_SECONDS = 2.0


def pg_notice(meeting_id, seq):
    """The notification of a change ("<meeting id>:<seq>"), as SQL selected by the statement that
    records its event (`changes.py`): PostgreSQL sends it to every listener when, and only if,
    the transaction commits."""
    return func.pg_notify(CHANNEL, meeting_id + literal(":") + cast(seq, Text))


class PostgresBroker:
    shares_presence = True

    def __init__(self, database_url: str):
        self.dsn = asyncpg_dsn(database_url)
        self._on_ring: Callable[[str, int], None] | None = None
        self._on_resync: Callable[[], None] | None = None
        self._on_presence: Callable | None = None
        self._listener: asyncpg.Connection | None = None
        self._using_listener = asyncio.Lock()  # one query at a time on that connection
        self._task: asyncio.Task | None = None
        self._stopping = False
        self.connected = asyncio.Event()
        self.connections_made = 0  # for tests: how often the listener (re)connected

    async def start(self, on_ring: Callable[[str, int], None], on_resync: Callable[[], None],
                    on_presence: Callable | None = None) -> None:
        self._on_ring, self._on_resync, self._on_presence = on_ring, on_resync, on_presence
        self._task = asyncio.create_task(self._listen_forever(), name="pg-doorbell")
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.connected.wait(), 10)

    notice = staticmethod(pg_notice)  # the write path sends it with the event, in one trip

    def committed(self, meeting_id: str, seq: int) -> None:
        """PostgreSQL rings every process on commit; this one's own hub is rung now, without
        waiting for the notification's trip back (the hub skips that ring when it comes)."""
        if self._on_ring is not None:
            self._on_ring(meeting_id, seq)

    async def share_presence(self, meeting_id: str, process_id: str, present: frozenset[str]) -> None:
        """Tell the other processes which participants have a live socket here (ids only)."""
        if self._listener is None or self._listener.is_closed():
            return  # the listener is away; the next periodic share will say it again
        payload = f"{meeting_id}:{process_id}:{','.join(sorted(present))}"
        if len(payload) < 7900:  # NOTIFY's limit is 8000 bytes
            async with self._using_listener:
                await asyncio.wait_for(self._listener.execute("SELECT pg_notify($1, $2)", PRESENCE_CHANNEL,
                                                              payload), HEALTH_CHECK_SECONDS)

    def _presence(self, connection, pid, channel, payload: str) -> None:
        meeting_id, process_id, ids = (payload.split(":", 2) + ["", ""])[:3]
        if self._on_presence is not None and meeting_id and process_id:
            self._on_presence(meeting_id, process_id, frozenset(i for i in ids.split(",") if i))

    def _notified(self, connection, pid, channel, payload: str) -> None:
        meeting_id, _, seq = payload.rpartition(":")
        if self._on_ring is not None and seq.isascii() and seq.isdigit():
            self._on_ring(meeting_id, int(seq))

    async def _listen_forever(self) -> None:
        delay = 0.25
        while not self._stopping:
            connection = None
            try:
                connection = await asyncpg.connect(self.dsn, timeout=10,  # named, for pg_stat_activity
                                                   server_settings={"application_name": "meeting-room-doorbell"})
                lost = asyncio.Event()
                connection.add_termination_listener(lambda _c: lost.set())
                await connection.add_listener(CHANNEL, self._notified)
                await connection.add_listener(PRESENCE_CHANNEL, self._presence)
                self._listener = connection
                self.connections_made += 1
                self.connected.set()
                delay = 0.25
                if self._on_resync is not None:
                    self._on_resync()  # catch up on anything rung while we were not listening
                while not lost.is_set() and not self._stopping:
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(lost.wait(), HEALTH_CHECK_SECONDS)
                    if not lost.is_set() and not self._stopping:
                        async with self._using_listener:
                            await asyncio.wait_for(connection.execute("SELECT 1"), HEALTH_CHECK_SECONDS)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # the database went away: try again shortly
                log.warning("live doorbell connection lost (%s); reconnecting", type(e).__name__)
            finally:
                self.connected.clear()
                self._listener = None
                if connection is not None:
                    with contextlib.suppress(Exception):
                        connection.terminate()
            if not self._stopping:
                await asyncio.sleep(delay * (0.5 + random.random()))
                delay = min(delay * 2, 15)

    async def stop(self) -> None:
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        self._on_ring = self._on_resync = None
