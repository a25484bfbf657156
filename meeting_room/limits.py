"""Rate limits and guessing throttles, in memory (per process)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque

from starlette.types import Scope

class RateLimiter:
    """A sliding window per key, in memory (per process)."""

    def __init__(self, limit: int, window_seconds: float):
        self.limit = limit
        self.window = window_seconds
        self.hits: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float]:
        now = time.monotonic()
        hits = self.hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if not hits:
            self.hits.pop(key, None)
            hits = self.hits.setdefault(key, deque())
        if len(self.hits) > 100_000:  # bound memory under a flood of distinct keys
            self.hits.clear()
            hits = self.hits.setdefault(key, deque())
        return hits

    def blocked(self, key: str) -> bool:
        return len(self._recent(key)) >= self.limit

    def hit(self, key: str) -> None:
        self._recent(key).append(time.monotonic())

    def reset(self, key: str) -> None:
        self.hits.pop(key, None)


class Throttle:
    """Slows guessing without locking anyone out.

    Each key (a client address, an email) may make `free` wrong tries in `window` seconds. After
    that each further wrong answer is held back, longer the more there were (up to `max_delay`
    seconds), and only `slots` attempts per key may be under way at once: more are refused at
    once (429). A right answer is never held back, so an attacker sharing a council's address
    cannot lock a room of phones out, and guessing is bounded by slots / max_delay per key.
    In memory, per process: with N processes the bound is N times larger."""

    def __init__(self, free: int, window: float, max_delay: float = 5.0, slots: int = 4):
        self.free = free
        self.max_delay = max_delay
        self.slots = slots
        self.failures = RateLimiter(1 << 30, window)  # used only to count
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

    def delay(self, key: str) -> float:
        excess = len(self.failures._recent(key)) - self.free
        return 0.0 if excess <= 0 else min(self.max_delay, 0.25 * 2 ** (excess / 4))

    async def failed(self, key: str) -> None:
        """A wrong answer: count it, and hold the answer back if there were many (call it inside
        `attempt`, so that held-back answers keep their slot)."""
        self.failures.hit(key)
        pause = self.delay(key)
        if pause:
            await asyncio.sleep(pause)


class TooManyAttempts(Exception):
    pass


def client_host(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"
