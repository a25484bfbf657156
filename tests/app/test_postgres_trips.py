"""With PostgreSQL, each statement is a round trip, and on a busy machine each trip waits its turn
for a core (issue 28). An edit records its event, with the next seq and the doorbell's
notification, in one statement, and the item limit counts in autocommit: the trips of one edit
are counted here, and the notification is checked to be the one the other processes need."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy import select

from meeting_room.live.broker.postgres import CHANNEL
from meeting_room.store import drivers
from meeting_room.store.db import asyncpg_dsn
from meeting_room.store.models import Event
from tests.helpers import add_item, participant_id

EVENTS = Event.__table__


class Trips(list):
    """The statements one task sends to PostgreSQL through the app's pool, in order, from
    `start()` (an in-process request runs in the test's task; the app's timers, in tasks of
    their own, do not count)."""
    task: asyncio.Task | None = None

    def start(self) -> None:
        self.clear()
        self.task = asyncio.current_task()


@pytest.fixture
def trips(monkeypatch) -> Trips:
    sent = Trips()
    real = drivers.PooledConnection.run

    async def counted(self, sql: str, parameters: tuple = ()) -> list:
        if sent.task is not None and asyncio.current_task() is sent.task:
            sent.append(sql.split(None, 1)[0].upper())
        return await real(self, sql, parameters)
    monkeypatch.setattr(drivers.PooledConnection, "run", counted)
    return sent


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)  # SQLite's statements cost no trip
async def test_an_edit_takes_seven_trips_and_notifies_once_with_its_seq(app, meeting, trips, database_url):
    chair, mum, meeting_id, _ = meeting
    mum_id = await participant_id(mum, meeting_id)
    assert (await add_item(mum, meeting_id, "First")).status_code == 200  # the meeting's layout is read once, then kept
    heard: list[str] = []
    notified = asyncio.Event()
    listener = await asyncpg.connect(asyncpg_dsn(database_url))
    await listener.add_listener(CHANNEL, lambda *args: (heard.append(args[-1]), notified.set()))
    try:
        trips.start()
        r = await add_item(mum, meeting_id, "We want to help")
        assert r.status_code == 200, r.text
        # The session, the item limit, BEGIN, the meeting and its actor, the item, the event (with
        # the next seq and the notification), COMMIT. Before: eleven (the limit in a transaction
        # of its own, and the seq, the event and the notification one by one).
        assert trips == ["SELECT", "INSERT", "BEGIN", "SELECT", "INSERT", "WITH", "COMMIT"], trips
        state = app.state.mr
        seq = await state.boards.seq(meeting_id)
        await asyncio.wait_for(notified.wait(), 10)
        assert heard == [f"{meeting_id}:{seq}"]
        async with state.db.read() as c:
            rows = (await c.execute(select(EVENTS.c.kind, EVENTS.c.actor_id).where(
                EVENTS.c.meeting_id == meeting_id, EVENTS.c.seq == seq))).all()
        assert [(kind, actor) for kind, actor in rows] == [("item.added", mum_id)]
    finally:
        await listener.close()
