"""The doorbell: tells every app process that a meeting has a new sequence number.

It carries no data. The database is the truth: a hub that hears a ring reads the events after
its last sequence number, so a lost or repeated ring cannot lose or corrupt anything (hubs also
check the database every few seconds).

A backend has four methods:
- `start(on_ring)`: begin delivering rings to `on_ring(meeting_id, seq)`.
- `announce(session, meeting_id, seq)`: called inside the write transaction (PostgreSQL issues
  `NOTIFY` here, so it is delivered exactly on commit).
- `committed(meeting_id, seq)`: called after the commit (the memory backend rings here).
- `stop()`.
"""

from __future__ import annotations

from .memory import MemoryBroker


def broker_for(database_url: str):
    """The right doorbell for the database. The PostgreSQL doorbell is a separate backend
    (several processes); until it exists, one process with the memory doorbell is the rule."""
    return MemoryBroker()


__all__ = ["MemoryBroker", "broker_for"]
