"""Database engines and sessions.

SQLite: WAL, a busy timeout and `BEGIN IMMEDIATE` for writes, so concurrent read-modify-write
updates queue up instead of failing or losing data. Reads of several statements run in one
snapshot (`BEGIN`; PostgreSQL: REPEATABLE READ), so a board and its sequence number always agree;
readers never wait for writers. The hot path's single-statement reads run in autocommit.
PostgreSQL (asyncpg): writers serialise per meeting on the meeting row's lock.
"""

from __future__ import annotations

import asyncio
import contextlib
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from . import sqlite_inline
from .rows import SQLITE_PRAGMAS, PostgresRows, SqliteRows

MIGRATIONS = Path(__file__).parent / "migrations"


def async_url(url: str) -> str:
    """Accept the URLs people write and name the async driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgresql+psycopg", "postgresql+psycopg2"}:
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif parsed.drivername == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    if parsed.drivername == "sqlite+aiosqlite" and parsed.database in (None, "", ":memory:"):
        raise ValueError("Use a SQLite file, not an in-memory database.")
    return parsed.render_as_string(hide_password=False)


def asyncpg_dsn(url: str) -> str:
    """The URL as asyncpg takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(async_url(url)).drivername.startswith("sqlite")


def _sqlite_engine(url: str, begin: str | None, pool_size: int) -> AsyncEngine:
    # Statements run on the loop's thread (see sqlite_inline); the connections are opened with
    # transaction control taken away from the sqlite3 module, so BEGIN is ours.
    # Every transaction here ends with our own COMMIT or ROLLBACK, so the pool need not roll
    # back again on every check-in.
    engine = create_async_engine(url, async_creator=sqlite_inline.creator(
        make_url(url).database, timeout=30),
        pool_size=pool_size, max_overflow=pool_size, pool_reset_on_return=None)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    if begin:
        @event.listens_for(engine.sync_engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql(begin)
    # Without `begin` the connection stays in autocommit: each statement sees the latest commits.

    return engine


class Database:
    """How the app reaches the database: `read()` and `write()` sessions, and plain connections
    for the hot path (`read_rows()`, `write_rows()`)."""

    def __init__(self, url: str):
        self.url = async_url(url)
        self.sqlite = self.url.startswith("sqlite")
        if self.sqlite:
            # Few connections: a statement never waits (it runs on the loop's thread) and writes take
            # turns, so more would only add page caches (up to 2 MB each) to the process's memory.
            self.read_engine = _sqlite_engine(self.url, begin="BEGIN", pool_size=4)
            self.write_engine = _sqlite_engine(self.url, begin="BEGIN IMMEDIATE", pool_size=1)
        else:
            options = dict(pool_size=10, max_overflow=20, pool_pre_ping=True)
            self.write_engine = create_async_engine(self.url, **options)
            # A read of several statements sees one snapshot (REPEATABLE READ: a board never shows
            # a change its sequence number does not count yet).
            self.read_engine = create_async_engine(self.url, isolation_level="REPEATABLE READ", **options)
        # SQLite statements block the loop while they wait for a lock, so this process's write
        # transactions queue here instead of inside SQLite.
        self._write_turn = asyncio.Lock() if self.sqlite else contextlib.nullcontext()
        # The hot path's statements, on the driver's own connections (see rows.py).
        dialect = self.write_engine.dialect
        if self.sqlite:
            self.rows = SqliteRows(make_url(self.url).database, dialect, self._write_turn)
        else:
            self.rows = PostgresRows(asyncpg_dsn(self.url), dialect)
        self._read = async_sessionmaker(self.read_engine, expire_on_commit=False)
        self._write = async_sessionmaker(self.write_engine, expire_on_commit=False)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read transaction: every statement in it sees the same snapshot."""
        async with self._read() as session:
            async with session.begin():
                yield session

    def read_rows(self):
        """A connection for plain (Core) reads on the hot path, in autocommit: each statement
        sees the latest commits (no snapshot across statements). See rows.py."""
        return self.rows.read()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """One write transaction: commits on success, rolls back on any error."""
        async with self._write_turn:
            async with self._write() as session:
                async with session.begin():
                    yield session

    def write_rows(self):
        """One write transaction on a plain connection (Core statements only). See rows.py."""
        return self.rows.write()

    async def dispose(self) -> None:
        await self.rows.close()
        await self.read_engine.dispose()
        if self.write_engine is not self.read_engine:
            await self.write_engine.dispose()


def migrate(url: str) -> None:
    """Bring the schema up to date (blocking; call before the event loop or in a thread)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = async_url(url)
    command.upgrade(config, "head")
