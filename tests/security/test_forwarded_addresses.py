"""A client's address (what the guessing limits and the audit key on) is read from
`X-Forwarded-For` only when the request comes from a proxy named in
MEETING_ROOM_TRUSTED_PROXIES: otherwise anyone could choose a new address for each guess.
Served as a deployment serves (`meeting-room`), since the command line sets this up."""

from __future__ import annotations

from datetime import datetime, timezone

import httpx
import pytest

from meeting_room.domain import audit
from meeting_room.store.db import Database
from tests.conftest import sqlite_copy
from tests.live.processes import AppProcess

pytestmark = pytest.mark.live


async def _client_seen(database_url: str, extra_env: dict) -> set[str]:
    """Serve, send wrong join codes each claiming another address, and return the addresses
    the audit wrote down for them."""
    server = await AppProcess(database_url, extra_env=extra_env).start()
    try:
        async with httpx.AsyncClient() as client:
            for n in (7, 8, 9):
                r = await client.post(f"{server.url}/join/ZZZZZZZZ", data={"name": "Guess", "connection": "mum"},
                                      headers={"x-forwarded-for": f"203.0.113.{n}"})
                assert r.status_code == 404
    finally:
        server.stop()
    db = Database(database_url)
    try:
        entries = await audit.since(db, datetime(2000, 1, 1, tzinfo=timezone.utc))
    finally:
        await db.dispose()
    return {e.client for e in entries if e.action == "join"}


async def test_forwarded_addresses_are_believed_only_from_the_configured_proxies(sqlite_template, tmp_path):
    assert await _client_seen(sqlite_copy(sqlite_template, tmp_path), {}) == {"127.0.0.1"}
    behind_proxy = tmp_path / "proxy"
    behind_proxy.mkdir()
    seen = await _client_seen(sqlite_copy(sqlite_template, behind_proxy), {"MEETING_ROOM_TRUSTED_PROXIES": "127.0.0.1"})
    assert seen == {"203.0.113.7", "203.0.113.8", "203.0.113.9"}
