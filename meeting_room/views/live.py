"""The live socket: server-to-browser pushes of `hx-swap-oob` fragments.

Changes are made over HTTP, never over this socket. The handshake is refused before it is
accepted when the Origin is foreign or missing, or when nobody of this meeting is behind it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from starlette.websockets import WebSocket, WebSocketDisconnect

from ..hub import Connection
from ..security import origin_allowed
from .common import app_state, who_in_meeting

log = logging.getLogger("meeting_room.live")

MAX_INCOMING = 4096          # bytes in one incoming frame
INCOMING_PER_10S = 30        # frames; more is a flood
MAX_SOCKETS_PER_PERSON = 6   # tabs and devices of one session


async def live(websocket: WebSocket) -> None:
    state = app_state(websocket)
    meeting_id = websocket.path_params["meeting_id"]
    if not origin_allowed(websocket.scope, websocket.headers, websocket.headers.get("origin"),
                          state.settings.allowed_origins):
        log.warning("refused a live connection from a foreign origin")
        await websocket.close(code=1008)
        return
    who = await who_in_meeting(websocket, meeting_id)
    person = who.participant
    if person is None:
        await websocket.close(code=1008)
        return
    if who.is_chair:
        view = "screen" if websocket.query_params.get("view") == "screen" else "chair"
    elif person.status == "waiting" or (person.status == "admitted" and not person.entered):
        view = "lobby"
    elif person.status == "admitted":
        view = "member"
    else:
        await websocket.close(code=1008)
        return
    hub = state.hubs.hub(meeting_id)
    key = who.chair_session_hash if who.is_chair else person.id
    mine = [c for c in hub.connections if (c.chair_session if who.is_chair else c.participant_id) == key]
    if len(mine) >= MAX_SOCKETS_PER_PERSON:
        await websocket.close(code=1008)
        return
    if not state.renderer.base_url:  # join links on the shared screen need the address people use
        scheme = "https" if websocket.url.scheme == "wss" else "http"
        state.renderer.base_url = f"{scheme}://{websocket.headers.get('host', '')}"

    await websocket.accept()
    conn = Connection(send=websocket.send_text, close=websocket.close, view=view,
                      participant_id=None if view == "screen" else person.id,
                      chair_session=who.chair_session_hash if who.is_chair else None,
                      queue_size=state.settings.socket_queue, send_timeout=state.settings.socket_send_timeout)
    hub.add(conn)
    writer = asyncio.create_task(conn.writer())
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
