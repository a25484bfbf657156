"""The live socket: server-to-browser pushes of `hx-swap-oob` fragments.

Changes are made over HTTP, never over this socket. The handshake is refused before it is
accepted when the Origin is foreign or missing, or when nobody of this meeting is behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket, WebSocketDisconnect

from meeting_room.core.errors import NotFound
from meeting_room.core.rules import sees_everything
from meeting_room.live.drawing import snapshot
from meeting_room.live.frames import RawSocket
from meeting_room.live.outbox import Connection
from meeting_room.web.security import base_url, origin_allowed
from meeting_room.web.views.common import app_state, live_view, who_in_meeting

log = logging.getLogger("meeting_room.live")

MAX_INCOMING = 4096          # bytes in one incoming frame
INCOMING_PER_10S = 30        # frames; more is a flood
MAX_SOCKETS_PER_PERSON = 6   # tabs and devices of one session
RAW_SEND = "meeting_room.raw_send"  # in a socket's scope: the server's own `send`, under the wrappers


class KeepRawSend:
    """Outermost: keeps the server's own `send` of a live socket in its scope, where the
    middleware and exception wrappers further in would hide it, so that the hub can write
    one frame to many sockets (live/frames.py)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "websocket":
            scope[RAW_SEND] = send
        await self.app(scope, receive, send)


async def live(websocket: WebSocket) -> None:
    state = app_state(websocket)
    meeting_id = websocket.path_params["meeting_id"]
    conn = await _admitted(websocket, state, meeting_id)
    # Counted for every process together (limits.py): one person's tabs and devices.
    ticket = None if conn is None else await state.limits.sockets.open(
        f"{meeting_id}:{conn.chair_session or conn.participant_id}", MAX_SOCKETS_PER_PERSON)
    if ticket is None:  # a foreign origin, nobody of this meeting, or too many sockets of theirs already
        await websocket.close(code=1008)
        return
    try:
        await _serve(websocket, state.hubs.hub(meeting_id), conn)
    finally:
        with contextlib.suppress(Exception):  # (a process that stops: its rows expire by themselves)
            await state.limits.sockets.close(ticket)


async def _serve(websocket: WebSocket, hub, conn: Connection) -> None:
    await websocket.accept()
    hub.add(conn)
    writer = conn.start()
    reader = asyncio.create_task(_read(websocket, conn))
    try:
        await asyncio.wait({writer, reader}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (writer, reader):
            task.cancel()
        hub.discard(conn)
        if conn.close_code is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(websocket.close(code=conn.close_code), 1.0)


async def _admitted(websocket: WebSocket, state, meeting_id: str) -> Connection | None:
    """The connection this handshake may open, or None: a foreign origin, or nobody of this
    meeting behind it."""
    if not origin_allowed(websocket.scope, websocket.headers, websocket.headers.get("origin"),
                          state.settings.allowed_origins):
        log.warning("refused a live connection from a foreign origin")
        return None
    who = await who_in_meeting(websocket, meeting_id)
    person, view = who.participant, live_view(who, websocket.query_params.get("view"))
    if view is None:
        return None
    return Connection(send=websocket.send_text, raw=RawSocket.behind(websocket.scope.get(RAW_SEND)),
                      view=view, participant_id=None if view == "screen" else person.id,
                      chair_session=who.chair_session_hash if who.is_chair else None,
                      base_url=base_url(websocket, state.settings), seen=_seen(websocket.query_params.get("seen")),
                      queue_size=state.settings.socket_queue, send_timeout=state.settings.socket_send_timeout)


def _seen(value: str | None) -> int | None:
    """The sequence number the page was drawn at, when it is one (anything else: None, and the
    socket's first message is the whole view)."""
    value = value or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


async def _read(websocket: WebSocket, conn: Connection) -> None:
    """Nothing is expected from the browser; bounded so nobody can flood us."""
    window_start, count = time.monotonic(), 0
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            if message.get("bytes") is not None:
                conn.shut(1003)  # binary frames are not accepted
                return
            if len(message.get("text") or "") > MAX_INCOMING:
                conn.shut(1009)
                return
            now = time.monotonic()
            if now - window_start > 10:
                window_start, count = now, 0
            count += 1
            if count > INCOMING_PER_10S:
                conn.shut(1008)
                return
    except (WebSocketDisconnect, RuntimeError):
        return


async def updates(request: Request) -> Response:
    """For networks that block websockets: the page asks every few seconds, from the sequence
    number it shows, and gets the same fragments a socket would have sent (or 204: no news)."""
    state = app_state(request)
    meeting_id = request.path_params["meeting_id"]
    who = await who_in_meeting(request, meeting_id)
    view = live_view(who, request.query_params.get("view"))
    if view is None:
        return HTMLResponse(state.renderer.gone("You are no longer in this meeting."))
    board = await state.boards.board(meeting_id)
    if board is None:
        raise NotFound("That meeting could not be found.")
    if board.meeting.status == "closed":
        return HTMLResponse(state.renderer.closed(meeting_id, view or ""))
    if view == "lobby":
        return HTMLResponse(state.renderer.lobby(who.participant.status, board))
    if view == "child" and board.meeting.family_time and sees_everything(who.participant):
        return HTMLResponse(state.renderer.view_changed(meeting_id))  # a worker's device: paused in family time
    since = request.query_params.get("since", "")
    if since.isascii() and since.isdigit() and len(since) < 19 and int(since) == board.seq:  # ("²" is a digit too)
        return Response(status_code=204)
    return HTMLResponse(snapshot(state.renderer, view, board, state.hubs.presence(meeting_id),
                                 base_url(request, state.settings)))
