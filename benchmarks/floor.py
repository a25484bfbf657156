"""The floor of this stack, for `benchmarks/fanout.py --floor`: the least a server on it can do.

One Starlette app on uvicorn with the app's own server options (uvloop, httptools, the
`websockets-sansio` protocol, no compression, no access log), two routes and nothing else:

- `POST /meetings/{m}/items` reads the form, as the app does, and writes one text frame of
  `--payload` bytes to every socket of meeting m, with the app's own frame writer
  (`meeting_room/live/frames.py`); it answers with a short fragment.
- `/meetings/{m}/ws` accepts a live socket and keeps it until it closes.

No session, no form token, no database, no rendering, no history, no flow control. The
benchmark drives it with the same posts and the same listening sockets as the app, so the app's
figures can be read against what the HTTP request and the sending alone cost here.

    python benchmarks/floor.py PORT PAYLOAD_BYTES
"""

from __future__ import annotations

import html
import socket
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocketDisconnect

from meeting_room.live.frames import RawSocket, text_frame

RAW_SEND = "floor.raw_send"
rooms: dict[str, set[RawSocket]] = {}


def filler(payload: int) -> str:
    return "x" * max(0, payload - 120)


async def add_item(request):
    form = await request.form()
    message = f'<li class="item"><p class="item-text">{html.escape(form["text"])}</p>{request.app.state.filler}</li>'
    frame = text_frame(message)
    for raw in rooms.get(request.path_params["meeting"], ()):
        if raw.open():
            raw.write(frame)
    return HTMLResponse('<p role="status">Added.</p>')


async def live(websocket):
    await websocket.accept()
    raw = RawSocket.behind(websocket.scope[RAW_SEND])
    room = rooms.setdefault(websocket.path_params["meeting"], set())
    room.add(raw)
    try:
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect:
        pass
    finally:
        room.discard(raw)


def app(payload: int):
    inner = Starlette(routes=[Route("/meetings/{meeting}/items", add_item, methods=["POST"]),
                              WebSocketRoute("/meetings/{meeting}/ws", live)])
    inner.state.filler = filler(payload)

    async def keep_raw_send(scope, receive, send):  # as the app's KeepRawSend does
        if scope["type"] == "websocket":
            scope[RAW_SEND] = send
        await inner(scope, receive, send)
    return keep_raw_send


def main() -> None:
    port, payload = int(sys.argv[1]), int(sys.argv[2])
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(2048)  # connections wait from now on: "ready" is true
    config = uvicorn.Config(app(payload), log_level="warning", access_log=False, ws_max_size=64 * 1024,
                            ws="websockets-sansio", ws_per_message_deflate=False, ws_ping_interval=20,
                            ws_ping_timeout=8, loop="uvloop", http="httptools", lifespan="off")
    server = uvicorn.Server(config)
    print("ready", flush=True)
    server.run(sockets=[sock])


if __name__ == "__main__":
    main()
