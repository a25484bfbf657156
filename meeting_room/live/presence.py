"""Who is connected, across processes.

Each process says, through the broker, every few seconds and whenever it changes, which
participants of a meeting have a live socket on it (ids only). What it hears from the others is
forgotten after `TTL` seconds without news, so a process that died stops counting. With one
process (the in-memory broker) there is nobody to tell.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from typing import Callable

log = logging.getLogger("meeting_room.presence")


class Presence:
    TTL = 15.0

    def __init__(self, broker, on_change: Callable[[str], None]):
        self.broker = broker
        self.on_change = on_change  # someone came or went elsewhere: the meeting's hub looks again
        self.process_id = secrets.token_hex(6)
        self.remote: dict[str, dict[str, tuple[frozenset[str], float]]] = {}  # meeting -> process -> (ids, when)
        self.shared: dict[str, tuple[frozenset[str], float]] = {}  # what this process last said, and when
        self._background: set[asyncio.Task] = set()

    @property
    def _sharing(self) -> bool:
        return self.broker is not None and self.broker.shares_presence

    async def share(self, meeting_id: str, present: frozenset[str]) -> None:
        """Tell the other processes who is connected here, when it changed or has not been said lately."""
        if not self._sharing:
            return
        said, when = self.shared.get(meeting_id, (None, 0.0))
        now = time.monotonic()
        if said == present and now - when < self.TTL / 3:
            return
        self.shared[meeting_id] = (present, now)
        await self._say(meeting_id, present)

    def gone(self, meeting_id: str) -> None:
        """This process has no sockets of the meeting any more: say so."""
        if self.shared.pop(meeting_id, None) and self._sharing:
            task = asyncio.create_task(self._say(meeting_id, frozenset()))
            self._background.add(task)  # the loop keeps only weak references to tasks
            task.add_done_callback(self._background.discard)

    async def _say(self, meeting_id: str, present: frozenset[str]) -> None:
        try:
            await self.broker.share_presence(meeting_id, self.process_id, present)
        except Exception as e:  # presence is a courtesy: never let it stop live updates
            log.warning("could not share presence (%s)", type(e).__name__)

    def heard(self, meeting_id: str, process_id: str, present: frozenset[str]) -> None:
        if process_id == self.process_id:
            return
        known = self.remote.setdefault(meeting_id, {})
        before = known.get(process_id, (frozenset(), 0.0))[0]
        known[process_id] = (present, time.monotonic())
        if present != before:
            self.on_change(meeting_id)

    def elsewhere(self, meeting_id: str) -> frozenset[str]:
        """Who is connected to the other processes, as last heard."""
        known = self.remote.get(meeting_id, {})
        fresh_after = time.monotonic() - self.TTL
        for process_id in [p for p, (_, when) in known.items() if when < fresh_after]:
            del known[process_id]
        return frozenset().union(*(ids for ids, _ in known.values())) if known else frozenset()
