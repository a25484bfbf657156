"""The in-process doorbell, for one app process (the default with SQLite)."""

from __future__ import annotations

from typing import Callable


class MemoryBroker:
    def __init__(self) -> None:
        self._on_ring: Callable[[str, int], None] | None = None

    shares_presence = False  # one process: it knows everyone connected already
    notice = None  # nothing to send inside the transaction: we ring after the commit

    async def start(self, on_ring: Callable[[str, int], None], on_resync: Callable[[], None],
                    on_presence: Callable | None = None) -> None:
        self._on_ring = on_ring  # nothing can be missed in one process: on_resync is never needed

    def committed(self, meeting_id: str, seq: int) -> None:
        if self._on_ring is not None:
            self._on_ring(meeting_id, seq)

    async def share_presence(self, meeting_id: str, process_id: str, present: frozenset[str]) -> None:
        return None  # nobody else to tell

    async def stop(self) -> None:
        self._on_ring = None
