"""The one way to the database: a statement runner on the drivers' own connections.

Statements are written with SQLAlchemy Core against the tables in `models.py`, compiled once
for the database's dialect, and run straight on sqlite3 (on the event loop's thread) or asyncpg.
SQLAlchemy's asyncio layer cost ~400 µs of CPU per read, most of a change's cost; this costs
~16 µs. SQLAlchemy's type conversions still apply, so a row reads as SQLAlchemy's would
(`row.created_at` is a datetime, `row.removed` a bool).

Three ways in, all async context managers yielding a `Connection`:
- `read()`: autocommit; each statement sees the latest commits (the hot path's single reads).
- `snapshot()`: several statements that see one snapshot (a board and its sequence number agree).
- `write()`: one transaction, committed on success and rolled back on any error. Writes take
  turns: SQLite allows one writer (BEGIN IMMEDIATE), and this process queues them on an asyncio
  lock first, since a statement here blocks the loop while it waits. On PostgreSQL, writers of
  one meeting queue on the meeting row's lock (`FOR UPDATE`, see `changes.py`).

Rows: a statement that selects (or returns) a whole table gives that table's row type
(`models.ItemRow`…); any other gives a named tuple of its columns. Inserts through
`Connection.insert` get the columns' Python-side defaults (ids, times), as the ORM would.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from meeting_room.store.drivers import PostgresBackend, SqliteBackend
from meeting_room.store.statements import Connection, Result  # noqa: F401  (what the domain types its reads with)

MIGRATIONS = Path(__file__).parent / "migrations"


# ---------------------------------------------------------------- addresses

def normal_url(url: str) -> str:
    """Accept the URLs people write (`postgres://`, `sqlite:///file`, with or without a driver)
    and name the driver this module uses."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif parsed.get_backend_name() == "sqlite":
        parsed = parsed.set(drivername="sqlite")
        if parsed.database in (None, "", ":memory:"):
            raise ValueError("Use a SQLite file, not an in-memory database.")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(normal_url(url)).get_backend_name() == "sqlite"


def asyncpg_dsn(url: str) -> str:
    """The URL as asyncpg takes it."""
    return make_url(normal_url(url)).set(drivername="postgresql").render_as_string(hide_password=False)


def migration_url(url: str) -> str:
    """Alembic runs on a plain synchronous engine: sqlite3, or psycopg for PostgreSQL."""
    parsed = make_url(normal_url(url))
    if parsed.get_backend_name() == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def migrate(url: str) -> None:
    """Bring the schema up to date (blocking; call before the event loop or in a thread)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = migration_url(url)
    command.upgrade(config, "head")


# ---------------------------------------------------------------- the database

class Database:
    """How the app reaches the database: `read()`, `snapshot()` and `write()` (see above)."""

    def __init__(self, url: str, sqlite_synchronous: str = "full"):
        self.url = normal_url(url)
        parsed = make_url(self.url)
        self.sqlite = parsed.get_backend_name() == "sqlite"
        dialect = parsed.get_dialect()()
        if self.sqlite:
            self.backend = SqliteBackend(parsed.database, dialect, sqlite_synchronous)
        else:
            self.backend = PostgresBackend(asyncpg_dsn(self.url), dialect)

    def read(self):
        """Autocommit reads: each statement sees the latest commits."""
        return self.backend.read()

    def snapshot(self):
        """A read of several statements that all see one snapshot."""
        return self.backend.snapshot()

    def write(self):
        """One write transaction: commits on success, rolls back on any error."""
        return self.backend.write()

    def one_statement(self):
        """PostgreSQL: a write that is a single statement (atomic by itself) runs in autocommit:
        one round trip, not BEGIN, the statement and COMMIT. SQLite: `write()`, whose turn
        keeps writers in order."""
        return self.backend.write() if self.sqlite else self.backend.read()

    async def dispose(self) -> None:
        await self.backend.close()
