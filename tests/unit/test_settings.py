"""Settings: one table (SETTINGS) drives the object, loading, and what a bad value says."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from meeting_room import cli
from meeting_room.web.settings import (
    DEV_SECRET,
    SETTINGS,
    Settings,
    SettingsError,
    load_settings,
)

NO_FILE = Path("/nonexistent/.env")


def test_every_row_of_the_table_is_an_attribute_with_its_default():
    fields = [f.name for f in dataclasses.fields(Settings)]
    assert fields == [s.attr for s in SETTINGS]  # one each, in the table's order, nothing else
    assert len({s.name for s in SETTINGS}) == len(SETTINGS)
    settings = Settings()
    for s in SETTINGS:
        assert getattr(settings, s.attr) == s.parse(s.default), s.name
    assert settings.port == 8000 and settings.resync_seconds == 3.0 and settings.trusted_hosts == []
    assert settings.secret_key == DEV_SECRET and not settings.production
    assert load_settings({}, dotenv=NO_FILE) == settings


def test_settings_take_keyword_overrides_and_nothing_unknown():
    settings = Settings(database_url="sqlite:///x.db", resync_seconds=1.0, trusted_hosts=["testserver"],
                        items_per_minute=100_000)
    assert settings.database_url == "sqlite:///x.db" and settings.trusted_hosts == ["testserver"]
    assert settings.port == 8000  # the rest keep their defaults
    settings.port = 8102  # the command line's --port
    assert dataclasses.replace(settings, host="0.0.0.0").port == 8102
    assert Settings().allowed_origins is not Settings().allowed_origins  # lists are not shared
    with pytest.raises(TypeError):
        Settings(prot=8001)
    assert DEV_SECRET not in repr(Settings()) and "s" * 40 not in repr(Settings(secret_key="s" * 40))


def test_values_are_read_and_tidied_as_the_table_says():
    settings = load_settings({
        "MEETING_ROOM_ENV": " Production ", "MEETING_ROOM_PUBLIC_URL": "https://meet.example.org/",
        "MEETING_ROOM_ALLOWED_ORIGINS": "https://a.example.org/, ,https://b.example.org",
        "MEETING_ROOM_TRUSTED_HOSTS": "Room.Example.org, 192.168.1.20",
        "MEETING_ROOM_TRUSTED_PROXIES": " 10.0.0.1 ,10.0.0.2", "MEETING_ROOM_LOG_LEVEL": "DEBUG",
        "MEETING_ROOM_SOCKET_SEND_TIMEOUT": "2.5", "MEETING_ROOM_SOCKET_QUEUE": " 16 ",
    }, dotenv=NO_FILE)
    assert settings.env == "production" and settings.production
    assert settings.public_url == "https://meet.example.org"
    assert settings.allowed_origins == ["https://a.example.org", "https://b.example.org"]
    assert settings.trusted_hosts == ["room.example.org", "192.168.1.20"]
    assert settings.trusted_proxies == ["10.0.0.1", "10.0.0.2"]
    assert settings.log_level == "debug" and settings.socket_send_timeout == 2.5 and settings.socket_queue == 16


def test_the_environment_wins_over_dotenv_which_wins_over_the_default(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("# a comment\n\nMEETING_ROOM_PORT=9001\nMEETING_ROOM_HOST = 0.0.0.0\n"
                      "MEETING_ROOM_TRUSTED_HOSTS=\"one.example.org,Two.example.org\"\n"
                      "DATABASE_URL='sqlite:///from-dotenv.db'\n")
    settings = load_settings({"MEETING_ROOM_PORT": "9002", "DATABASE_URL": "sqlite:///from-env.db"}, dotenv=dotenv)
    assert settings.port == 9002 and settings.database_url == "sqlite:///from-env.db"  # the environment
    assert settings.host == "0.0.0.0" and settings.trusted_hosts == ["one.example.org", "two.example.org"]  # .env
    assert settings.items_per_minute == 30  # the default
    assert load_settings({"MEETING_ROOM_TRUSTED_HOSTS": ""}, dotenv=dotenv).trusted_hosts == []  # set, to empty


def test_dotenv_is_read_from_the_working_folder_by_default(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("MEETING_ROOM_SESSION_MAX_HOURS=4\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MEETING_ROOM_SESSION_MAX_HOURS", raising=False)
    assert load_settings().session_max_hours == 4
    assert load_settings({}).session_max_hours == 4


@pytest.mark.parametrize("name,value,message", [
    ("MEETING_ROOM_PORT", "abc", "MEETING_ROOM_PORT must be a whole number, not 'abc'."),
    ("MEETING_ROOM_ITEMS_PER_MINUTE", "2.5", "MEETING_ROOM_ITEMS_PER_MINUTE must be a whole number, not '2.5'."),
    ("MEETING_ROOM_RESYNC_SECONDS", "soon", "MEETING_ROOM_RESYNC_SECONDS must be a number, not 'soon'."),
    ("MEETING_ROOM_MAX_BODY_BYTES", "", "MEETING_ROOM_MAX_BODY_BYTES must be a whole number, not ''."),
])
def test_a_value_that_cannot_be_read_names_its_setting(name, value, message):
    with pytest.raises(SettingsError) as caught:
        load_settings({name: value}, dotenv=NO_FILE)
    assert str(caught.value) == message


def test_a_bad_value_in_dotenv_says_where_it_is(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("MEETING_ROOM_PORT=eighty\n")
    with pytest.raises(SettingsError, match=r"MEETING_ROOM_PORT must be a whole number, not 'eighty' \(in .*\.env\)"):
        load_settings({}, dotenv=dotenv)
    assert load_settings({"MEETING_ROOM_PORT": "8080"}, dotenv=dotenv).port == 8080  # overridden: never read


def test_the_command_line_says_which_setting_is_wrong_without_a_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MEETING_ROOM_PORT", "abc")
    assert cli.main(["migrate"]) == 2
    err = capsys.readouterr().err
    assert err == "meeting-room: MEETING_ROOM_PORT must be a whole number, not 'abc'.\n"
    assert not list(tmp_path.iterdir())  # stopped before making a database
