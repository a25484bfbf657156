"""The doorbell: tells every app process that a meeting has a new sequence number.

It carries no data. The database is the truth: a hub that hears a ring reads the events after
its last sequence number, so a lost or repeated ring cannot lose or corrupt anything (hubs also
check the database every few seconds).
"""

from __future__ import annotations

from typing import Callable, Protocol

from meeting_room.live.broker.memory import MemoryBroker
from meeting_room.store.db import is_sqlite

OnRing = Callable[[str, int], None]                      # (meeting id, seq)
OnPresence = Callable[[str, str, frozenset[str]], None]  # (meeting id, process id, participant ids)


class Broker(Protocol):
    shares_presence: bool  # whether other processes hear `share_presence` (several processes)

    async def start(self, on_ring: OnRing, on_resync: Callable[[], None],
                    on_presence: OnPresence | None = None) -> None:
        """Begin delivering rings; call `on_resync` when rings may have been missed (a reconnect)."""

    # PostgreSQL: SQL for the notification of a change, which the statement recording the event
    # selects (`changes.py`), so it costs no trip of its own; sent on commit. None elsewhere.
    notice: Callable | None

    def committed(self, meeting_id: str, seq: int) -> None:
        """After the commit: this process's own hub is rung here (PostgreSQL's notification rings the others)."""

    async def share_presence(self, meeting_id: str, process_id: str, present: frozenset[str]) -> None:
        """Tell the other processes who has a live socket on this one (ids only)."""

    async def stop(self) -> None: ...


def broker_for(database_url: str) -> Broker:
    """The in-memory doorbell for SQLite (one process); PostgreSQL's LISTEN/NOTIFY otherwise, so
    several app processes share live meetings."""
    if is_sqlite(database_url):
        return MemoryBroker()
    from meeting_room.live.broker.postgres import PostgresBroker
    return PostgresBroker(database_url)


__all__ = ["Broker", "MemoryBroker", "broker_for"]
