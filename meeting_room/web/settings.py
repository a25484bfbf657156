"""Every setting, declared once as data: the SETTINGS table below.

Everything else is derived from that table: the `Settings` object (one attribute per row, named
after the variable without `MEETING_ROOM_`, with the row's default), loading (the environment,
then an optional `.env` file in the working folder, then the default, read through Starlette's
`Config`), the command line's help, and the README's settings table, which a test compares with
what `python -m meeting_room.web.settings` prints.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path

from starlette.config import Config

from meeting_room.core.times import zone_known

DEV_SECRET = "dev-only-secret-change-me"


class SettingsError(Exception):
    pass


# How a value is read from its text. Each raises ValueError for text it cannot read.

def _lowercase(text: str) -> str:
    return text.strip().lower()


def _address(text: str) -> str:
    """A URL or origin: no trailing slash, so it compares equal however it was typed."""
    return text.strip().rstrip("/")


def _yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value not in {"1", "0", "true", "false", "yes", "no", "on", "off", ""}:
        raise ValueError(text)
    return value in {"1", "true", "yes", "on"}


def _comma_separated(each: Callable[[str], str] = str.strip) -> Callable[[str], list[str]]:
    def parse(text: str) -> list[str]:
        return [each(part.strip()) for part in text.split(",") if part.strip()]
    return parse


def _time_zone(text: str) -> str:
    """An IANA time zone name the machine knows (ValueError otherwise)."""
    name = text.strip()
    if not name or not zone_known(name):
        raise ValueError(name)
    return name


def _sqlite_synchronous(text: str) -> str:
    value = text.strip().lower()
    if value not in {"normal", "full"}:
        raise ValueError(text)
    return value


def _marking(text: str) -> str:
    marking = " ".join(text.split())
    if not marking or len(marking) > 60:
        raise ValueError(text)
    return marking


_EXPECTED = {int: "a whole number", float: "a number", _yes_no: "yes or no",
             _sqlite_synchronous: "normal or full"}  # for the message when a value cannot be read


@dataclasses.dataclass(frozen=True)
class Setting:
    name: str  # the environment variable
    default: str  # as it would be written in the environment or `.env`
    help: str
    parse: Callable[[str], object] = str.strip
    secret: bool = False  # its default is not shown (README, --help) nor its value (repr)

    @property
    def attr(self) -> str:
        """The attribute of Settings: `MEETING_ROOM_PORT` -> `port`, `DATABASE_URL` -> `database_url`."""
        return self.name.removeprefix("MEETING_ROOM_").lower()

    @property
    def shown_default(self) -> str:
        """The default as the README's table shows it."""
        if self.secret:
            return "a development value"
        return f"`{self.default}`" if self.default else "empty"

    def read(self, text: str, where: str = "") -> object:
        try:
            return self.parse(text)
        except ValueError:
            expected = _EXPECTED.get(self.parse, "a valid value")
            raise SettingsError(f"{self.name} must be {expected}, not {text!r}{where}.") from None


