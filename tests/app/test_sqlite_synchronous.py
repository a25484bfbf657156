"""Issue 28: SQLite waits for the disk at every commit ('full', the default: what people were told
about is never lost), or at checkpoints only ('normal'), as MEETING_ROOM_SQLITE_SYNCHRONOUS says; WAL either way, so an app crash loses
nothing committed (tests/live/test_faults.py kills the app during a stream of writes)."""

from __future__ import annotations

import pytest

from meeting_room.store.db import Database
from meeting_room.web.settings import Settings, SettingsError, load_settings

LEVELS = {"normal": 1, "full": 2}  # what PRAGMA synchronous answers


@pytest.mark.parametrize("level", ["normal", "full"])
def test_the_setting_reaches_every_connection(tmp_path, level):
    db = Database(f"sqlite:///{tmp_path / 'x.db'}", level)
    conn = db.backend._connect()
    try:
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == LEVELS[level]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_full_is_the_default_and_nothing_else_is_accepted(tmp_path):
    conn = Database(f"sqlite:///{tmp_path / 'y.db'}").backend._connect()
    try:
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == LEVELS["full"]
    finally:
        conn.close()
    assert Settings().sqlite_synchronous == "full"
    assert load_settings({"MEETING_ROOM_SQLITE_SYNCHRONOUS": "NORMAL"}).sqlite_synchronous == "normal"
    with pytest.raises(SettingsError, match="normal or full"):
        load_settings({"MEETING_ROOM_SQLITE_SYNCHRONOUS": "off"})
