"""Per-process, per-meeting fan-out to the live sockets of this process.

One task per meeting (`Hub.run`) does all the work in order, so nothing races: it wakes on a
doorbell ring, on a socket arriving or leaving, or every few seconds; reads the meeting from the
database; works out which fragments changed from the new events; renders each changed fragment
once per *view*; and offers the bytes to every socket of that view. A socket that arrives gets a
full snapshot first. Each socket has its own bounded outbox and writer task, so a phone that
stops reading is dropped (it reconnects and resyncs) and never slows anyone else.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from .meetings import Board, Meetings
from .models import Event

log = logging.getLogger("meeting_room.hub")

# Close codes. 1012/1013 make htmx reconnect; 4xxx tells it to stop.
RECONNECT_SLOW = 1013
CLOSE_GONE = 4403
CLOSE_SIGNED_OUT = 4401
CLOSE_NOT_FOUND = 4404

COLUMN_KEYS = ("col:worries", "col:working", "col:next")
SCREEN_PRESENT = "screen"  # in the presence set while a shared screen of the meeting is connected
VIEW_KEYS: dict[str, tuple[str, ...]] = {
    "chair": COLUMN_KEYS + ("roster", "lobby", "join", "removed", "scale", "scale-loader", "screen-status",
                            "announce"),
    "member": COLUMN_KEYS + ("roster", "scale", "scale-loader", "announce"),
    "screen": COLUMN_KEYS + ("roster", "join", "scale"),
}
SAME_FOR_EVERY_VIEW = frozenset({"announce", "state"})
ALL_KEYS = frozenset(k for keys in VIEW_KEYS.values() for k in keys)
SNAPSHOT_KEYS = {view: tuple(k for k in keys if k != "announce") for view, keys in VIEW_KEYS.items()}


def snapshot(render: Callable, view: str, board: Board, presence, base_url: str = "") -> str:
    """Everything a view shows, as fragments: sent to every socket that (re)connects."""
    return "".join(render(view, key, board, presence, [], base_url)
                   for key in SNAPSHOT_KEYS[view] + ("state",))


def keys_for_events(events: list[Event], board: Board) -> tuple[set[str], list[str]]:
    """Which fragments a batch of events changed: whole fragments (by key) and, in order, single
    items ("item-add:ID", "item-edit:ID", "item-del:ID") so that adding or editing one item sends
    one item, not its whole column."""
    keys: set[str] = set()
    item_keys: list[str] = []
    about = board.current_scale.about_item_id if board.current_scale else None
    for e in events:
        data = json.loads(e.data)
        if e.kind in ("item.added", "item.edited", "item.removed"):
            action = {"item.added": "add", "item.edited": "edit", "item.removed": "del"}[e.kind]
            item_keys.append(f"item-{action}:{data['item']}:{data.get('column')}")
            keys |= {"announce"} | ({"removed"} if e.kind == "item.removed" else set())
            if data["item"] == about:
                keys.add("scale")  # the scale on screen quotes this danger statement
        elif e.kind.startswith("item."):
            columns = {data.get("column")} | {(data.get("from") or [None])[0], (data.get("to") or [None])[0]}
            keys |= {f"col:{c}" for c in columns if c}
            keys |= {"removed", "announce", "scale"}
        elif e.kind.startswith("participant."):
            keys |= {"roster", "lobby", "scale", "announce"}
        elif e.kind == "scale.answered":
            keys |= {"scale"}  # progress only; the number itself is never in a shared fragment
        elif e.kind.startswith("scale."):
            keys |= {"scale", "scale-loader", "announce"}
        elif e.kind == "meeting.joining":
            keys |= {"join"}
        else:
            keys |= set(ALL_KEYS)
    # A column drawn again whole already shows its items as they are now.
    item_keys = [k for k in item_keys if f"col:{k.rsplit(':', 1)[1]}" not in keys]
    return keys, [k.rsplit(":", 1)[0] for k in item_keys]


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
    told_lobby_state: str | None = None
    outbox: deque = field(init=False, default_factory=deque)  # texts; None means "close now"
    closed: asyncio.Event = field(init=False, default_factory=asyncio.Event)
    close_code: int | None = None
    writer_task: asyncio.Task | None = field(default=None, init=False)
    sending_since: float | None = field(default=None, init=False)  # loop time the current send began
    _wake: asyncio.Future | None = field(default=None, init=False)
    last_offer: float = field(init=False, default=0.0)  # loop time something was last queued

    def offer(self, text: str) -> None:
        """Queue bytes without waiting; a full outbox or a send that never ends means this socket
        is too slow: drop it."""
        if self.closed.is_set():
            return
        if len(self.outbox) >= self.queue_size or self.stuck():
            log.info("dropping a live connection that fell behind")
            self.shut(RECONNECT_SLOW)
            return
        self.outbox.append(text)
        self.last_offer = asyncio.get_running_loop().time()
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
        sockets, the writers are most of the work.)"""
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
                await self.send(text)
                self.sending_since = None
        except asyncio.CancelledError:
            if not self.closed.is_set():
                raise  # cancelled from outside, not shut
        finally:
            self.closed.set()


