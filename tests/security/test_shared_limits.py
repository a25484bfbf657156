"""With several app processes on one PostgreSQL database, the limits are counted once, for all of
them together: two processes do not allow twice as much. (Two app instances here, each with its
own pool, doorbell and memory, serve as two processes.)"""

from __future__ import annotations

import asyncio
import time

import pytest
import websockets

from tests.conftest import LiveServer
from tests.helpers import Person, add_item, meeting_with_mum
from tests.live.client import LiveClient

pytestmark = pytest.mark.live


@pytest.fixture
async def two_processes(pg_url, settings_for_pg):
    first, second = LiveServer(settings_for_pg), LiveServer(settings_for_pg)
    await first.start()
    await second.start()
    yield first, second
    await first.stop()
    await second.stop()


@pytest.fixture
def settings_for_pg(pg_url):
    from meeting_room.web.settings import Settings
    return Settings(database_url=pg_url, resync_seconds=1.0, trusted_hosts=["127.0.0.1", "localhost"],
                    items_per_minute=5)


async def eventually(predicate, what: str, timeout: float = 5.0) -> None:
    """Wait for a state that another task brings about."""
    deadline = time.monotonic() + timeout
    while not await predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


async def test_the_sockets_of_one_person_are_capped_across_processes(two_processes, pg_url):
    first, second = two_processes
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(first), pg_url)
    clients = []
    for server in (first, second, first, second, first, second):
        client = await LiveClient(server, mum, meeting_id).connect()
        await client.wait_for(lambda c=client: c.seq >= 0, what="the socket's snapshot")
        clients.append(client)
    for server in (first, second):  # six already, three on each: a seventh is refused on either
        with pytest.raises(websockets.InvalidStatus):
            await LiveClient(server, mum, meeting_id).connect()
    # A tab closed on one process makes room on the other.
    await clients.pop(0).close()

    async def seventh_fits() -> bool:
        try:
            clients.append(await LiveClient(second, mum, meeting_id).connect())
            return True
        except websockets.InvalidStatus:
            return False
    await eventually(seventh_fits, "room for another socket once one closed")
    await clients[-1].wait_for(lambda: clients[-1].seq >= 0, what="the new socket's snapshot")
    for client in clients:
        await client.close()
    await chair.close()
    await mum.close()


async def test_wrong_join_codes_are_counted_across_processes(two_processes):
    first, second = two_processes
    guessers = [Person.live(first), Person.live(second)]
    for n in range(20):  # the free wrong tries of one address, half on each process
        r = await guessers[n % 2].get(f"/join/WRONGC{n:02}")
        assert r.status_code == 404
    started = time.monotonic()
    assert (await guessers[0].get("/join/ABCDEFXY")).status_code == 404
    assert time.monotonic() - started >= 0.25  # the 21st: held back, though this process saw ten
    for guesser in guessers:
        await guesser.close()


async def test_items_a_minute_are_counted_across_processes(two_processes, pg_url):
    first, second = two_processes
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(first), pg_url)
    on_second = Person.live(second)
    on_second.client.cookies = mum.client.cookies
    on_second.csrf = mum.csrf
    statuses = [(await add_item(person, meeting_id, f"Item {n}")).status_code
                for n, person in enumerate([mum, on_second] * 3)]
    assert statuses == [200] * 5 + [429]  # the limit is 5 a minute, whichever process answers
    await chair.close()
    await mum.close()
    await on_second.close()


async def test_tries_at_the_same_moment_from_two_processes_never_pass_the_limit(pg_url):
    from meeting_room.store.db import Database
    from meeting_room.store.shared_limits import PostgresLimits
    first, second = PostgresLimits(Database(pg_url)), PostgresLimits(Database(pg_url))
    try:
        counts = [first.counts, second.counts] * 10
        allowed = await asyncio.gather(*(c.add("k", 600, limit=5) for c in counts))
        assert sum(a is not None for a in allowed) == 5
        # (rounded: should a window end just now, the last one's share is a hair under all of it)
        assert round(await first.counts.count("k", 600)) == round(await second.counts.count("k", 600)) == 5
        tickets = await asyncio.gather(*(s.open("someone", 6) for s in [first.sockets, second.sockets] * 5))
        assert sum(t is not None for t in tickets) == 6
        await first.sockets.close(next(t for t in tickets if t is not None))
        assert await second.sockets.open("someone", 6) is not None
    finally:
        await first.db.dispose()
        await second.db.dispose()


def test_the_sliding_window_counts_the_share_of_the_last_window_it_still_covers():
    from collections import namedtuple

    from meeting_room.store.shared_limits import estimate
    row = namedtuple("Row", "window_no count previous")
    assert estimate(row(10, 3, 8), 10, 0.25) == 8 * 0.25 + 3  # this window's, and a quarter of the last's
    assert estimate(row(9, 8, 2), 10, 0.25) == 8 * 0.25      # nothing yet in this window
    assert estimate(row(7, 8, 2), 10, 0.25) == 0             # long ago
    assert estimate(None, 10, 0.25) == 0
