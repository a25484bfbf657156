"""One encoded frame for many sockets, written straight to each socket's transport.

A change goes to every socket of a view as the same text. Through ASGI, each socket's copy
passed six layers of `send` wrappers and was framed again by uvicorn; that was a fifth of the
server's work per change (docs/performance.md). With compression off (it is: `cli.py`), a text
frame from server to browser is the same bytes for every socket, so it is built once and written
to each transport as it is, with the same flow control uvicorn uses (wait while the transport's
buffer is over its high-water mark). Anything else (another websocket implementation, a
compressed socket) goes through ASGI as before.
"""

from __future__ import annotations

from functools import lru_cache

from websockets.frames import Frame, Opcode


@lru_cache(maxsize=16)
def text_frame(text: str) -> bytes:
    """The frame of one message. The hub hands every socket of a view the same string object, so
    after the first socket this is one dictionary look-up (a string keeps its hash)."""
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False)


def _sansio_protocol() -> type | None:
    try:
        from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
    except ImportError:  # another uvicorn: the ASGI way is always there
        return None
    return WebSocketsSansIOProtocol


class RawSocket:
    """One accepted socket of uvicorn's `websockets-sansio` protocol, written to directly."""
    __slots__ = ("_protocol",)

    def __init__(self, protocol):
        self._protocol = protocol

    @classmethod
    def behind(cls, send) -> "RawSocket | None":
        """The raw socket behind uvicorn's own ASGI `send`, or None when there is none to use."""
        protocol = getattr(send, "__self__", None)
        kind = _sansio_protocol()
        if kind is None or not isinstance(protocol, kind) or protocol.conn.extensions:
            return None  # (an extension such as compression makes each socket's frames its own)
        return cls(protocol)

    def open(self) -> bool:
        """Still open for messages: not lost, no close frame sent, accepted."""
        p = self._protocol
        return p.handshake_complete and not (p.disconnected or p.close_sent or p.transport.is_closing())

    def writable(self) -> bool:
        return self._protocol.writable.is_set()

    async def until_writable(self) -> None:
        """While the transport's buffer is over its high-water mark (the phone reads slowly)."""
        await self._protocol.writable.wait()

    def write(self, frame: bytes) -> None:
        self._protocol.transport.write(frame)
