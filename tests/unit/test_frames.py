"""One frame for many sockets, written to each transport (live/frames.py): the outbox keeps its
order, its bound and its flow control, and the bytes are a valid text frame."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from websockets.frames import Frame, Opcode
from websockets.streams import StreamReader

from meeting_room.live.frames import RawSocket, text_frame
from meeting_room.live.outbox import CLOSE_GONE, RECONNECT_SLOW, Connection


class FakeTransport:
    def __init__(self):
        self.written: list[bytes] = []
        self.closing = False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def is_closing(self) -> bool:
        return self.closing


def raw_socket() -> tuple[RawSocket, SimpleNamespace]:
    """A socket as uvicorn's websockets-sansio protocol keeps it: accepted, open, writable."""
    protocol = SimpleNamespace(handshake_complete=True, disconnected=False, close_sent=False,
                               transport=FakeTransport(), writable=asyncio.Event())
    protocol.writable.set()
    return RawSocket(protocol), protocol


def texts(protocol) -> list[str]:
    """What the browser reads: each written frame parsed back."""
    out = []
    for data in protocol.transport.written:
        reader = StreamReader()
        reader.feed_data(data)
        parser = Frame.parse(reader.read_exact, mask=False)
        try:
            next(parser)
        except StopIteration as done:
            frame = done.value
        assert frame.opcode is Opcode.TEXT and frame.fin
        out.append(frame.data.decode())
    return out


async def shut(conn: Connection, writer: asyncio.Task) -> None:
    await asyncio.sleep(0)  # (a writer cancelled before its first step ends in CancelledError)
    conn.shut(CLOSE_GONE)
    await asyncio.wait_for(writer, 2)


async def never_send(text):
    raise AssertionError("the ASGI send is not used when the transport is there")


def writing(**limits) -> tuple[Connection, SimpleNamespace, asyncio.Task]:
    """A live connection on a raw socket, its writer started: (connection, protocol, writer)."""
    raw, protocol = raw_socket()
    conn = Connection(send=never_send, raw=raw, view="member", participant_id="p", chair_session=None, **limits)
    return conn, protocol, conn.start()


def test_a_text_frame_is_built_once_and_parses_back():
    big = "é" * 70_000  # over 65,535 bytes: the long length form
    assert text_frame(big) is text_frame(big)
    for text in ("", "hello", "x" * 200, big):
        raw, protocol = raw_socket()
        raw.write(text_frame(text))
        assert texts(protocol) == [text]


async def test_an_idle_socket_is_written_at_once_and_in_order():
    conn, protocol, writer = writing()
    for i in range(3):
        conn.offer(f"m{i}")
    assert texts(protocol) == ["m0", "m1", "m2"] and not conn.outbox  # no trip through the writer
    await shut(conn, writer)


async def test_a_full_transport_queues_then_drains_in_order_and_later_messages_wait_their_turn():
    conn, protocol, writer = writing()
    conn.offer("m0")
    protocol.writable.clear()  # the phone reads slowly: over the high-water mark
    conn.offer("m1")
    conn.offer("m2")
    await asyncio.sleep(0)  # (the writer takes "m1" and waits for the transport)
    assert texts(protocol) == ["m0"] and conn.sending_since is not None
    conn.offer("m3")  # queued behind, never written past the waiting ones
    protocol.writable.set()
    for _ in range(10):
        await asyncio.sleep(0)
    assert texts(protocol) == ["m0", "m1", "m2", "m3"] and not conn.outbox and conn.sending_since is None
    conn.offer("m4")  # idle again: straight to the transport
    assert texts(protocol)[-1] == "m4"
    await shut(conn, writer)


async def test_a_transport_that_stays_full_gets_the_socket_dropped():
    conn, protocol, writer = writing(queue_size=2, send_timeout=10)
    protocol.writable.clear()
    conn.offer("m0")
    await asyncio.sleep(0)
    conn.sending_since = asyncio.get_running_loop().time() - 11  # as if waiting that long
    conn.offer("m1")
    await asyncio.wait_for(writer, 2)
    assert conn.close_code == RECONNECT_SLOW and protocol.transport.written == []


async def test_a_closed_socket_is_not_written_to():
    conn, protocol, writer = writing()
    protocol.close_sent = True  # the server's close frame went: nothing may follow it
    conn.offer("late")
    protocol.close_sent, protocol.disconnected = False, True
    conn.offer("later")
    assert protocol.transport.written == []
    await shut(conn, writer)


async def test_a_last_message_goes_through_the_writer_before_the_close():
    conn, protocol, writer = writing()
    conn.offer("before")
    conn.finish("goodbye", CLOSE_GONE)
    await asyncio.wait_for(writer, 2)
    assert texts(protocol) == ["before", "goodbye"] and conn.close_code == CLOSE_GONE


def test_only_uvicorns_own_uncompressed_socket_is_written_to_directly():
    async def plain_send(message):
        return None
    assert RawSocket.behind(plain_send) is None  # a wrapper, or another server: ASGI as before
    assert RawSocket.behind(None) is None
