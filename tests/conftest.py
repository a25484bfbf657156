"""Shared fixtures: a fresh database per test (SQLite file, and PostgreSQL when
TEST_DATABASE_URL is set), the app in-process, and a real uvicorn server in the test's loop.

With MEETING_ROOM_REQUIRE_ALL=1 (CI), a test that would skip for a missing service or browser
fails instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import socket
import uuid
from pathlib import Path

import pytest
import pytest_asyncio
import uvicorn
from argon2 import PasswordHasher
from sqlalchemy.engine import make_url

from meeting_room.core import passwords
from meeting_room.store.db import migrate, normal_url
from meeting_room.web.app import create_app
from meeting_room.web.settings import Settings

REQUIRE_ALL = os.environ.get("MEETING_ROOM_REQUIRE_ALL") == "1"
PG_URL = os.environ.get("TEST_DATABASE_URL", "")


def need(condition: bool, reason: str) -> None:
    """Skip (or, in CI, fail) when something the test needs is missing."""
    if not condition:
        if REQUIRE_ALL:
            pytest.fail(f"required but missing: {reason}")
        pytest.skip(reason)


# ---------------------------------------------------------------- databases

async def _pg_admin(sql: str) -> None:
    import asyncpg
    url = make_url(normal_url(PG_URL))
    conn = await asyncpg.connect(user=url.username, password=url.password, host=url.host or "localhost",
                                 port=url.port or 5432, database=url.database)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


_pg_template: str | None = None


async def _pg_database() -> str:
    """A fresh PostgreSQL database cloned from a migrated template (fast)."""
    global _pg_template
    base = make_url(normal_url(PG_URL))
    if _pg_template is None:
        name = f"mr_tmpl_{os.getpid()}_{secrets.token_hex(3)}"
        await _pg_admin(f'CREATE DATABASE "{name}"')
        await asyncio.to_thread(migrate, base.set(database=name).render_as_string(hide_password=False))
        _pg_template = name
    name = f"mr_test_{uuid.uuid4().hex[:12]}"
    await _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{_pg_template}"')
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session", autouse=True)
def _drop_pg_template():
    yield
    if _pg_template and PG_URL:
        with contextlib.suppress(Exception):
            asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{_pg_template}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """One migrated SQLite file per test session; each test gets a copy (migrating takes ~0.3 s)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate(f"sqlite:///{path}")
    return path


def sqlite_copy(template: Path, folder: Path) -> str:
    target = folder / "test.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """argon2 at its recommended cost takes ~100 ms a hash: tests use the cheapest parameters
    (tests/unit/test_passwords.py checks the real ones)."""
    passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    passwords.use_hasher(PasswordHasher())


@pytest_asyncio.fixture(params=["sqlite", "postgresql"])
async def database_url(request, tmp_path, sqlite_template):
    if request.param == "sqlite":
        yield sqlite_copy(sqlite_template, tmp_path)
        return
    need(bool(PG_URL), "TEST_DATABASE_URL is not set (PostgreSQL tests)")
    url = await _pg_database()
    yield url
    with contextlib.suppress(Exception):
        await _pg_admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


@pytest_asyncio.fixture
async def pg_url():
    """A fresh PostgreSQL database, for tests that only make sense there (several processes)."""
    need(bool(PG_URL), "TEST_DATABASE_URL is not set (PostgreSQL tests)")
    url = await _pg_database()
    yield url
    with contextlib.suppress(Exception):
        await _pg_admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(database_url=database_url, resync_seconds=1.0, socket_send_timeout=2.0,
                    trusted_hosts=["testserver", "127.0.0.1", "localhost"],
                    items_per_minute=100_000)  # tests that need the limit set it themselves


# ---------------------------------------------------------------- the app

@pytest_asyncio.fixture
async def app(settings):
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OnLocalPort:
    """Something the tests reach on 127.0.0.1 at `self.port`."""
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"


class LiveServer(OnLocalPort):
    """A real uvicorn server in the test's own event loop; can be stopped and started again."""

    def __init__(self, settings: Settings, port: int | None = None, ping: tuple[float, float] = (20, 8)):
        self.settings = settings
        self.ping = ping  # the server's ping interval and timeout, as `meeting-room` serves
        self.port = port or free_port()
        self.server: uvicorn.Server | None = None
        self.task: asyncio.Task | None = None
        self.app = None

    async def start(self) -> None:
        self.app = create_app(self.settings)
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                ws="websockets-sansio", ws_max_size=64 * 1024, ws_per_message_deflate=False, lifespan="on",
                                ws_ping_interval=self.ping[0], ws_ping_timeout=self.ping[1],
                                timeout_graceful_shutdown=2)
        self.server = uvicorn.Server(config)
        self.server.capture_signals = contextlib.nullcontext  # leave the test runner's signals alone
        self.task = asyncio.create_task(self.server.serve())
        for _ in range(200):
            if self.server.started:
                return
            if self.task.done():
                self.task.result()
            await asyncio.sleep(0.02)
        raise RuntimeError("server did not start")

    async def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.task, 10)
        self.server = None


@pytest_asyncio.fixture
async def live_server(settings):
    server = LiveServer(settings)
    await server.start()
    yield server
    await server.stop()
