"""The two drivers behind `db.py`: sqlite3 on the event loop's thread, and an asyncpg pool."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy.engine import Dialect

from meeting_room.store.statements import Connection, Statements

SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA busy_timeout=30000", "PRAGMA foreign_keys=ON")
# In WAL mode, NORMAL writes each commit to the log before COMMIT returns (an app crash loses
# nothing committed) and waits for the disk at checkpoints only; FULL waits for it at every
# commit, on the event loop's thread: about half the database work of a change (issue 28).
SYNCHRONOUS = {"normal": "PRAGMA synchronous=NORMAL", "full": "PRAGMA synchronous=FULL"}


class SqliteBackend:
    """sqlite3 connections of our own, statements on the loop's thread (an indexed read takes
    ~10 µs; a thread hop per statement cost more than the statement). COMMIT, which waits for
    the disk, runs here too: sending it to a thread cost a tenth of a core at 100 meetings × 25
    (see docs/performance.md). One connection for autocommit reads, a few for snapshots, one
    for writes, which take turns on an asyncio lock."""

    def __init__(self, path: str, dialect: Dialect, synchronous: str = "full"):
        self.statements = Statements(dialect)
        self._path = path
        self._synchronous = SYNCHRONOUS[synchronous]
        self._write_turn = asyncio.Lock()
        self._reader: sqlite3.Connection | None = None
        self._writer: sqlite3.Connection | None = None
        self._idle_snapshots: list[sqlite3.Connection] = []

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path, timeout=30, isolation_level=None)  # BEGIN is ours
        for pragma in SQLITE_PRAGMAS + (self._synchronous,):
            conn.execute(pragma)
        return conn

    @staticmethod
    def _runner(conn: sqlite3.Connection):
        async def run(sql: str, parameters: tuple) -> list:
            return conn.execute(sql, parameters).fetchall()
        return run

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Connection]:
        if self._reader is None:
            self._reader = self._connect()
        yield Connection(self._runner(self._reader), self.statements)

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[Connection]:
        conn = self._idle_snapshots.pop() if self._idle_snapshots else self._connect()
        conn.execute("BEGIN")
        try:
            yield Connection(self._runner(conn), self.statements)
        finally:
            conn.rollback()  # read only: nothing to keep
            if len(self._idle_snapshots) < 4:
                self._idle_snapshots.append(conn)
            else:
                conn.close()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[Connection]:
        async with self._write_turn:
            if self._writer is None:
                self._writer = self._connect()
            conn = self._writer
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield Connection(self._runner(conn), self.statements)
                conn.commit()
            except BaseException:
                if conn.in_transaction:  # a failed COMMIT (a full disk) must not leave it open
                    conn.rollback()
                raise

    async def close(self) -> None:
        for conn in [self._reader, self._writer, *self._idle_snapshots]:
            if conn is not None:
                conn.close()
        self._reader = self._writer = None
        self._idle_snapshots.clear()


# ---------------------------------------------------------------- PostgreSQL

def _connection_lost() -> tuple[type[BaseException], ...]:
    """What asyncpg raises on a connection PostgreSQL has cut but the pool had not noticed yet."""
    import asyncpg
    return (asyncpg.ConnectionDoesNotExistError, asyncpg.PostgresConnectionError,
            asyncpg.exceptions.AdminShutdownError, asyncpg.exceptions.InternalClientError, ConnectionError)


async def _nothing_more_to_reset(conn) -> None:
    """These connections never LISTEN, SET, lock or open cursors, so asyncpg's reset query
    would be a round trip per checkout for nothing. (It still rolls back an open transaction.)"""


class PooledConnection:
    """One checkout. When PostgreSQL restarts it cuts every connection, and the pool only finds
    out when the loop next reads that socket, which can be after the connection was handed out
    again. So the first statement of a checkout (a read, or a transaction's BEGIN) is tried once
    more on a fresh connection: nothing was done on the dead one. This replaces a "pre-ping"
    round trip on every checkout. Later statements are never retried."""
    __slots__ = ("_conn", "_pool", "_first")

    def __init__(self, conn, pool):
        self._conn, self._pool, self._first = conn, pool, True

    async def run(self, sql: str, parameters: tuple = ()) -> list:
        if not self._first:
            return await self._conn.fetch(sql, *parameters)
        self._first = False
        try:
            return await self._conn.fetch(sql, *parameters)
        except _connection_lost():
            # A restart cuts every connection: replace them all, not just this one.
            await self._pool.expire_connections()
            with contextlib.suppress(Exception):
                await self._pool.release(self._conn)
            self._conn = None  # released: if acquiring fails too, there is nothing to release
            self._conn = await self._pool.acquire()
            return await self._conn.fetch(sql, *parameters)

    async def release(self) -> None:
        if self._conn is not None:
            await self._pool.release(self._conn)


class PostgresBackend:
    """One asyncpg pool per process (at most `POOL_SIZE` connections, plus the doorbell's one).
    Reads run in autocommit (asyncpg's default); a snapshot is a REPEATABLE READ transaction; a
    write is one READ COMMITTED transaction, ordered per meeting by the meeting row's lock."""

    POOL_SIZE = 20

    def __init__(self, dsn: str, dialect: Dialect):
        self.statements = Statements(dialect)
        self._dsn = dsn
        self._pool = None
        self._opening = asyncio.Lock()

    @asynccontextmanager
    async def _checked_out(self) -> AsyncIterator[PooledConnection]:
        if self._pool is None:
            import asyncpg
            async with self._opening:
                if self._pool is None:
                    self._pool = await asyncpg.create_pool(self._dsn, min_size=1, max_size=self.POOL_SIZE,
                                                           reset=_nothing_more_to_reset)
        conn = PooledConnection(await self._pool.acquire(), self._pool)
        try:
            yield conn
        finally:
            await conn.release()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Connection]:
        async with self._checked_out() as conn:
            yield Connection(conn.run, self.statements)

    @asynccontextmanager
    async def _transaction(self, begin: str, keep: bool) -> AsyncIterator[Connection]:
        async with self._checked_out() as conn:
            await conn.run(begin)
            try:
                yield Connection(conn.run, self.statements)
            except BaseException:
                with contextlib.suppress(Exception):  # a cut connection has nothing to roll back
                    await conn.run("ROLLBACK")
                raise
            await conn.run("COMMIT" if keep else "ROLLBACK")

    def snapshot(self):
        return self._transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", keep=False)

    def write(self):
        return self._transaction("BEGIN", keep=True)

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None


