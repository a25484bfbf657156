"""Rate limits, guessing throttles and the cap on live connections, behind one interface.

Counts live where every app process sees them: with SQLite (one process) in this process's
memory; with PostgreSQL (several processes may serve the same people) in the database
(`shared_limits.py`), so two processes do not allow twice as much. Callers do not care which:
`limits_for(db)` picks, and `RateLimiter`, `Throttle` and the socket cap work the same on both.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from typing import Protocol

from meeting_room.store.shared_limits import PostgresLimits, counted_key


class Counts(Protocol):
    """Tries counted by key in a sliding window of `window` seconds."""
    shared: bool  # counted for every process together

    async def add(self, key: str, window: float, limit: float | None = None) -> float | None:
        """Count one more try unless `limit` tries are counted already (then None); returns the count."""

    async def count(self, key: str, window: float) -> float: ...


class Sockets(Protocol):
    """Open live connections by key (one person's, in one meeting)."""

    async def open(self, key: str, cap: int) -> object | None:
        """A ticket for one more connection, or None when `cap` are open already."""

    async def close(self, ticket: object) -> None: ...


class MemoryCounts:
    """Exact sliding windows, in this process's memory."""
    shared = False

    def __init__(self) -> None:
        self.hits: dict[str, deque[float]] = {}

    def _recent(self, key: str, window: float) -> deque[float]:
        now = time.monotonic()
        if key not in self.hits and len(self.hits) > 100_000:  # bound memory under a flood of distinct keys
            self.hits.clear()
        hits = self.hits.setdefault(key, deque())
        while hits and hits[0] <= now - window:
            hits.popleft()
        return hits

    async def add(self, key: str, window: float, limit: float | None = None) -> float | None:
        hits = self._recent(key, window)
        if limit is not None and len(hits) >= limit:
            return None
        hits.append(time.monotonic())
        return float(len(hits))

    async def count(self, key: str, window: float) -> float:
        hits = self._recent(key, window)
        if not hits:
            del self.hits[key]
        return float(len(hits))


class MemorySockets:
    def __init__(self) -> None:
        self.open_now: dict[str, int] = {}

    async def open(self, key: str, cap: int) -> object | None:
        if self.open_now.get(key, 0) >= cap:
            return None
        self.open_now[key] = self.open_now.get(key, 0) + 1
        return key

    async def close(self, ticket: object) -> None:
        left = self.open_now.get(ticket, 1) - 1
        if left > 0:
            self.open_now[ticket] = left
        else:
            self.open_now.pop(ticket, None)


class MemoryLimits:
    """One process: everything in memory, nothing to start."""

    def __init__(self) -> None:
        self.counts, self.sockets = MemoryCounts(), MemorySockets()

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None


def limits_for(db):
    """In memory for SQLite (one process); in PostgreSQL, shared by every process, otherwise."""
    if db.sqlite:
        return MemoryLimits()
    return PostgresLimits(db)


class RateLimiter:
    """At most `limit` per key in `window` seconds."""

    def __init__(self, limit: int, window: float, counts: Counts | None = None, name: str = "rate"):
        self.limit, self.window, self.name = limit, window, name
        self.counts = counts or MemoryCounts()

    async def allow(self, key: str) -> bool:
        """Count this one, unless the limit is reached (then it is not counted)."""
        return await self.counts.add(counted_key(self.name, key), self.window, self.limit) is not None

    async def blocked(self, key: str) -> bool:
        return await self.counts.count(counted_key(self.name, key), self.window) >= self.limit

    async def hit(self, key: str) -> None:
        await self.counts.add(counted_key(self.name, key), self.window)


class Throttle:
    """Slows guessing without locking anyone out.

    Each key (a client address, an email) may make `free` wrong tries in `window` seconds. After
    that each further wrong answer is held back, longer the more there were (up to `max_delay`
    seconds), and only `slots` attempts per key may be under way at once: more are refused at
    once (429). A right answer is never held back, so an attacker sharing a council's address
    cannot lock a room of phones out, and guessing is bounded by slots / max_delay per key.

    The wrong tries are counted for all processes together (`Counts`). Slots are per process
    (they also bound the work one process does, e.g. password hashes), so when the counts are
    shared, held-back answers are also counted across processes: more than `slots` of them in
    `max_delay` seconds are refused, which keeps the bound whatever the number of processes."""

    def __init__(self, free: int, window: float, max_delay: float = 5.0, slots: int = 4,
                 counts: Counts | None = None, name: str = "guess"):
        self.free, self.window, self.max_delay, self.slots, self.name = free, window, max_delay, slots, name
        self.counts = counts or MemoryCounts()
        self.under_way: dict[str, int] = {}

    def full(self, key: str) -> bool:
        return self.under_way.get(key, 0) >= self.slots

    @contextlib.asynccontextmanager
    async def attempt(self, key: str):
        if self.full(key):
            raise TooManyAttempts()
        self.under_way[key] = self.under_way.get(key, 0) + 1
        try:
            yield
        finally:
            self.under_way[key] -= 1
            if not self.under_way[key]:
                del self.under_way[key]

    def delay_after(self, wrong: float) -> float:
        """How long the answer to the `wrong`-th wrong try in the window is held back."""
        excess = wrong - self.free
        return 0.0 if excess <= 0 else min(self.max_delay, 0.25 * 2 ** (excess / 4))

    async def failed(self, key: str) -> None:
        """A wrong answer: count it, and hold the answer back if there were many (call it inside
        `attempt`, so that held-back answers keep their slot)."""
        wrong = await self.counts.add(counted_key(self.name, key), self.window)
        pause = self.delay_after(wrong)
        if pause and self.counts.shared:
            held = counted_key(self.name + "-held", key)
            if await self.counts.add(held, self.max_delay, self.slots) is None:
                raise TooManyAttempts()
        if pause:
            await asyncio.sleep(pause)


class TooManyAttempts(Exception):
    pass


class Lockout:
    """A hard stop (review finding 5): `limit` wrong tries for a key in `window` seconds lock that
    key for `hold` seconds, right answers included. Counted in the shared counts, so several
    processes lock together. With PostgreSQL the counts are windowed estimates: the lock lasts at
    least `hold` seconds and at most twice that."""

    def __init__(self, limit: int = 10, window: float = 900, hold: float = 3600, counts: Counts | None = None,
                 name: str = "lockout"):
        self.limit, self.window, self.hold, self.name = limit, window, hold, name
        self.counts = counts or MemoryCounts()

    async def locked(self, key: str) -> bool:
        return await self.counts.count(counted_key(self.name + "-on", key), self.hold) > 0

    async def failed(self, key: str) -> bool:
        """Count one wrong try; True when it locks the key."""
        wrong = await self.counts.add(counted_key(self.name, key), self.window)
        if round(wrong or 0) < self.limit:
            return False
        await self.counts.add(counted_key(self.name + "-on", key), self.hold)
        return True


def client_host(scope: dict) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"
