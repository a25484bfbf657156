"""Pure rules: text cleaning, join codes, settings, which fragments an event touches, outboxes."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from meeting_room.db import async_url
from meeting_room.hub import RECONNECT_SLOW, Connection, Hub, keys_for_events
from meeting_room.meetings import CODE_ALPHABET, CODE_LENGTH, format_code, new_join_code, normalise_code
from meeting_room.models import Event
from meeting_room.settings import DEV_SECRET, SETTINGS, SettingsError, load_settings
from meeting_room.text import TextError, clean_line, clean_text

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
    assert not set("01OI") & set(CODE_ALPHABET) - set("OI") and "0" not in CODE_ALPHABET
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
    from meeting_room.security import trusted_hosts
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


def test_database_urls_name_the_async_driver():
    assert async_url("postgres://u@h/db") == "postgresql+asyncpg://u@h/db"
    assert async_url("postgresql://u:p@h:5433/db") == "postgresql+asyncpg://u:p@h:5433/db"
    assert async_url("sqlite:///x.db") == "sqlite+aiosqlite:///x.db"
    with pytest.raises(ValueError):
        async_url("sqlite://")


def event(kind, **data):
    return Event(meeting_id="m", seq=1, kind=kind, data=json.dumps(data))


NO_SCALE = SimpleNamespace(current_scale=None)


def test_events_name_the_fragments_they_change():
    keys, items = keys_for_events([event("item.added", item="i1", column="worries")], NO_SCALE)
    assert keys == {"announce"} and items == ["item-add:i1"]  # one item, not its whole column
    keys, items = keys_for_events([event("item.edited", item="i1", column="worries"),
                                   event("item.removed", item="i2", column="next")], NO_SCALE)
    assert items == ["item-edit:i1", "item-del:i2"] and "removed" in keys
    keys, items = keys_for_events([event("item.added", item="i1", column="worries"),
                                   event("item.moved", item="i1", **{"from": ["worries", "harm"],
                                                                      "to": ["next", "steps"]})], NO_SCALE)
    assert {"col:worries", "col:next"} <= keys and items == []  # the columns are drawn whole anyway
    assert keys_for_events([event("participant.admitted")], NO_SCALE)[0] == {"roster", "lobby", "scale", "announce"}
    assert keys_for_events([event("scale.answered", value=3)], NO_SCALE)[0] == {"scale"}
    assert keys_for_events([event("meeting.joining", open=False)], NO_SCALE)[0] == {"join"}
    assert "col:working" in keys_for_events([event("something.new")], NO_SCALE)[0]  # unknown: everything
    about = SimpleNamespace(current_scale=SimpleNamespace(about_item_id="d1"))
    assert "scale" in keys_for_events([event("item.edited", item="d1", column="worries")], about)[0]


async def test_a_full_outbox_drops_that_socket_only():
    sent: list[str] = []

    async def send(text):
        sent.append(text)

    slow = Connection(send=send, view="member", participant_id="p", chair_session=None, queue_size=2)
    for i in range(3):
        slow.offer(f"m{i}")
    assert slow.closed.is_set() and slow.close_code == RECONNECT_SLOW


async def test_a_send_that_hangs_is_given_up():
    async def hang(text):
        await asyncio.sleep(60)

    conn = Connection(send=hang, view="member", participant_id="p", chair_session=None,
                      send_timeout=0.1)
    writer = conn.start()
    conn.offer("hello")
    await asyncio.sleep(0.05)
    conn.offer("more")  # the first send is still going, but not for long enough yet
    assert not conn.closed.is_set() and not conn.stuck()
    await asyncio.sleep(0.1)
    assert conn.stuck()
    conn.offer("and more")
    await asyncio.wait_for(writer, 2)
    assert conn.close_code == RECONNECT_SLOW and conn.closed.is_set()


async def test_the_hub_drops_a_socket_whose_send_hangs_even_when_nothing_new_comes():
    async def hang(text):
        await asyncio.sleep(60)

    conn = Connection(send=hang, view="member", participant_id="p", chair_session=None,
                      send_timeout=0.1)
    hub = Hub("m", meetings=None, render=None, resync_seconds=0.05, chair_session_valid=None,
              on_empty=lambda hub: None)
    hub.connections.add(conn)
    writer = conn.start()
    conn.offer("hello")
    await asyncio.sleep(0.2)
    hub._drop_stuck()
    await asyncio.wait_for(writer, 2)
    assert conn.close_code == RECONNECT_SLOW


async def test_a_writer_sends_in_order_and_stops_at_a_finish():
    sent: list[str] = []

    async def send(text):
        sent.append(text)

    conn = Connection(send=send, view="member", participant_id="p", chair_session=None)
    writer = conn.start()
    conn.offer("one")
    await asyncio.sleep(0)
    conn.offer("two")
    conn.finish("bye", 4403)
    conn.offer("never")
    await asyncio.wait_for(writer, 2)
    assert sent == ["one", "two", "bye"] and conn.close_code == 4403