SETTINGS: list[Setting] = [
    Setting("MEETING_ROOM_ENV", "development",
            "`development` or `production`. Production refuses to start with the default secret or without "
            "`MEETING_ROOM_PUBLIC_URL` (or `MEETING_ROOM_TRUSTED_HOSTS`).", _lowercase),
    Setting("MEETING_ROOM_SECRET_KEY", DEV_SECRET,
            "Secret used to sign form tokens and to seal the authenticator apps' keys in the database. "
            "Set a long random value in production; changing it later means two-step sign-in needs a "
            "recovery code and the app set up again.", str, secret=True),
    Setting("DATABASE_URL", "sqlite:///meeting-room.db",
            "Where data lives. A SQLite file by default; `postgresql://user@host/db` for production."),
    Setting("MEETING_ROOM_HOST", "127.0.0.1", "Address to listen on."),
    Setting("MEETING_ROOM_PORT", "8000", "Port to listen on.", int),
    Setting("MEETING_ROOM_PUBLIC_URL", "",
            "The address people type or scan, e.g. `https://meet.example.org`; used for join links and "
            "QR codes. Empty means the address of each request.", _address),
    Setting("MEETING_ROOM_ALLOWED_ORIGINS", "",
            "Extra origins (comma separated) allowed to post forms and open live connections, "
            "for use behind a proxy that rewrites the host.", _comma_separated(_address)),
    Setting("MEETING_ROOM_TRUSTED_HOSTS", "",
            "Host names (comma separated) the app answers to; other `Host` headers are refused. "
            "Empty means: localhost, 127.0.0.1, the host of `MEETING_ROOM_PUBLIC_URL` and "
            "`MEETING_ROOM_HOST`. `*` accepts any (not safe on a network).", _comma_separated(_lowercase)),
    Setting("MEETING_ROOM_TRUSTED_PROXIES", "",
            "Addresses (comma separated) of the reverse proxies whose `X-Forwarded-For` is believed. "
            "Empty means none: every client's own address is used (for limits and the audit).",
            _comma_separated()),
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
    Setting("MEETING_ROOM_PARTICIPANT_IDLE_HOURS", "12",
            "A family member's or professional's session ends after this long without a request (their "
            "live pages close too); they join again with the code. Once the meeting closes, it opens "
            "only the record, for up to 30 days without a request.", int),
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
    Setting("MEETING_ROOM_SQLITE_SYNCHRONOUS", "full",
            "SQLite only: 'full' (every change waits for the disk before anyone is told: nothing is "
            "lost, even if the machine loses power) or 'normal' (about half the database work per "
            "change; a change survives the app crashing, but a power cut may lose the last second or so).",
            _sqlite_synchronous),
    Setting("MEETING_ROOM_LOG_LEVEL", "info", "Log level: debug, info, warning or error.", _lowercase),
    Setting("MEETING_ROOM_PURGE_AFTER_DAYS", "0",
            "If more than 0, the app itself deletes closed meetings this many days after they closed, "
            "checking once an hour (for platforms without cron). 0: only `meeting-room purge` deletes.", int),
    # issue 23
    Setting("MEETING_ROOM_TIME_ZONE", "Europe/London",
            "The council's time zone (an IANA name such as `Europe/London`). Every time in the record, the "
            "history and the access log is shown in it, with the zone named (`10:42 GMT`, `10:42 BST`); "
            "times are stored in UTC.", _time_zone),
    Setting("MEETING_ROOM_PROTECTIVE_MARKING", "OFFICIAL-SENSITIVE",
            "The protective marking printed on every page of a record's PDF.", _marking),
    Setting("MEETING_ROOM_CORRECTION_DAYS", "10",
            "Working days after a record is first issued during which everyone who was there can ask for a "
            "correction; after them the record is final.", int),
    # issue 26: staff accounts, and the council's own details for the privacy and accessibility pages
    Setting("MEETING_ROOM_INVITE_DAYS", "7",
            "Days an invitation or a new set-up link for staff works (each works once).", int),
    Setting("MEETING_ROOM_TWO_STEP_REQUIRED", "no",
            "`yes`: every password sign-in needs a code from an authenticator app too; someone without one "
            "sets it up as they sign in. `no`: each person chooses on their account page.", _yes_no),
    Setting("MEETING_ROOM_OIDC_ISSUER", "",
            "Single sign-on: the council's OpenID Connect issuer, e.g. "
            "`https://login.microsoftonline.com/<tenant id>/v2.0`. Empty: no single sign-on.", _address),
    Setting("MEETING_ROOM_OIDC_CLIENT_ID", "", "Single sign-on: this app's client (application) id at the provider."),
    Setting("MEETING_ROOM_OIDC_CLIENT_SECRET", "", "Single sign-on: this app's client secret.", str, secret=True),
    Setting("MEETING_ROOM_OIDC_ALLOWED_DOMAINS", "",
            "Single sign-on: email domains (comma separated) whose people may sign in, e.g. `northshire.gov.uk`.",
            _comma_separated(_lowercase)),
    Setting("MEETING_ROOM_OIDC_GROUP_ROLES", "",
            "Single sign-on: groups (or app roles) and the role each gives, `group=role,…` with roles `chair`, "
            "`lead`, `admin`. At each sign-in they replace the account's roles when at least one group matches.",
            _comma_separated()),
    Setting("MEETING_ROOM_OIDC_GROUPS_CLAIM", "groups",
            "Single sign-on: the ID token's claim that lists the person's groups (Entra ID app roles: `roles`)."),
    Setting("MEETING_ROOM_OIDC_CREATE_ACCOUNTS", "no",
            "Single sign-on: `yes` gives an account to someone from an allowed domain who has none yet (roles from "
            "their groups); `no` tells them to ask their administrator.", _yes_no),
    Setting("MEETING_ROOM_PASSWORD_SIGN_IN", "yes",
            "`no` turns password sign-in off (single sign-on only; needs `MEETING_ROOM_OIDC_ISSUER`). Then "
            "nothing sets a password: \"Invite staff\" links make the account without one (the person then "
            "signs in with their council account), set-up links for a forgotten password are neither made "
            "nor accepted, and \"Change password\" is gone. `meeting-room create-chair` still works.", _yes_no),
    Setting("MEETING_ROOM_COUNCIL_NAME", "",
            "The council running Meeting Room, named on the privacy notice and accessibility statement.",),
    Setting("MEETING_ROOM_COUNCIL_CONTACT", "",
            "How to reach the council about this service (an email address or phone number), on the "
            "privacy notice and accessibility statement."),
    Setting("MEETING_ROOM_DPO_CONTACT", "",
            "How to reach the council's data protection officer, on the privacy notice."),
    Setting("MEETING_ROOM_RETENTION_TEXT", "",
            "How long records are kept, in plain words, on the privacy notice (for example 'until the "
            "child is 25'). Empty: the notice names `MEETING_ROOM_PURGE_AFTER_DAYS` if set."),
]


