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
import logging
from dataclasses import dataclass
from typing import Callable

from meeting_room.core import rules
from meeting_room.live.drawing import (  # noqa: F401
    ALL_KEYS, SCREEN_PRESENT, Drawing, F, catch_up_from, keys_for_events, snapshot)
from meeting_room.live.outbox import (  # noqa: F401
    CLOSE_GONE, CLOSE_NOT_FOUND, CLOSE_SIGNED_OUT, RECONNECT_SLOW, Connection)
from meeting_room.live.presence import Presence
from meeting_room.read.boards import Board, Boards

log = logging.getLogger("meeting_room.hub")

@dataclass(frozen=True)
class Sessions:
    """How a hub learns that a session ended with no request to notice it."""
    chair_valid: Callable  # token hash -> still signed in?
    participants_signed_in: Callable | None = None  # meeting id -> ids whose session has not ended


@dataclass(frozen=True)
class HubParts:
    """What every hub of this process shares: where it reads, how it draws, whom it asks."""
    boards: Boards
    render: Callable  # the renderer: (view, key, board, presence, events, base) -> text
    sessions: Sessions
    presence: Presence | None = None  # who is connected on the other processes
    resync_seconds: float = 3.0
    heartbeat_seconds: float = 10.0


class Hub:
    def __init__(self, meeting_id: str, parts: HubParts, on_empty: Callable[["Hub"], None]):
        self.meeting_id = meeting_id
        self.boards = parts.boards
        self.render = parts.render
        self.resync_seconds = parts.resync_seconds
        self.chair_session_valid = parts.sessions.chair_valid
        self.participants_signed_in = parts.sessions.participants_signed_in
        self.on_empty = on_empty
        self.share_presence = parts.presence.share if parts.presence else _no_sharing
        self.elsewhere = parts.presence.elsewhere if parts.presence else (lambda meeting_id: frozenset())
        self.connections: set[Connection] = set()
        self.seq = -1
        self.board: Board | None = None  # the last board read, patched item by item
        self.rung = False                # a doorbell rang since the last sync
        self.presence: frozenset[str] = frozenset()
        self.wake = asyncio.Event()
        self.task: asyncio.Task | None = None
        self.renders = 0  # fragments rendered, for the benchmarks
        self.heartbeat_seconds = parts.heartbeat_seconds
        self.sessions_checked = 0.0  # loop time the sessions were last checked

    def add(self, conn: Connection) -> None:
        self.connections.add(conn)
        self.wake.set()
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self.run(), name=f"hub-{self.meeting_id[:6]}")

    def discard(self, conn: Connection) -> None:
        self.connections.discard(conn)
        self.wake.set()

    def ring(self, seq: int = -1) -> None:
        """Something changed (`seq`, when known): look again. A change this hub has drawn already
        (its own process rang at the commit, then PostgreSQL's notification came) is skipped."""
        if 0 <= seq <= self.seq:
            return
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
                await self._check_sessions_now_and_then()
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
        presence = await self._presence_now()
        rung, self.rung = self.rung, False
        if not rung and not fresh and presence == self.presence:
            # A quiet moment: a cheap look at the sequence number catches a missed doorbell.
            if await self.boards.seq(self.meeting_id) == self.seq:
                await self._check_chair_sessions()
                return
        # The board and the events up to its seq, read together: events committed later are
        # read next time (their ring wakes us), so no change can slip past the dirty set.
        board, events = await self.boards.changes(self.meeting_id, self.seq, self.board)
        if board is None:
            for conn in list(self.connections):
                conn.finish(self.render.gone("This meeting no longer exists."), CLOSE_NOT_FOUND)
            return
        if board.seq == self.seq and presence == self.presence and not fresh:
            await self._check_chair_sessions()  # rung by a sign-out, perhaps
            return
        dirty, item_keys = (set(ALL_KEYS), []) if self.seq < 0 else keys_for_events(events, board)
        if presence != self.presence:
            dirty |= {F.ROSTER, F.SCREEN_STATUS, F.SCALE}  # the scale says how many are connected
        if board.seq == self.seq:
            dirty.discard(F.ANNOUNCE)
        people_changed = self.board is None or board.participants is not self.board.participants
        seq_moved, before = board.seq != self.seq, self.seq
        self.seq, self.presence, self.board = board.seq, presence, board
        if people_changed or fresh:  # (chair sessions are checked when nothing changed: sign-out rings, timer)
            self._check_participants(board)
        drawing = Drawing(self.render, board, presence, events, dirty, item_keys, seq_moved)
        self._send(drawing, before)
        self.renders += drawing.rendered

    async def _presence_now(self) -> frozenset[str]:
        """Who is connected now, here and on the other processes; tells them who is here."""
        local = frozenset(c.participant_id for c in self.connections if c.participant_id and c.view != "lobby")
        if any(c.view == "screen" and not c.closed.is_set() for c in self.connections):
            local |= {SCREEN_PRESENT}
        await self.share_presence(self.meeting_id, local)
        return local | self.elsewhere(self.meeting_id)

    def _send(self, drawing: "Drawing", before: int) -> None:
        for conn in list(self.connections):
            if conn.closed.is_set() or conn.close_code is not None or conn.view == "lobby":
                continue  # (a socket being closed gets its last message only)
            since = conn.needs_snapshot and catch_up_from(conn, before, drawing) is not None  # (`?seen=`)
            text = drawing.since(conn.view, conn.base_url, conn.seen == drawing.board.seq) if since else \
                drawing.message(conn.view, conn.needs_snapshot, conn.base_url)
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
        if board.meeting.status == "closed":
            last = {view: self.render.closed(self.meeting_id, view) for view in {c.view for c in self.connections}}
            for conn in list(self.connections):  # every page, the chair's and the screen too
                conn.finish(last[conn.view], CLOSE_GONE)
            return
        for conn in list(self.connections):
            if conn.participant_id is None or conn.closed.is_set():
                continue
            person = board.participant(conn.participant_id)
            status = person.status if person else "removed"
            if conn.view == "lobby" and status == "admitted" and person.entered:
                status = "back"  # asked to wait outside, and now brought back in: the page goes back in
            if conn.view == "lobby":
                if status != conn.told_lobby_state:
                    conn.told_lobby_state = status
                    text = self.render.lobby(status, board)
                    if status in {"turned_away", "removed"}:
                        conn.finish(text, CLOSE_GONE)
                    else:
                        conn.offer(text)
                conn.needs_snapshot = False
            elif conn.view == "chair" and person is not None and person.role != "chair" and not person.co_chair:
                conn.finish(self.render.gone("You are no longer co-chair.", f"/meetings/{self.meeting_id}"), CLOSE_GONE)
            elif status == "outside":  # the page reloads to a calm waiting screen; nothing else is sent
                conn.finish(self.render.gone("Please wait outside for a while.", f"/meetings/{self.meeting_id}"),
                            CLOSE_GONE)
            elif status != "admitted":
                conn.finish(self.render.gone("You are no longer in this meeting."), CLOSE_GONE)
            elif (person.role == "child" and (conn.view == "child") != rules.child_view(person)) or (
                    conn.view == "child" and board.meeting.family_time and rules.sees_everything(person)):
                conn.finish(self.render.view_changed(self.meeting_id), CLOSE_GONE)  # houses ⇄ full board
                # (a worker's "Child's view for …" is a professional's device: paused in family time)

    async def _check_sessions_now_and_then(self) -> None:
        """Every few seconds, busy or not: a session that expired, or was signed out on another
        process, loses its sockets within `resync_seconds`."""
        moment = asyncio.get_running_loop().time()
        if moment - self.sessions_checked >= self.resync_seconds:
            self.sessions_checked = moment
            await self._check_chair_sessions()
            await self._check_participant_sessions()

    async def _check_participant_sessions(self) -> None:
        """A participant's session ends after a long idle (people.py), with no request to notice
        it: their sockets, lobby ones too, close here."""
        people = {c.participant_id for c in self.connections
                  if c.participant_id and not c.chair_session and not c.closed.is_set()}
        if not people or self.participants_signed_in is None:
            return
        ended = people - await self.participants_signed_in(self.meeting_id)
        for conn in list(self.connections):
            if conn.participant_id in ended and not conn.chair_session:
                conn.finish(self.render.gone("You have been away a long time. To come back, join again "
                                             "with the code."), CLOSE_SIGNED_OUT)

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
    """All hubs of this process, one per meeting with live sockets. Who is connected is shared
    with the other processes through `Presence`."""

    def __init__(self, boards: Boards, render: Callable, sessions: Sessions, broker=None,
                 resync_seconds: float = 3.0, heartbeat_seconds: float = 10.0):
        self.hubs: dict[str, Hub] = {}
        self.others = Presence(broker, on_change=lambda meeting_id: self.ring(meeting_id, -1))
        self.parts = HubParts(boards, render, sessions, self.others, resync_seconds, heartbeat_seconds)
        self.heard_presence = self.others.heard
        self.renders_done = 0  # renders of hubs that have since closed

    def hub(self, meeting_id: str) -> Hub:
        hub = self.hubs.get(meeting_id)
        if hub is None:
            hub = Hub(meeting_id, self.parts, self._empty)
            self.hubs[meeting_id] = hub
        return hub

    def _empty(self, hub: Hub) -> None:
        if not hub.connections and self.hubs.get(hub.meeting_id) is hub:
            del self.hubs[hub.meeting_id]
            self.renders_done += hub.renders
            self.others.gone(hub.meeting_id)

    def presence(self, meeting_id: str) -> frozenset[str]:
        """Participants of this meeting connected to this process now."""
        hub = self.hubs.get(meeting_id)
        return hub.presence if hub else frozenset()

    def ring(self, meeting_id: str, seq: int) -> None:
        hub = self.hubs.get(meeting_id)
        if hub is not None:
            hub.ring(seq)

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
