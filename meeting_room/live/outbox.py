"""One live socket's outbox and writer: bounded, so a phone that stops reading is dropped (it
reconnects and gets a fresh snapshot) and never slows anyone else."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from meeting_room.live.frames import RawSocket, text_frame

log = logging.getLogger("meeting_room.hub")

# Close codes. 1012/1013 make htmx reconnect; 4xxx tells it to stop.
RECONNECT_SLOW = 1013
CLOSE_GONE = 4403
CLOSE_SIGNED_OUT = 4401
CLOSE_NOT_FOUND = 4404


@dataclass(eq=False)
class Connection:
    """One live socket. `send` is the socket's send function; the writer owns it. The socket's
    handler closes it with `close_code` once the writer stops."""
    send: Callable[[str], "asyncio.Future"]
    view: str                       # chair, member, screen or lobby
    participant_id: str | None      # None for the shared screen
    chair_session: str | None       # hash of the chair's session, for chair and screen views
    base_url: str = ""              # the address this page was reached at (a trusted host), for join links
    queue_size: int = 64
    send_timeout: float = 10.0
    needs_snapshot: bool = True
    seen: int | None = None         # the sequence number the page was drawn at (`?seen=`): its first
                                    # message may then hold only what changed since (hub.py)
    told_lobby_state: str | None = None
    outbox: deque = field(init=False, default_factory=deque)  # texts; None means "close now"
    closed: asyncio.Event = field(init=False, default_factory=asyncio.Event)
    close_code: int | None = None
    writer_task: asyncio.Task | None = field(default=None, init=False)
    sending_since: float | None = field(default=None, init=False)  # loop time the current send began
    _wake: asyncio.Future | None = field(default=None, init=False)
    last_offer: float = field(init=False, default=0.0)  # loop time something was last queued
    raw: RawSocket | None = None    # the transport under `send`, when frames can be written to it (frames.py)

    def offer(self, text: str) -> None:
        """Queue bytes without waiting; a full outbox or a send that never ends means this socket
        is too slow: drop it."""
        if self.closed.is_set():
            return
        if len(self.outbox) >= self.queue_size or self.stuck():
            log.info("dropping a live connection that fell behind")
            self.shut(RECONNECT_SLOW)
            return
        self.last_offer = asyncio.get_running_loop().time()
        if self.raw is not None and not self.outbox and self.sending_since is None and self.raw.writable():
            if self.raw.open():  # (a socket going away: its reader ends the connection)
                self.raw.write(text_frame(text))  # the writer is idle and the transport takes it now
            return
        self.outbox.append(text)
        self._nudge()

    def heartbeat(self, seq: int, every: float, now: float) -> None:
        """Tell a quiet page that its socket still works, and the sequence number it should be
        showing: the page's watchdog reconnects when these stop coming or show it is behind."""
        if now - self.last_offer >= every:
            self.offer(f'{{"alive":{seq}}}')

    def finish(self, text: str, code: int) -> None:
        """Send a last message, then close with `code`."""
        if self.closed.is_set():
            return
        self.close_code = code
        if len(self.outbox) >= self.queue_size:
            self.shut(code)
            return
        self.outbox.extend((text, None))
        self._nudge()

    def stuck(self, now: float | None = None) -> bool:
        """Is a send still unfinished after `send_timeout`? (The phone stopped reading.) Checked
        when something new is offered and by the hub every few seconds, instead of a timer
        around every send: with thousands of sockets those timers were a real cost."""
        if self.sending_since is None:
            return False
        now = asyncio.get_running_loop().time() if now is None else now
        return now - self.sending_since > self.send_timeout

    def shut(self, code: int) -> None:
        self.close_code = code
        self.closed.set()
        if self.writer_task is not None:
            self.writer_task.cancel()  # the socket's handler then closes it with close_code

    def start(self) -> asyncio.Task:
        self.writer_task = asyncio.create_task(self.writer())
        return self.writer_task

    def _nudge(self) -> None:
        if self._wake is not None and not self._wake.done():
            self._wake.set_result(None)

    async def writer(self) -> None:
        """Send queued messages one by one. (No task or timer per message: with thousands of
        sockets, the writers are most of the work.) Most messages never come here: `offer`
        writes a message itself when nothing is queued and the transport takes it."""
        loop = asyncio.get_running_loop()
        try:
            while not self.closed.is_set():
                if not self.outbox:
                    self._wake = loop.create_future()
                    await self._wake
                    continue
                text = self.outbox.popleft()
                if text is None:
                    break
                self.sending_since = loop.time()
                if self.raw is None:
                    await self.send(text)
                else:
                    await self.raw.until_writable()
                    if not self.raw.open():
                        break
                    self.raw.write(text_frame(text))
                self.sending_since = None
        except asyncio.CancelledError:
            if not self.closed.is_set():
                raise  # cancelled from outside, not shut
        finally:
            self.closed.set()