class _SettingsRules:
    """What Settings does besides holding values (its fields come from SETTINGS)."""

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
        if self.oidc_issuer and not self.oidc_client_id:
            raise SettingsError("MEETING_ROOM_OIDC_CLIENT_ID must be set with MEETING_ROOM_OIDC_ISSUER.")
        for pair in self.oidc_group_roles:
            if not pair.rpartition("=")[0] or pair.rpartition("=")[2].strip() not in {"chair", "lead", "admin"}:
                raise SettingsError(f"MEETING_ROOM_OIDC_GROUP_ROLES: {pair!r} must be group=role, with role chair, "
                                    "lead or admin.")
        if not self.password_sign_in and not self.oidc_issuer:
            raise SettingsError("MEETING_ROOM_PASSWORD_SIGN_IN=no needs single sign-on (MEETING_ROOM_OIDC_ISSUER).")
        if self.production and not (self.public_url or self.trusted_hosts):
            raise SettingsError(
                "MEETING_ROOM_PUBLIC_URL must be set in production (the address people type or scan, "
                "e.g. https://meet.example.org): join links and QR codes use it, and requests for any "
                "other host are refused."
            )


# A dataclass with one field per setting, defaulting to its parsed default (a fresh list each
# time for the list-valued ones): Settings(database_url=..., port=8001) overrides some of them.
Settings = dataclasses.make_dataclass(
    "Settings",
    [(s.attr, type(s.parse(s.default)),
      dataclasses.field(default_factory=partial(s.parse, s.default), repr=not s.secret))
     for s in SETTINGS],
    bases=(_SettingsRules,),
)
Settings.__module__ = __name__  # make_dataclass's own `module=` needs Python 3.12
Settings.__doc__ = "The app's settings: one attribute per row of SETTINGS. See load_settings()."


def load_settings(environ: Mapping[str, str] | None = None, dotenv: Path | None = None) -> Settings:
    """Each setting from `environ` (os.environ by default), else the `dotenv` file (`.env` in the
    working folder by default; it need not exist), else its default."""
    path = Path(".env") if dotenv is None else dotenv
    environ = os.environ if environ is None else environ
    # os.environ itself, not Starlette's `environ` wrapper: that one refuses changes to a variable
    # once it has been read, and the command line sets MEETING_ROOM_HOST/PORT for its workers.
    try:
        config = Config(env_file=path if path.is_file() else None, environ=environ)
    except (OSError, UnicodeDecodeError) as e:
        raise SettingsError(f"{path} could not be read: {e}") from None
    values = {}
    for s in SETTINGS:
        text = config(s.name, default=s.default)
        where = "" if s.name in environ or s.name not in config.file_values else f" (in {path})"
        values[s.attr] = s.read(text, where)
    return Settings(**values)


def markdown_table() -> str:
    """The README's settings table."""
    rows = ["| name | default | what it does |", "|---|---|---|"]
    rows += [f"| `{s.name}` | {s.shown_default} | {s.help} |" for s in SETTINGS]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":  # python -m meeting_room.web.settings > the README's table
    sys.stdout.write(markdown_table())
