"""Limits that others depend on hold across processes (several app processes share one
PostgreSQL database): the waiting room's is counted in the database, inside the meeting's lock.
The throttles, the socket cap and the item limit are shared too: test_shared_limits.py."""

from __future__ import annotations

import asyncio

from meeting_room.core.errors import TooMany
from meeting_room.domain import accounts, people
from meeting_room.live.broker import MemoryBroker
from meeting_room.services import Domain
from meeting_room.store.db import Database


async def test_the_waiting_room_limit_holds_across_processes(pg_url, monkeypatch):
    monkeypatch.setattr(people, "MAX_WAITING", 3)
    first, second = Domain(Database(pg_url), MemoryBroker()), Domain(Database(pg_url), MemoryBroker())
    try:
        chair = await accounts.create_chair(first.db, "Chris Chair", "chair@example.org", "a long enough password")
        meeting = await first.meetings.create(chair, case_id=None, family_name="Example", children="Alex",
                                              title="Review", kind="review", held_on="2026-12-01", detailed=True)
        joins = [(first, second)[n % 2].people.join(meeting.join_code, f"Visitor {n}", "friend", "")
                 for n in range(8)]
        results = await asyncio.gather(*joins, return_exceptions=True)
    finally:
        await first.db.dispose()
        await second.db.dispose()
    assert sum(not isinstance(r, Exception) for r in results) == 3
    assert all(isinstance(r, TooMany) for r in results if isinstance(r, Exception))
