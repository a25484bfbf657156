"""Every setting, declared once as data.

The README's settings table is checked against SETTINGS by a test, so a new setting cannot go
undocumented. Values come from the environment, then an optional `.env` file in the working
folder, then the default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

DEV_SECRET = "dev-only-secret-change-me"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    parse: Callable[[str], object] = str


SETTINGS: list[Setting] = [
    Setting("MEETING_ROOM_ENV", "development",
            "`development` or `production`. Production refuses to start with the default secret or without "
            "`MEETING_ROOM_PUBLIC_URL` (or `MEETING_ROOM_TRUSTED_HOSTS`)."),
    Setting("MEETING_ROOM_SECRET_KEY", DEV_SECRET,
            "Secret used to sign form tokens. Set a long random value in production."),
    Setting("DATABASE_URL", "sqlite:///meeting-room.db",
            "Where data lives. A SQLite file by default; `postgresql://user@host/db` for production."),
    Setting("MEETING_ROOM_HOST", "127.0.0.1", "Address to listen on."),
    Setting("MEETING_ROOM_PORT", "8000", "Port to listen on.", int),
    Setting("MEETING_ROOM_PUBLIC_URL", "",
            "The address people type or scan, e.g. `https://meet.example.org`. "
            "Used for join links and QR codes; empty means the address of each request."),
    Setting("MEETING_ROOM_ALLOWED_ORIGINS", "",
            "Extra origins (comma separated) allowed to post forms and open live connections, "
            "for use behind a proxy that rewrites the host."),
    Setting("MEETING_ROOM_TRUSTED_HOSTS", "",
            "Host names (comma separated) the app answers to; other `Host` headers are refused. "
            "Empty means: localhost, 127.0.0.1, the host of `MEETING_ROOM_PUBLIC_URL` and "
            "`MEETING_ROOM_HOST`. `*` accepts any (not safe on a network)."),
    Setting("MEETING_ROOM_TRUSTED_PROXIES", "",
            "Addresses (comma separated) of the reverse proxies whose `X-Forwarded-For` is believed. "
            "Empty means none: every client's own address is used (for limits and the audit)."),
    Setting("MEETING_ROOM_JOINS_PER_ADDRESS", "100",
            "People who may join from one address in ten minutes (a room of phones on one Wi-Fi "
            "shares an address).", int),
    Setting("MEETING_ROOM_ITEMS_PER_MINUTE", "30",
            "Items one person may add in a minute; more is refused with a request to wait.", int),
    Setting("MEETING_ROOM_MAX_BODY_BYTES", "65536", "Largest request body accepted.", int),
    Setting("MEETING_ROOM_SESSION_IDLE_MINUTES", "120",
            "A chair is signed out after this long without a request.", int),
    Setting("MEETING_ROOM_SESSION_MAX_HOURS", "12",
            "A chair is signed out this long after signing in, whatever happens.", int),
    Setting("MEETING_ROOM_SOCKET_QUEUE", "64",
            "Messages waiting for one live connection before it is dropped (it reconnects).", int),
    Setting("MEETING_ROOM_SOCKET_SEND_TIMEOUT", "10",
            "Seconds a send may take before a live connection is dropped.", float),
    Setting("MEETING_ROOM_RESYNC_SECONDS", "3",
            "How often each live meeting checks the database for changes it was not told about.",
            float),
    Setting("MEETING_ROOM_HEARTBEAT_SECONDS", "10",
            "A quiet live connection is sent a small 'still here' message this often; a page that "
            "hears nothing for about twice as long reconnects.", float),
    Setting("MEETING_ROOM_LOG_LEVEL", "info", "Log level: debug, info, warning or error."),
]


@dataclass
class Settings:
    env: str = "development"
    secret_key: str = DEV_SECRET
    database_url: str = "sqlite:///meeting-room.db"
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = ""
    allowed_origins: list[str] = field(default_factory=list)
    trusted_hosts: list[str] = field(default_factory=list)
    trusted_proxies: list[str] = field(default_factory=list)
    joins_per_address: int = 100
    items_per_minute: int = 30
    max_body_bytes: int = 65536
    session_idle_minutes: int = 120
    session_max_hours: int = 12
    socket_queue: int = 64
    socket_send_timeout: float = 10.0
    resync_seconds: float = 3.0
    heartbeat_seconds: float = 10.0
    log_level: str = "info"

    @property
    def production(self) -> bool:
        return self.env == "production"

    def check(self) -> None:
        """Refuse settings that are unsafe to run with."""
        if self.env not in {"development", "production"}:
            raise SettingsError("MEETING_ROOM_ENV must be 'development' or 'production'.")
        if self.production and (self.secret_key == DEV_SECRET or len(self.secret_key) < 32):
            raise SettingsError(
                "MEETING_ROOM_SECRET_KEY must be set to a random value of at least 32 characters "
                "in production (try: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        if self.production and not (self.public_url or self.trusted_hosts):
            raise SettingsError(
                "MEETING_ROOM_PUBLIC_URL must be set in production (the address people type or scan, "
                "e.g. https://meet.example.org): join links and QR codes use it, and requests for any "
                "other host are refused."
            )


class SettingsError(Exception):
    pass


def _read_dotenv(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        values[key.strip()] = value.strip().strip("'\"")
    return values


def load_settings(environ: dict[str, str] | None = None, dotenv: Path | None = None) -> Settings:
    source = _read_dotenv(dotenv if dotenv is not None else Path(".env"))
    source.update(os.environ if environ is None else environ)
    raw = {s.name: source.get(s.name, s.default) for s in SETTINGS}
    parsed = {s.name: s.parse(raw[s.name]) for s in SETTINGS}
    return Settings(
        env=parsed["MEETING_ROOM_ENV"].strip().lower(),
        secret_key=parsed["MEETING_ROOM_SECRET_KEY"],
        database_url=parsed["DATABASE_URL"],
        host=parsed["MEETING_ROOM_HOST"],
        port=parsed["MEETING_ROOM_PORT"],
        public_url=parsed["MEETING_ROOM_PUBLIC_URL"].rstrip("/"),
        allowed_origins=[o.strip().rstrip("/") for o in parsed["MEETING_ROOM_ALLOWED_ORIGINS"].split(",")
                         if o.strip()],
        trusted_hosts=[h.strip().lower() for h in parsed["MEETING_ROOM_TRUSTED_HOSTS"].split(",") if h.strip()],
        trusted_proxies=[h.strip() for h in parsed["MEETING_ROOM_TRUSTED_PROXIES"].split(",") if h.strip()],
        joins_per_address=parsed["MEETING_ROOM_JOINS_PER_ADDRESS"],
        items_per_minute=parsed["MEETING_ROOM_ITEMS_PER_MINUTE"],
        max_body_bytes=parsed["MEETING_ROOM_MAX_BODY_BYTES"],
        session_idle_minutes=parsed["MEETING_ROOM_SESSION_IDLE_MINUTES"],
        session_max_hours=parsed["MEETING_ROOM_SESSION_MAX_HOURS"],
        socket_queue=parsed["MEETING_ROOM_SOCKET_QUEUE"],
        socket_send_timeout=parsed["MEETING_ROOM_SOCKET_SEND_TIMEOUT"],
        resync_seconds=parsed["MEETING_ROOM_RESYNC_SECONDS"],
        heartbeat_seconds=parsed["MEETING_ROOM_HEARTBEAT_SECONDS"],
        log_level=parsed["MEETING_ROOM_LOG_LEVEL"].lower(),
    )
