"""The hot path's few statements, run on the database driver's own connection.

SQLAlchemy's asyncio layer costs about 0.1 ms of CPU per statement, and as much again per
connection checkout (greenlets, execution contexts, pool events): more than the statements
themselves (an indexed SQLite read takes ~10 µs). Adding an item and sending it to everyone
takes about ten statements, two hundred times a second in a busy process.

So the statements are still written with SQLAlchemy Core, against the same tables, but here they
are compiled once for the database's dialect and run directly on sqlite3 (on the event loop's
thread, like `sqlite_inline`) or asyncpg. SQLAlchemy's own type conversions are applied to the
parameters and the results, so a row reads the same as one of SQLAlchemy's (`row.created_at` is
a datetime, `row.removed` a bool).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections import namedtuple
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement


class Compiled:
    """One statement for one dialect: its SQL, the order of its parameters and the conversions."""
    __slots__ = ("sql", "names", "defaults", "to_driver", "row", "from_driver")

    def __init__(self, statement: ClauseElement, dialect: Dialect, keys: tuple[str, ...] | None):
        compiled = statement.compile(dialect=dialect, column_keys=list(keys) if keys is not None else None)
        self.sql = compiled.string
        self.names = tuple(compiled.positiontup or ())
        self.defaults = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}
        self.to_driver = {name: processor for name in set(self.names)
                          if (processor := compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))}
        columns = list(getattr(statement, "exported_columns", ()))
        self.row = namedtuple("Row", [c.key for c in columns]) if columns else None
        self.from_driver = [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns]

    def parameters(self, given: dict[str, Any]) -> tuple:
        values = []
        for name in self.names:
            value = given[name] if name in given else self.defaults[name]
            convert = self.to_driver.get(name)
            values.append(convert(value) if convert else value)
        return tuple(values)

    def rows(self, raw: list) -> list:
        if self.row is None:
            return list(raw)
        convert = self.from_driver
        return [self.row._make([f(v) if f else v for f, v in zip(convert, r)]) for r in raw]


class Result:
    """The part of SQLAlchemy's Result that the hot path uses."""
    __slots__ = ("_rows",)

    def __init__(self, rows: list):
        self._rows = rows

    def all(self) -> list:
        return self._rows

    def __iter__(self):
        return iter(self._rows)

    def first(self):
        return self._rows[0] if self._rows else None

    def scalar_one_or_none(self):
        if len(self._rows) > 1:
            raise ValueError("more than one row")
        return self._rows[0][0] if self._rows else None

    def scalar_one(self):
        if len(self._rows) != 1:
            raise ValueError(f"expected one row, got {len(self._rows)}")
        return self._rows[0][0]


class Statements:
    """Compiled statements, built on first use and kept (the hot path uses a handful)."""

    def __init__(self, dialect: Dialect):
        self.dialect = dialect
        self._compiled: dict[tuple, tuple[ClauseElement, Compiled]] = {}

    def __call__(self, statement: ClauseElement, params: dict[str, Any]) -> Compiled:
        # An INSERT's SQL depends on which columns are given.
        keys = tuple(sorted(params)) if getattr(statement, "is_insert", False) else None
        slot = (id(statement), keys)
        found = self._compiled.get(slot)
        if found is None or found[0] is not statement:
            if len(self._compiled) > 500:  # statements built per call would be a mistake; stay bounded
                self._compiled.clear()
            found = self._compiled[slot] = (statement, Compiled(statement, self.dialect, keys))
        return found[1]


class SqliteConnection:
    __slots__ = ("_conn", "_statements")

    def __init__(self, conn: sqlite3.Connection, statements: Statements):
        self._conn, self._statements = conn, statements

    async def execute(self, statement: ClauseElement, params: dict[str, Any] | None = None) -> Result:
        compiled = self._statements(statement, params or {})
        raw = self._conn.execute(compiled.sql, compiled.parameters(params or {})).fetchall()
        return Result(compiled.rows(raw))


