"""Pure rules: text cleaning, join codes, settings, which fragments an event touches, outboxes."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from meeting_room.core.codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    format_code,
    new_join_code,
    normalise_code,
)
from meeting_room.core.events import KINDS, Happened, payload
from meeting_room.core.fragments import (
    ColumnFragment,
    Fragment,
    ItemFragment,
    LobbyFragment,
)
from meeting_room.core.text import TextError, clean_line, clean_text
from meeting_room.live.drawing import keys_for_events
from meeting_room.live.hub import Hub, HubParts, Sessions
from meeting_room.live.outbox import RECONNECT_SLOW, Connection
from meeting_room.store.db import is_sqlite, migration_url, normal_url
from meeting_room.web.settings import (
    DEV_SECRET,
    SETTINGS,
    SettingsError,
    load_settings,
    markdown_table,
)

ROOT = Path(__file__).resolve().parents[2]


def test_names_lose_invisible_and_direction_characters():
    assert clean_line("  Da\u202ena\u200b \u2066Smith\u2069 ", "Name", 60) == "Dana Smith"
    assert clean_line("Zoë", "Name", 60) == "Zoë"
    assert clean_line("Li\tWei\n", "Name", 60) == "Li Wei"


def test_items_keep_line_breaks_but_not_controls():
    assert clean_text("one\r\ntwo\x07\n\n\n\nthree", "Text", 100) == "one\ntwo\n\nthree"


@pytest.mark.parametrize("value,message", [("", "Please fill in"), ("x" * 11, "too long"),
                                           ("a\x00b", "cannot be saved"), (5, "must be text")])
def test_bad_text_has_a_plain_message(value, message):
    with pytest.raises(TextError, match=message):
        clean_line(value, "Your name", 10)


def test_join_codes_are_unambiguous_and_forgiving():
    codes = {new_join_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    look_alike = set("0O1I") & set(CODE_ALPHABET)  # 0 and O, 1 and I look the same on a phone or paper
    assert not look_alike, f"the join code alphabet holds {sorted(look_alike)}"
    assert normalise_code(" abcd-efgh ") == "ABCDEFGH"
    assert normalise_code("ab0d 1fgh") == "ABODIFGH"
    assert format_code("ABCDEFGH") == "ABCD-EFGH"
    assert len(CODE_ALPHABET) ** CODE_LENGTH >= 2 ** 40


def test_production_refuses_the_default_secret():
    settings = load_settings({"MEETING_ROOM_ENV": "production"}, dotenv=Path("/nonexistent"))
    assert settings.secret_key == DEV_SECRET
    with pytest.raises(SettingsError):
        settings.check()
    settings = load_settings({"MEETING_ROOM_ENV": "production", "MEETING_ROOM_SECRET_KEY": "s" * 40},
                             dotenv=Path("/nonexistent"))
    with pytest.raises(SettingsError, match="MEETING_ROOM_PUBLIC_URL"):
        settings.check()  # without its public address, every request would be refused
    settings = load_settings({"MEETING_ROOM_ENV": "production", "MEETING_ROOM_SECRET_KEY": "s" * 40,
                              "MEETING_ROOM_PUBLIC_URL": "https://meet.example.org"}, dotenv=Path("/nonexistent"))
    settings.check()


def test_only_the_configured_and_local_hosts_are_trusted():
    from meeting_room.web.security import trusted_hosts
    local = load_settings({}, dotenv=Path("/nonexistent"))
    assert set(trusted_hosts(local)) == {"localhost", "127.0.0.1", "::1"}
    public = load_settings({"MEETING_ROOM_PUBLIC_URL": "https://meet.example.org/", "MEETING_ROOM_HOST": "0.0.0.0"},
                           dotenv=Path("/nonexistent"))
    assert "meet.example.org" in trusted_hosts(public) and "0.0.0.0" not in trusted_hosts(public)
    listed = load_settings({"MEETING_ROOM_TRUSTED_HOSTS": "Room.Example.org, 192.168.1.20"}, dotenv=Path("/nonexistent"))
    assert trusted_hosts(listed) == ["room.example.org", "192.168.1.20"]


def test_settings_read_a_dotenv_file(tmp_path):
    env = tmp_path / ".env"
    env.write_text("# comment\nMEETING_ROOM_PORT=9001\nMEETING_ROOM_PUBLIC_URL='https://meet.example.org/'\n")
    settings = load_settings({}, dotenv=env)
    assert settings.port == 9001 and settings.public_url == "https://meet.example.org"
    assert load_settings({"MEETING_ROOM_PORT": "9002"}, dotenv=env).port == 9002


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text().split("## Settings", 1)[1].split("\n## ", 1)[0]
    table = {m.group(1) for m in re.finditer(r"^\| `([A-Z_]+)` \|", readme, re.M)}
    names = {s.name for s in SETTINGS}
    assert names == table, f"README settings table differs: missing {names - table}, extra {table - names}"
    # Defaults and help too, row for row: refresh it with `python -m meeting_room.settings`.
    assert markdown_table() in readme, "README settings table is out of date: python -m meeting_room.settings"


def test_database_urls_name_the_driver():
    assert normal_url("postgres://u@h/db") == "postgresql+asyncpg://u@h/db"
    assert normal_url("postgresql://u:p@h:5433/db") == "postgresql+asyncpg://u:p@h:5433/db"
    assert normal_url("sqlite+aiosqlite:///x.db") == "sqlite:///x.db"  # an older setting still works
    assert migration_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert is_sqlite("sqlite:///x.db") and not is_sqlite("postgresql://u@h/db")
    with pytest.raises(ValueError):
        normal_url("sqlite://")


def event(kind, **data):
    return Happened(seq=1, kind=KINDS[kind], actor_id=None, data=data)


NO_SCALE = SimpleNamespace(current_scale=None)
F = Fragment


def test_events_name_the_fragments_they_change():
    keys, items = keys_for_events([event("item.added", item="i1", column="worries")], NO_SCALE)
    assert keys == {F.ANNOUNCE} and items == [ItemFragment("add", "i1")]  # one item, not its whole column
    keys, items = keys_for_events([event("item.edited", item="i1", column="worries"),
                                   event("item.removed", item="i2", column="next")], NO_SCALE)
    assert items == [ItemFragment("edit", "i1"), ItemFragment("del", "i2")] and F.REMOVED in keys
    keys, items = keys_for_events([event("item.added", item="i1", column="worries"),
                                   event("item.moved", item="i1", **{"from": ["worries", "harm"],
                                                                      "to": ["next", "steps"]})], NO_SCALE)
    assert {ColumnFragment("worries"), ColumnFragment("next")} <= keys and items == []  # drawn whole anyway
    assert keys_for_events([event("participant.removed", participant="p1", before="admitted")], NO_SCALE) == \
        ({F.ROSTER, F.SCALE, F.ANNOUNCE, F.NOTICES}, [])  # not on the waiting list: nothing there changes
    assert keys_for_events([event("scale.answered", value=3)], NO_SCALE)[0] == {F.SCALE}
    assert keys_for_events([event("meeting.joining", open=False)], NO_SCALE)[0] == {F.JOIN}
    assert ColumnFragment("working") in keys_for_events([event("meeting.created")], NO_SCALE)[0]  # everything
    about = SimpleNamespace(current_scale=SimpleNamespace(about_item_id="d1"))
    assert F.SCALE in keys_for_events([event("item.edited", item="d1", column="worries")], about)[0]


def waiting(*ids):
    """A board on which these people wait."""
    people = [SimpleNamespace(id=i, status="waiting") for i in ids]
    return SimpleNamespace(current_scale=None, people=lambda status: people if status == "waiting" else [])


def test_the_waiting_list_changes_one_entry_at_a_time():
    joined = event("participant.waiting", participant="p3", name="Jo", connection="friend")
    admitted = event("participant.admitted", participant="p1", before="waiting", after="admitted")
    assert keys_for_events([joined], waiting("p1", "p2", "p3")) == ({F.ANNOUNCE, F.NOTICES}, [LobbyFragment("wait", "p3")])
    keys, entries = keys_for_events([admitted], waiting("p2"))
    assert F.LOBBY not in keys and entries == [LobbyFragment("leave", "p1")]
    # Came and went in one batch: never on the page, so nothing to send about them.
    gone = event("participant.turned_away", participant="p3", before="waiting", after="turned_away")
    assert keys_for_events([joined, gone], waiting("p1", "p2"))[1] == []
    # To or from an empty list: drawn whole (it is small), so "Nobody is waiting." comes and goes.
    assert keys_for_events([joined], waiting("p3")) == ({F.ANNOUNCE, F.NOTICES, F.LOBBY}, [])
    assert keys_for_events([admitted], waiting()) == ({F.ROSTER, F.SCALE, F.ANNOUNCE, F.NOTICES, F.LOBBY}, [])


def test_an_event_carries_only_what_its_kind_declares():
    assert payload("item.added", {"item": "i", "column": "next"}) == '{"item": "i", "column": "next"}'
    with pytest.raises(ValueError, match="does not declare"):
        payload("item.added", {"item": "i", "who": "Dana"})
    with pytest.raises(KeyError):
        payload("item.exploded", {})
    row = SimpleNamespace(seq=3, kind="item.added", actor_id="p", data='{"item": "i"}', created_at=None)
    assert Happened.of(row).item_id == "i" and Happened.of(row).kind is KINDS["item.added"]


async def test_a_full_outbox_drops_that_socket_only():
    sent: list[str] = []

    async def send(text):
        sent.append(text)

    slow = Connection(send=send, view="member", participant_id="p", chair_session=None, queue_size=2)
    for i in range(3):
        slow.offer(f"m{i}")
    assert slow.closed.is_set() and slow.close_code == RECONNECT_SLOW


def hanging_send():
    """A phone that stopped reading: its first send never returns. `started` is set once it began."""
    started = asyncio.Event()

    async def send(text):
        started.set()
        await asyncio.Event().wait()  # never set: only cancelling the writer ends this send

    return send, started


def as_if_sending_for(conn: Connection, seconds: float) -> None:
    """Move the start of the send in progress back, instead of waiting that long."""
    conn.sending_since = asyncio.get_running_loop().time() - seconds


async def test_a_send_that_hangs_is_given_up():
    send, started = hanging_send()
    conn = Connection(send=send, view="member", participant_id="p", chair_session=None, send_timeout=10)
    writer = conn.start()
    conn.offer("hello")
    await asyncio.wait_for(started.wait(), 2)
    conn.offer("more")  # the first send is still going, but not for long enough yet
    assert not conn.closed.is_set() and not conn.stuck() and list(conn.outbox) == ["more"]
    as_if_sending_for(conn, 9)
    conn.offer("still not too long")
    assert not conn.closed.is_set() and not conn.stuck()
    as_if_sending_for(conn, 11)
    assert conn.stuck()
    conn.offer("and more")
    await asyncio.wait_for(writer, 2)
    assert conn.close_code == RECONNECT_SLOW and conn.closed.is_set()


async def test_the_hub_drops_a_socket_whose_send_hangs_even_when_nothing_new_comes():
    send, started = hanging_send()
    conn = Connection(send=send, view="member", participant_id="p", chair_session=None, send_timeout=10)
    hub = Hub("m", HubParts(boards=None, render=None, sessions=Sessions(chair_valid=None), resync_seconds=0.05),
              on_empty=lambda hub: None)
    hub.connections.add(conn)
    writer = conn.start()
    conn.offer("hello")
    await asyncio.wait_for(started.wait(), 2)
    hub._drop_stuck()
    assert not conn.closed.is_set()  # not yet: the send began just now
    as_if_sending_for(conn, 11)
    hub._drop_stuck()
    await asyncio.wait_for(writer, 2)
    assert conn.close_code == RECONNECT_SLOW


async def test_a_writer_sends_in_order_and_stops_at_a_finish():
    sent: list[str] = []
    first_sent = asyncio.Event()

    async def send(text):
        sent.append(text)
        first_sent.set()

    conn = Connection(send=send, view="member", participant_id="p", chair_session=None)
    writer = conn.start()
    conn.offer("one")
    await asyncio.wait_for(first_sent.wait(), 2)  # the writer sent it and waits for more
    assert sent == ["one"] and not writer.done()
    conn.offer("two")
    conn.finish("bye", 4403)
    conn.offer("never")
    await asyncio.wait_for(writer, 2)
    assert sent == ["one", "two", "bye"] and conn.close_code == 4403