class Hub:
    def __init__(self, meeting_id: str, meetings: Meetings, render: Callable, resync_seconds: float,
                 chair_session_valid: Callable, on_empty: Callable[["Hub"], None],
                 share_presence: Callable | None = None, elsewhere: Callable | None = None,
                 heartbeat_seconds: float = 10.0):
        self.meeting_id = meeting_id
        self.meetings = meetings
        self.render = render
        self.resync_seconds = resync_seconds
        self.chair_session_valid = chair_session_valid
        self.on_empty = on_empty
        self.share_presence = share_presence or _no_sharing
        self.elsewhere = elsewhere or (lambda meeting_id: frozenset())
        self.connections: set[Connection] = set()
        self.seq = -1
        self.board: Board | None = None  # the last board read, patched item by item
        self.rung = False                # a doorbell rang since the last sync
        self.presence: frozenset[str] = frozenset()
        self.wake = asyncio.Event()
        self.task: asyncio.Task | None = None
        self.renders = 0  # fragments rendered, for the benchmarks
        self.heartbeat_seconds = heartbeat_seconds
        self.sessions_checked = 0.0  # loop time the chair sessions were last checked

    def add(self, conn: Connection) -> None:
        self.connections.add(conn)
        self.wake.set()
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self.run(), name=f"hub-{self.meeting_id[:6]}")

    def discard(self, conn: Connection) -> None:
        self.connections.discard(conn)
        self.wake.set()

    def ring(self) -> None:
        self.rung = True
        self.wake.set()

    async def run(self) -> None:
        while self.connections:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(min(self.resync_seconds, self.heartbeat_seconds / 2)):
                    await self.wake.wait()
            self.wake.clear()
            self._drop_stuck()
            try:
                await self.sync()
                self._heartbeats()
                await self._check_chair_sessions_now_and_then()
            except asyncio.CancelledError:
                raise
            except Exception as e:  # the type only: a database error's text can hold personal data
                log.error("live update failed (%s); will retry", type(e).__name__)
                await asyncio.sleep(0.5)
                self.wake.set()
        self.on_empty(self)

    async def sync(self) -> None:
        if not self.connections:
            return
        fresh = [c for c in self.connections if c.needs_snapshot]
        local = frozenset(c.participant_id for c in self.connections if c.participant_id and c.view != "lobby")
        if any(c.view == "screen" and not c.closed.is_set() for c in self.connections):
            local |= {SCREEN_PRESENT}
        await self.share_presence(self.meeting_id, local)
        presence = local | self.elsewhere(self.meeting_id)
        rung, self.rung = self.rung, False
        if not rung and not fresh and presence == self.presence:
            # A quiet moment: a cheap look at the sequence number catches a missed doorbell.
            current = await self.meetings.seq(self.meeting_id)
            if current == self.seq:
                await self._check_chair_sessions()
                return
        # The board and the events up to its seq, read together: events committed later are
        # read next time (their ring wakes us), so no change can slip past the dirty set.
        board, events = await self.meetings.changes(self.meeting_id, self.seq, self.board)
        if board is None:
            for conn in list(self.connections):
                conn.finish(self.render.gone("This meeting no longer exists."), CLOSE_NOT_FOUND)
            return
        if board.seq == self.seq and presence == self.presence and not fresh:
            await self._check_chair_sessions()  # rung by a sign-out, perhaps
            return
        dirty, item_keys = (set(ALL_KEYS), []) if self.seq < 0 else keys_for_events(events, board)
        if presence != self.presence:
            dirty |= {"roster", "screen-status", "scale"}  # the scale says how many are connected
        if board.seq == self.seq:
            dirty.discard("announce")
        people_changed = self.board is None or board.participants is not self.board.participants
        seq_moved = board.seq != self.seq
        self.seq, self.presence, self.board = board.seq, presence, board

        if people_changed or fresh:  # (chair sessions are checked when nothing changed: sign-out rings, timer)
            self._check_participants(board)

        cache: dict[tuple[str, str], str] = {}

        def fragment(view: str, key: str, base: str) -> str:
            # Only the join details quote the address; one is rendered per address in use.
            slot = ("", key, "") if key in SAME_FOR_EVERY_VIEW else (view, key, base if key == "join" else "")
            if slot not in cache:
                cache[slot] = self.render(view, key, board, presence, events, base)
                self.renders += 1
            return cache[slot]

        messages: dict[tuple[str, bool, str], str] = {}  # one message per view (and snapshot or not)

        def message(view: str, whole: bool, base: str) -> str:
            slot = (view, whole, base)
            if slot not in messages:
                wanted = list(SNAPSHOT_KEYS[view]) if whole else [k for k in VIEW_KEYS[view] if k in dirty] + item_keys
                # A change this view does not show still moves its sequence number on, so that the
                # page's watchdog can trust the number in each heartbeat.
                messages[slot] = "".join(fragment(view, k, base) for k in wanted + ["state"]) if wanted or seq_moved else ""
            return messages[slot]

        for conn in list(self.connections):
            if conn.closed.is_set() or conn.view == "lobby":
                continue
            text = message(conn.view, conn.needs_snapshot, conn.base_url)
            if text:
                conn.offer(text)
            conn.needs_snapshot = False

    def _heartbeats(self) -> None:
        now = asyncio.get_running_loop().time()
        for conn in self.connections:
            if not conn.closed.is_set() and not conn.needs_snapshot:
                conn.heartbeat(self.seq, self.heartbeat_seconds, now)

    def _drop_stuck(self) -> None:
        now = asyncio.get_running_loop().time()
        for conn in self.connections:
            if not conn.closed.is_set() and conn.stuck(now):
                log.info("dropping a live connection that stopped reading")
                conn.shut(RECONNECT_SLOW)

    def _check_participants(self, board: Board) -> None:
        """Tell lobby sockets their news; close the sockets of anyone no longer admitted."""
        for conn in list(self.connections):
            if conn.participant_id is None or conn.closed.is_set():
                continue
            person = board.participant(conn.participant_id)
            status = person.status if person else "removed"
            if board.meeting.status != "open" and conn.view != "chair":
                status = "removed"
            if conn.view == "lobby":
                if status != conn.told_lobby_state:
                    conn.told_lobby_state = status
                    text = self.render.lobby(status, board)
                    if status in {"turned_away", "removed"}:
                        conn.finish(text, CLOSE_GONE)
                    else:
                        conn.offer(text)
                conn.needs_snapshot = False
            elif status != "admitted":
                conn.finish(self.render.gone("You are no longer in this meeting."), CLOSE_GONE)

    async def _check_chair_sessions_now_and_then(self) -> None:
        """Every few seconds, busy or not: a session that expired, or was signed out on another
        process, loses its sockets within `resync_seconds`."""
        moment = asyncio.get_running_loop().time()
        if moment - self.sessions_checked >= self.resync_seconds:
            self.sessions_checked = moment
            await self._check_chair_sessions()

    async def _check_chair_sessions(self) -> None:
        sessions = {c.chair_session for c in self.connections if c.chair_session and not c.closed.is_set()}
        for token_hash in sessions:
            if not await self.chair_session_valid(token_hash):
                for conn in list(self.connections):
                    if conn.chair_session == token_hash:
                        conn.finish(self.render.gone("You have signed out."), CLOSE_SIGNED_OUT)