class SqliteRows:
    """Two sqlite3 connections of our own: one for autocommit reads, one for writes. Statements
    run on the loop's thread, COMMIT included (see sqlite_inline). Write
    transactions take turns on `write_turn`, shared with the SQLAlchemy engine's writes."""

    def __init__(self, path: str, dialect: Dialect, write_turn: asyncio.Lock):
        self._statements = Statements(dialect)
        self._path = path
        self._write_turn = write_turn
        self._reader: sqlite3.Connection | None = None
        self._writer: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self._path, timeout=30, isolation_level=None)
        for pragma in SQLITE_PRAGMAS:
            conn.execute(pragma)
        return conn

    @asynccontextmanager
    async def read(self) -> AsyncIterator[SqliteConnection]:
        if self._reader is None:
            self._reader = self._connect()
        yield SqliteConnection(self._reader, self._statements)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[SqliteConnection]:
        async with self._write_turn:
            if self._writer is None:
                self._writer = self._connect()
            conn = self._writer
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteConnection(conn, self._statements)
                conn.commit()
            except BaseException:
                if conn.in_transaction:  # a failed COMMIT (a full disk) must not leave it open
                    conn.rollback()
                raise

    async def close(self) -> None:
        for conn in (self._reader, self._writer):
            if conn is not None:
                conn.close()
        self._reader = self._writer = None


SQLITE_PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA busy_timeout=30000", "PRAGMA foreign_keys=ON",
                  "PRAGMA synchronous=FULL")


def _connection_lost() -> tuple[type[BaseException], ...]:
    """What asyncpg raises on a connection PostgreSQL has cut but the pool had not noticed yet."""
    import asyncpg
    return (asyncpg.ConnectionDoesNotExistError, asyncpg.PostgresConnectionError,
            asyncpg.exceptions.AdminShutdownError, asyncpg.exceptions.InternalClientError, ConnectionError)


async def _nothing_more_to_reset(conn) -> None:
    """These connections never LISTEN, SET, lock or open cursors, so asyncpg's reset query
    would be a round trip per checkout for nothing. (It still rolls back an open transaction.)"""


class PostgresConnection:
    """One pooled connection. When PostgreSQL restarts it cuts every connection, and the pool
    only finds out when the loop next reads that socket, which can be after the connection has
    been handed out again. So the first statement on a checkout (a read, or a write's BEGIN) is
    tried once more on a fresh connection: nothing was done on the dead one. This replaces a
    "pre-ping" round trip on every checkout. Later statements are never retried."""
    __slots__ = ("_conn", "_pool", "_statements", "_first")

    def __init__(self, conn, pool, statements: Statements):
        self._conn, self._pool, self._statements, self._first = conn, pool, statements, True

    async def _fetch(self, sql: str, *args: Any) -> list:
        if not self._first:
            return await self._conn.fetch(sql, *args)
        self._first = False
        try:
            return await self._conn.fetch(sql, *args)
        except _connection_lost():
            with contextlib.suppress(Exception):
                await self._pool.release(self._conn)
            self._conn = None  # released: if acquiring fails too, there is nothing to release
            self._conn = await self._pool.acquire()
            return await self._conn.fetch(sql, *args)

    async def execute(self, statement: ClauseElement, params: dict[str, Any] | None = None) -> Result:
        compiled = self._statements(statement, params or {})
        raw = await self._fetch(compiled.sql, *compiled.parameters(params or {}))
        return Result(compiled.rows(raw))

    async def release(self) -> None:
        if self._conn is not None:
            await self._pool.release(self._conn)


class PostgresRows:
    """An asyncpg pool of its own. Reads run in autocommit (asyncpg's default); a write is one
    transaction (READ COMMITTED, as SQLAlchemy's; the meeting row's lock orders the writers)."""

    def __init__(self, dsn: str, dialect: Dialect):
        self._statements = Statements(dialect)
        self._dsn = dsn
        self._pool = None
        self._opening = asyncio.Lock()

    @asynccontextmanager
    async def _checked_out(self) -> AsyncIterator[PostgresConnection]:
        if self._pool is None:
            import asyncpg
            async with self._opening:
                if self._pool is None:
                    self._pool = await asyncpg.create_pool(self._dsn, min_size=1, max_size=10,
                                                           reset=_nothing_more_to_reset)
        conn = PostgresConnection(await self._pool.acquire(), self._pool, self._statements)
        try:
            yield conn
        finally:
            await conn.release()

    def read(self):
        return self._checked_out()  # autocommit

    @asynccontextmanager
    async def write(self) -> AsyncIterator[PostgresConnection]:
        async with self._checked_out() as conn:
            await conn._fetch("BEGIN")
            try:
                yield conn
            except BaseException:
                with contextlib.suppress(Exception):  # a cut connection has nothing to roll back
                    await conn._fetch("ROLLBACK")
                raise
            await conn._fetch("COMMIT")

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
