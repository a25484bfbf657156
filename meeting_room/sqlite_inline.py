"""SQLite for SQLAlchemy's asyncio engine without a thread hop per statement.

aiosqlite runs every call (cursor, execute, fetch, close…) on the connection's own thread: about
four round trips per statement, and each costs more CPU than the statement itself (an indexed
read takes tens of microseconds). Here the statements run on the event loop's thread instead:
short, indexed, and in WAL mode a reader never waits for a writer. A write transaction's COMMIT,
which waits for the disk (fsync, well under a millisecond on the disks measured), runs here too.
Sending it to a worker thread cost more: a thread round trip and a wait for the interpreter lock,
all while the write lock was held. At 100 meetings × 25 that added about a tenth of a core and
most of the 99th percentile (see docs/performance.md). A disk that stalls now stalls the whole
process for that moment, not only the writes.

The object below speaks the part of aiosqlite's interface that SQLAlchemy's aiosqlite dialect
uses; `Database` passes it as the engine's `async_creator`. Because a statement here blocks the
loop while it waits for a lock, write transactions must not wait on each other inside SQLite:
`Database.write()` queues them on an asyncio lock first (SQLite allows one writer at a time anyway).
"""

from __future__ import annotations

import sqlite3
from typing import Any


class InlineCursor:
    __slots__ = ("_cursor",)

    def __init__(self, cursor: sqlite3.Cursor):
        self._cursor = cursor

    async def __aenter__(self) -> "InlineCursor":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Any = ()) -> "InlineCursor":
        self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Any) -> "InlineCursor":
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list:
        return self._cursor.fetchmany(size or self._cursor.arraysize)

    async def fetchall(self) -> list:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self):
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class InlineConnection:
    """An aiosqlite-shaped connection whose calls run where they are awaited."""

    def __init__(self, path: str, *, timeout: float):
        self._conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        self._connection = self._conn  # SQLAlchemy's adapter checks this to see the connection is open

    @property
    def isolation_level(self):
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        return InlineCursor(self._conn.execute(sql, parameters))

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        self._conn.close()

    async def create_function(self, *args: Any, **kw: Any) -> None:
        self._conn.create_function(*args, **kw)

    def stop(self) -> None:
        self._conn.close()


def creator(path: str, *, timeout: float):
    async def connect() -> InlineConnection:
        return InlineConnection(path, timeout=timeout)
    return connect