async def _no_sharing(meeting_id: str, present: frozenset[str]) -> None:
    return None


class HubManager:
    """All hubs of this process, one per meeting with live sockets.

    Who is connected is shared between processes through the broker: each process says, every
    few seconds and whenever it changes, which participants have a live socket on it; what it
    hears from the others is forgotten after PRESENCE_TTL seconds without news (a process that
    died stops counting)."""

    PRESENCE_TTL = 15.0

    def __init__(self, meetings: Meetings, render: Callable, resync_seconds: float,
                 chair_session_valid: Callable, broker=None, heartbeat_seconds: float = 10.0):
        self.meetings = meetings
        self.render = render
        self.resync_seconds = resync_seconds
        self.chair_session_valid = chair_session_valid
        self.broker = broker
        self.heartbeat_seconds = heartbeat_seconds
        self.process_id = secrets.token_hex(6)
        self.hubs: dict[str, Hub] = {}
        self.remote: dict[str, dict[str, tuple[frozenset[str], float]]] = {}  # meeting -> process -> (ids, when)
        self.shared: dict[str, tuple[frozenset[str], float]] = {}  # what this process last said, and when
        self.renders_done = 0  # renders of hubs that have since closed
        self._background: set[asyncio.Task] = set()

    def hub(self, meeting_id: str) -> Hub:
        hub = self.hubs.get(meeting_id)
        if hub is None:
            hub = Hub(meeting_id, self.meetings, self.render, self.resync_seconds,
                      self.chair_session_valid, self._empty, self._share, self._elsewhere,
                      self.heartbeat_seconds)
            self.hubs[meeting_id] = hub
        return hub

    def _empty(self, hub: Hub) -> None:
        if not hub.connections and self.hubs.get(hub.meeting_id) is hub:
            del self.hubs[hub.meeting_id]
            self.renders_done += hub.renders
            if self.shared.pop(hub.meeting_id, None) and self.broker is not None:
                task = asyncio.create_task(self._say(hub.meeting_id, frozenset()))
                self._background.add(task)  # the loop keeps only weak references to tasks
                task.add_done_callback(self._background.discard)

    async def _share(self, meeting_id: str, present: frozenset[str]) -> None:
        """Tell the other processes who is connected here, when it changed or has not been said lately."""
        if self.broker is None or not getattr(self.broker, "shares_presence", False):
            return
        said, when = self.shared.get(meeting_id, (None, 0.0))
        now = time.monotonic()
        if said == present and now - when < self.PRESENCE_TTL / 3:
            return
        self.shared[meeting_id] = (present, now)
        await self._say(meeting_id, present)

    async def _say(self, meeting_id: str, present: frozenset[str]) -> None:
        try:
            await self.broker.share_presence(meeting_id, self.process_id, present)
        except Exception as e:  # presence is a courtesy: never let it stop live updates
            log.warning("could not share presence (%s)", type(e).__name__)

    def heard_presence(self, meeting_id: str, process_id: str, present: frozenset[str]) -> None:
        if process_id == self.process_id:
            return
        known = self.remote.setdefault(meeting_id, {})
        before = known.get(process_id, (frozenset(), 0.0))[0]
        known[process_id] = (present, time.monotonic())
        if present != before:
            self.ring(meeting_id, -1)

    def _elsewhere(self, meeting_id: str) -> frozenset[str]:
        known = self.remote.get(meeting_id, {})
        fresh_after = time.monotonic() - self.PRESENCE_TTL
        for process_id in [p for p, (_, when) in known.items() if when < fresh_after]:
            del known[process_id]
        return frozenset().union(*(ids for ids, _ in known.values())) if known else frozenset()

    def presence(self, meeting_id: str) -> frozenset[str]:
        """Participants of this meeting connected to this process now."""
        hub = self.hubs.get(meeting_id)
        return hub.presence if hub else frozenset()

    def ring(self, meeting_id: str, seq: int) -> None:
        hub = self.hubs.get(meeting_id)
        if hub is not None:
            hub.ring()

    def ring_all(self) -> None:
        for hub in self.hubs.values():
            hub.ring()

    def connections(self):
        for hub in self.hubs.values():
            yield from hub.connections

    def stats(self) -> dict:
        """Counts for the benchmarks: no names, no content."""
        return {"meetings": len(self.hubs), "sockets": sum(len(h.connections) for h in self.hubs.values()),
                "renders": self.renders_done + sum(h.renders for h in self.hubs.values())}

    async def stop(self) -> None:
        for hub in list(self.hubs.values()):
            if hub.task:
                hub.task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await hub.task
        self.hubs.clear()
