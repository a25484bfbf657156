"""The statement runner (db.py), the only way to the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest_asyncio
from sqlalchemy import bindparam, select

from meeting_room.core import rules
from meeting_room.domain import accounts
from meeting_room.domain.changes import Changes
from meeting_room.live.broker import MemoryBroker
from meeting_room.services import Domain
from meeting_room.store.db import Database
from meeting_room.store.models import Meeting, MeetingRow, User, UserRow

MEETINGS, USERS = Meeting.__table__, User.__table__
SEQ = select(MEETINGS.c.seq).where(MEETINGS.c.id == bindparam("id"))


@pytest_asyncio.fixture
async def db(database_url):
    database = Database(database_url)
    yield database
    await database.dispose()


async def a_meeting(db: Database) -> tuple[MeetingRow, str]:
    user = await accounts.create_chair(db, "Sam", "sam@example.org", "a long enough password")
    meeting = await Domain(db, MemoryBroker()).meetings.create(
        user, case_id=None, family_name="Example", children="Alex", title="Review", kind="review",
        held_on="2026-12-01", detailed=True)
    chair = await Domain(db, MemoryBroker()).people.chair_of(meeting.id, user)
    return meeting, chair.id


async def test_an_insert_gets_the_columns_defaults_and_reads_back_the_same(db):
    async with db.write() as c:
        user = await c.insert(USERS, email="a@example.org", name="A", password_hash="x")
    assert isinstance(user, UserRow) and len(user.id) == 16 and isinstance(user.created_at, datetime)
    async with db.read() as c:
        again = await c.get(USERS, user.id)
    assert again == user  # same row type, same values, times included
    meeting, _ = await a_meeting(db)
    assert (meeting.detailed, meeting.joining_open, meeting.status, meeting.safety_threshold) == (True, True, "open", 1)
    assert meeting.held_on == date(2026, 12, 1) and meeting.seq == 1


async def test_a_failed_write_changes_nothing(db):
    try:
        async with db.write() as c:
            await c.insert(USERS, email="b@example.org", name="B", password_hash="x")
            raise RuntimeError("half way")
    except RuntimeError:
        pass
    async with db.read() as c:
        assert (await c.execute(select(USERS).where(USERS.c.email == "b@example.org"))).first() is None


async def test_a_snapshot_sees_one_moment_while_reads_see_the_latest(db):
    meeting, chair_id = await a_meeting(db)
    changes = Changes(db, MemoryBroker())
    async with db.snapshot() as snap:
        before = (await snap.execute(SEQ, {"id": meeting.id})).scalar_one()
        async with changes.change(meeting.id, chair_id, rules.chair) as change:
            await change.record("meeting.joining", open=False)
        async with db.read() as c:
            assert (await c.execute(SEQ, {"id": meeting.id})).scalar_one() == before + 1
        assert (await snap.execute(SEQ, {"id": meeting.id})).scalar_one() == before


async def test_writers_of_one_meeting_take_turns_even_from_two_processes(db, database_url):
    """Read-modify-write with a pause in the middle. On PostgreSQL from two `Database`s, as two
    app processes would: without the meeting's lock, updates would be lost. (SQLite serves one
    process, whose writes queue on one lock: a second `Database` in the same event loop would wait
    for the first inside SQLite, blocking the loop that must finish the first.)"""
    meeting, chair_id = await a_meeting(db)
    other = db if db.sqlite else Database(database_url)
    paths = [Changes(db, MemoryBroker()), Changes(other, MemoryBroker())]

    async def bump(changes: Changes) -> None:
        async with changes.change(meeting.id, chair_id, rules.chair) as change:
            now = (await change.conn.get(MEETINGS, meeting.id)).safety_threshold
            await asyncio.sleep(0)  # let the other writers run, if the lock let them
            await change.conn.set(MEETINGS, meeting.id, safety_threshold=now + 1)
            await change.record("meeting.joining", open=True)
    try:
        await asyncio.gather(*(bump(paths[n % 2]) for n in range(20)))
    finally:
        if other is not db:
            await other.dispose()
    async with db.read() as c:
        final = await c.get(MEETINGS, meeting.id)
    assert final.safety_threshold == meeting.safety_threshold + 20
    assert final.seq == meeting.seq + 20
