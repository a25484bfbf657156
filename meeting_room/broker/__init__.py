"""The doorbell: tells every app process that a meeting has a new sequence number.

It carries no data. The database is the truth: a hub that hears a ring reads the events after
its last sequence number, so a lost or repeated ring cannot lose or corrupt anything (hubs also
check the database every few seconds).

A backend has four methods:
- `start(on_ring, on_resync)`: begin delivering rings to `on_ring(meeting_id, seq)`; call
  `on_resync()` when rings may have been missed (after a reconnect).
- `announce(session, meeting_id, seq)`: called inside the write transaction (PostgreSQL issues
  `NOTIFY` here, so it is delivered exactly on commit).
- `committed(meeting_id, seq)`: called after the commit (the memory backend rings here).
- `stop()`.
"""

from __future__ import annotations

from ..db import async_url, is_sqlite
from .memory import MemoryBroker


def broker_for(database_url: str):
    """The in-memory doorbell for SQLite (one process); PostgreSQL's LISTEN/NOTIFY otherwise, so
    several app processes share live meetings."""
    if is_sqlite(database_url):
        return MemoryBroker()
    from .postgres import PostgresBroker
    return PostgresBroker(async_url(database_url))


__all__ = ["MemoryBroker", "broker_for"]
