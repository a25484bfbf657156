"""Passwords are hashed with argon2id, in a worker thread: the event loop, which serves every
live meeting, never waits for a hash. (The real cost parameters: tests/unit/test_passwords.py.)"""

from __future__ import annotations

import threading

from argon2 import PasswordHasher
from sqlalchemy import select

from meeting_room.core import passwords
from meeting_room.store.db import Database
from meeting_room.store.models import User
from tests.helpers import Person, make_chair


class Watching(PasswordHasher):
    """The tests' cheap hasher, noting the thread each hash and check runs on."""

    def __init__(self):
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.threads: list[int] = []

    def hash(self, password, **kwargs):
        self.threads.append(threading.get_ident())
        return super().hash(password, **kwargs)

    def verify(self, hash, password):
        self.threads.append(threading.get_ident())
        return super().verify(hash, password)


async def test_passwords_are_hashed_and_checked_off_the_event_loop(app, database_url):
    watching = Watching()
    passwords.use_hasher(watching)
    person = Person.in_process(app)
    try:
        email, password = await make_chair(database_url)
        for tried in ({"email": email, "password": password}, {"email": email, "password": "wrong password!"},
                      {"email": "nobody@example.org", "password": "wrong password!"}):
            await person.post("/login", tried, htmx=False, token=False)
    finally:
        passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        await person.close()
    assert len(watching.threads) >= 5  # one hash, three checks, and the dummy hash for the unknown email
    assert threading.get_ident() not in watching.threads
    db = Database(database_url)
    try:
        async with db.read() as c:
            stored = (await c.execute(select(User.__table__.c.password_hash))).scalar_one()
    finally:
        await db.dispose()
    assert stored.startswith("$argon2id$") and password not in stored
