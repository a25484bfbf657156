"""Real faults against real servers: kill -9, SIGTERM, a lost doorbell, dropped and stalled sockets,
several processes on one PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time

import asyncpg
import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

from meeting_room.read.boards import Boards
from meeting_room.store.db import Database, asyncpg_dsn, normal_url
from tests.helpers import (
    Person,
    add_item,
    admit_and_enter,
    join,
    meeting_with_mum,
    new_meeting,
    signed_in_chair,
)
from tests.live.client import LiveClient, database_items
from tests.live.processes import AppProcess

COLUMNS = ("worries", "working", "next")


async def converged(clients, boards, meeting_id, timeout=10.0):
    truth = await database_items(boards, meeting_id)
    for client in clients:
        await client.wait_for(lambda c=client: all(c.items(col) == truth[col] for col in COLUMNS), timeout=timeout,
                              what=f"a client to match the database {truth}")
    return truth


@contextlib.asynccontextmanager
async def reader(database_url):
    db = Database(database_url)
    try:
        yield Boards(db)
    finally:
        await db.dispose()


async def integrity_problems(database_url: str, meeting_id: str) -> list[str]:
    """Nothing half-applied: the sequence, the history and the rows agree."""
    problems = []
    db = Database(database_url)
    try:
        async with db.read() as s:
            if db.sqlite:
                result = (await s.execute(text("PRAGMA integrity_check"))).scalar_one()
                if result != "ok":
                    problems.append(f"integrity_check: {result}")
            seq = (await s.execute(text("SELECT seq FROM meeting WHERE id = :m"), {"m": meeting_id})).scalar_one()
            seqs = [r[0] for r in (await s.execute(text("SELECT seq FROM event WHERE meeting_id = :m ORDER BY seq"),
                                                   {"m": meeting_id}))]
            if seqs != list(range(1, seq + 1)):
                problems.append(f"events {seqs[:5]}… do not run 1..{seq}")
            added = {json.loads(r[0])["item"] for r in (await s.execute(
                text("SELECT data FROM event WHERE meeting_id = :m AND kind = 'item.added'"), {"m": meeting_id}))}
            items = {r[0] for r in (await s.execute(text("SELECT id FROM item WHERE meeting_id = :m"),
                                                    {"m": meeting_id}))}
            if added != items:
                problems.append("items and their history differ")
    finally:
        await db.dispose()
    return problems


async def test_kill_9_during_a_stream_of_writes_loses_nothing_acknowledged(database_url):
    app = await AppProcess(database_url).start()
    chair = Person.live(app)
    try:
        await signed_in_chair(chair, database_url)
        meeting_id, _ = await new_meeting(chair)
        acknowledged: list[str] = []
        streaming = asyncio.Event()  # enough writes acknowledged: the stream is well under way

        async def writer(lane: int):
            n = 0
            while True:
                text_ = f"lane {lane} write {n}"
                try:
                    r = await add_item(chair, meeting_id, text_, client_token=f"{lane}-{n}")
                except httpx.HTTPError:
                    return
                if r.status_code == 200:
                    acknowledged.append(text_)
                    if len(acknowledged) >= 200:
                        streaming.set()
                n += 1

        lanes = [asyncio.create_task(writer(lane)) for lane in range(3)]
        await asyncio.wait_for(streaming.wait(), 30)
        app.kill()  # each lane has a write in flight now
        await asyncio.gather(*lanes, return_exceptions=True)
        assert len(acknowledged) >= 200
        await app.start()  # the same database, a new process
        async with reader(database_url) as boards:
            saved = {i.text for i in (await boards.board(meeting_id)).items}
        missing = [t for t in acknowledged if t not in saved]
        assert not missing, f"{len(missing)} acknowledged writes lost, e.g. {missing[:3]}"
        assert not await integrity_problems(database_url, meeting_id)
    finally:
        await chair.close()
        app.stop()


async def test_sigterm_closes_sockets_with_a_reconnect_code_and_clients_come_back(database_url):
    app = await AppProcess(database_url).start()
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(app), database_url)
    try:
        phone = await LiveClient(app, mum, meeting_id).connect()
        await add_item(mum, meeting_id, "Before the deploy")
        await phone.wait_for(lambda: phone.items("worries") == ["Before the deploy"])
        # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit says why it stopped.
        assert await app.terminate() in (0, -15)
        assert await phone.wait_closed() == 1012
        await app.start()
        await add_item(chair, meeting_id, "After the deploy", column="next", section="steps")
        phone = await LiveClient(app, mum, meeting_id).connect()
        async with reader(database_url) as boards:
            await converged([phone], boards, meeting_id)
        await phone.close()
    finally:
        await chair.close()
        await mum.close()
        app.stop()


async def test_every_socket_dropped_during_a_burst_converges_after_reconnecting(live_server, database_url):
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    boards = live_server.app.state.mr.boards
    clients = [await LiveClient(live_server, p, meeting_id).connect() for p in (chair, mum, mum, chair)]

    written = 0
    midway = asyncio.Event()  # a few of the 30 edits are saved, the rest still to come

    async def burst(person, lane):
        nonlocal written
        for n in range(15):
            await add_item(person, meeting_id, f"burst {lane}.{n}", column=COLUMNS[n % 3],
                           section=("harm", "strengths", "goals")[n % 3])
            written += 1
            if written >= 6:
                midway.set()

    edits = asyncio.gather(burst(chair, 1), burst(mum, 2))
    await asyncio.wait_for(midway.wait(), 10)
    assert written < 30
    for client in clients:  # every connection drops at once, mid-burst
        client.ws.transport.abort()
    await edits
    for client in clients:
        await client.wait_closed()
        client.forget()
        await client.connect()
    truth = await converged(clients, boards, meeting_id)
    assert sum(len(v) for v in truth.values()) == 30
    for client in clients:
        await client.close()


async def test_a_stalled_phone_is_dropped_and_never_slows_the_others(database_url, tmp_path):
    from meeting_room.web.settings import Settings
    from tests.conftest import LiveServer
    server = LiveServer(Settings(database_url=database_url, items_per_minute=100_000, socket_queue=8, socket_send_timeout=1.0,
                                 resync_seconds=1.0))
    await server.start()
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(server), database_url)
    try:
        board = await LiveClient(server, chair, meeting_id).connect()
        # A phone that completes the handshake and then never reads: a tiny receive buffer fills.
        stalled = socket.socket()
        stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
        stalled.connect(("127.0.0.1", server.port))
        stalled.sendall((f"GET /meetings/{meeting_id}/ws HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                         f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                         f"Sec-WebSocket-Version: 13\r\nOrigin: {server.url}\r\nCookie: {mum.cookie_header}\r\n\r\n").encode())
        # The hub counts the phone's socket as soon as it is accepted: the chair sees Dana connected.
        await board.wait_for(lambda: "Dana Mum connected" in " ".join(board.page.text("roster-list").split()),
                             what="the stalled phone's socket shown as connected")
        hub = server.app.state.mr.hubs.hubs[meeting_id]
        assert len(hub.connections) == 2
        for n in range(60):
            await add_item(chair, meeting_id, f"item {n} " + "x" * 900)
        await board.wait_for(lambda: len(board.items("worries")) == 60, timeout=10)
        # The chair reorganises: each move redraws two whole columns (~130 KB for every socket),
        # far more than the stalled phone's buffers (about 4 MB in the kernel here) can hold.
        moving = (await server.app.state.mr.boards.board(meeting_id)).items[0]
        slowest = 0.0
        for n in range(50):
            place = "next:steps" if n % 2 == 0 else "worries:harm"
            started = time.monotonic()
            r = await chair.post(f"/meetings/{meeting_id}/items/{moving.id}/move", {"place": place})
            assert r.status_code == 204
            column = place.split(":")[0]
            await board.wait_for(lambda c=column: any(t.startswith("item 0 ") for t in board.items(c)), timeout=5)
            slowest = max(slowest, time.monotonic() - started)
        # The stalled phone was dropped; the chair's screen kept up all along.
        await board.wait_for(lambda: len(hub.connections) == 1, timeout=5, what="the stalled phone to be dropped")
        assert slowest < 2.0, f"an edit took {slowest:.2f}s to reach the chair while a phone was stalled"
        stalled.close()
        # When the phone reads again it reconnects and gets everything.
        phone = await LiveClient(server, mum, meeting_id).connect()
        await converged([phone, board], server.app.state.mr.boards, meeting_id)
        await phone.close()
        await board.close()
    finally:
        await chair.close()
        await mum.close()
        await server.stop()


async def test_same_submission_sent_twice_at_once_is_applied_once(app, database_url):
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.in_process(app), database_url)
    results = await asyncio.gather(*[add_item(mum, meeting_id, "Only once", client_token="same-tap")
                                     for _ in range(6)])
    assert all(r.status_code == 200 for r in results)
    board = await app.state.mr.boards.board(meeting_id)
    assert [i.text for i in board.items] == ["Only once"]
    await chair.post(f"/meetings/{meeting_id}/scales", {"question": "Q", "ten": "T", "zero": "Z"})
    scale = (await app.state.mr.boards.board(meeting_id)).current_scale
    results = await asyncio.gather(*[mum.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": "4"})
                                     for _ in range(6)])
    assert all(r.status_code == 200 for r in results)
    history = await app.state.mr.meetings.history(meeting_id)
    assert [e.kind.name for e in history].count("scale.answered") == 1
    assert [e.kind.name for e in history].count("item.added") == 1


# ------------------------------------------------------------------ PostgreSQL: several processes

async def test_two_processes_share_one_meeting_and_its_sequence_never_forks(pg_url):
    first, second = await AppProcess(pg_url).start(), await AppProcess(pg_url).start()
    chair = Person.live(first)
    try:
        await signed_in_chair(chair, pg_url)
        meeting_id, code = await new_meeting(chair)
        mum = Person.live(second)  # Mum's phone reaches the other process
        await join(mum, code, "Dana", "mum")
        await admit_and_enter(chair, mum, meeting_id, "Dana")
        on_first = await LiveClient(first, chair, meeting_id).connect()
        on_second = await LiveClient(second, mum, meeting_id).connect()
        await on_first.wait_for(lambda: "items-worries" in on_first.fragments)
        await on_second.wait_for(lambda: "items-worries" in on_second.fragments)

        started = time.monotonic()
        await add_item(chair, meeting_id, "Written on the first process")
        await on_second.wait_for(lambda: "Written on the first process" in on_second.items("worries"), timeout=3)
        crossing = time.monotonic() - started
        await add_item(mum, meeting_id, "Written on the second process")
        await on_first.wait_for(lambda: "Written on the second process" in on_first.items("worries"), timeout=3)
        assert crossing < 1.0  # a doorbell, not the slow periodic check

        # Who is here: each process shows the people connected to the other one too.
        await on_first.wait_for(lambda: "Dana Mum connected" in " ".join(on_first.page.text("roster-list").split()),
                                timeout=10, what="Dana, connected to the other process, shown as connected")
        await on_second.wait_for(lambda: "Chris Chair Chair connected" in " ".join(
            on_second.page.text("roster-list").split()), timeout=10, what="the chair shown as connected")

        # Both processes write at once: one sequence, no gaps, no forks.
        results = await asyncio.gather(*(
            [add_item(chair, meeting_id, f"first {n}") for n in range(15)] +
            [add_item(mum, meeting_id, f"second {n}") for n in range(15)]))
        assert all(r.status_code == 200 for r in results)
        assert not await integrity_problems(pg_url, meeting_id)
        async with reader(pg_url) as boards:
            await converged([on_first, on_second], boards, meeting_id)
        for c in (on_first, on_second):
            await c.close()
        await mum.close()
    finally:
        await chair.close()
        first.stop()
        second.stop()


async def cut_connections(pg_url: str, which: str) -> int:
    """Cut the server side of this database's connections that match `which` (SQL), as a
    PostgreSQL restart or a network fault would; returns how many were cut."""
    admin = await asyncpg.connect(asyncpg_dsn(normal_url(pg_url)))
    try:
        return await admin.fetchval("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                    f"WHERE datname = $1 AND {which}", make_url(pg_url).database)
    finally:
        await admin.close()


@contextlib.asynccontextmanager
async def meeting_on_live_server(database_url: str, **settings):
    """A real server on this database, with a chair, an admitted mum and their meeting."""
    from meeting_room.web.settings import Settings
    from tests.conftest import LiveServer
    server = LiveServer(Settings(database_url=database_url, items_per_minute=100_000, **settings))
    await server.start()
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(server), database_url)
    try:
        yield server, chair, mum, meeting_id
    finally:
        await chair.close()
        await mum.close()
        await server.stop()


async def test_losing_the_listening_connection_loses_nothing(pg_url):
    # resync_seconds=30: no help from the periodic check
    async with meeting_on_live_server(pg_url, resync_seconds=30) as (server, chair, mum, meeting_id):
        broker = server.app.state.mr.broker
        phone = await LiveClient(server, mum, meeting_id).connect()
        await add_item(chair, meeting_id, "Before")
        await phone.wait_for(lambda: phone.items("worries") == ["Before"])
        before = broker.connections_made
        assert await cut_connections(pg_url, "application_name = 'meeting-room-doorbell'") == 1
        await add_item(chair, meeting_id, "While the doorbell was down", column="next", section="steps")
        await phone.wait_for(lambda: broker.connections_made > before, timeout=10, what="the doorbell to return")
        await add_item(chair, meeting_id, "After")
        await converged([phone], server.app.state.mr.boards, meeting_id)
        await phone.close()


async def test_every_database_connection_cut_at_once_the_next_changes_still_succeed(pg_url):
    """As when PostgreSQL restarts: every connection the app holds is cut. Nobody should see a
    "please try again" page for it: a cut connection is replaced at its first statement."""
    async with meeting_on_live_server(pg_url, resync_seconds=1.0) as (server, chair, mum, meeting_id):
        phone = await LiveClient(server, mum, meeting_id).connect()
        for n in range(3):  # every pool holds connections now
            assert (await add_item(mum, meeting_id, f"Before {n}")).status_code == 200
        await phone.wait_for(lambda: len(phone.items("worries")) == 3)
        assert await cut_connections(pg_url, "pid <> pg_backend_pid()") >= 2
        for n in range(3):
            response = await add_item(mum, meeting_id, f"After {n}")
            assert response.status_code == 200, response.text[:300]
        assert (await chair.get(f"/meetings/{meeting_id}")).status_code == 200
        await converged([phone], server.app.state.mr.boards, meeting_id)
        await phone.close()


async def test_several_workers_serve_on_postgresql(pg_url):
    app = await AppProcess(pg_url, args=("--workers", "2")).start()
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(10):
                assert (await client.get(app.url + "/")).status_code == 200
    finally:
        app.stop()
