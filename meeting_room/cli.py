"""Command line: `meeting-room` serves; `migrate`, `create-chair`, `demo` do the rest."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import logging.config
import os
import secrets
import sys

from meeting_room.web.settings import SETTINGS, Settings, SettingsError, load_settings


def _parser() -> argparse.ArgumentParser:
    settings_help = "\n".join(f"  {s.name:36} {s.help} (default: {s.default or 'empty'})" for s in SETTINGS)
    parser = argparse.ArgumentParser(
        prog="meeting-room",
        description="Live three-column meetings. With no command, it serves.",
        epilog="Settings come from the environment or a .env file:\n" + settings_help,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _serving_options(parser, argparse.ArgumentParser.add_argument, None)
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="serve the app (the default)")
    _serving_options(serve, argparse.ArgumentParser.add_argument, argparse.SUPPRESS)
    sub.add_parser("migrate", help="create or update the database tables")
    chair = sub.add_parser("create-chair", help="create a chair account (password from a prompt or stdin)")
    chair.add_argument("email")
    chair.add_argument("--name", help="the chair's name as people will see it")
    purge = sub.add_parser("purge", help="delete closed meetings older than some days, with their history")
    purge.add_argument("--older-than", type=int, required=True, metavar="DAYS",
                       help="delete meetings that closed more than DAYS days ago (open meetings are never touched)")
    purge.add_argument("--dry-run", action="store_true", help="only list what would be deleted")
    audit = sub.add_parser("audit", help="print the access audit as JSON lines")
    audit.add_argument("--since", default="2000-01-01", metavar="YYYY-MM-DD", help="from this day on (UTC)")
    demo = sub.add_parser("demo", help="create a fictional family's meeting to try everything, then serve")
    demo.add_argument("--no-serve", action="store_true", help="create the demo meeting and stop")
    _serving_options(demo, argparse.ArgumentParser.add_argument, argparse.SUPPRESS)
    return parser


def _serving_options(parser, add, default) -> None:
    """--host, --port and --workers, accepted before the command and after it (`meeting-room
    serve --port 8102`). After it they default to SUPPRESS, so they never undo what came before."""
    add(parser, "--host", default=default, help="address to listen on (default 127.0.0.1)")
    add(parser, "--port", type=int, default=default, help="port to listen on (default 8000)")
    add(parser, "--workers", type=int, default=1 if default is None else default,
        help="app processes to run (default 1; more than one needs PostgreSQL)")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        if args.host:
            settings.host = args.host
        if args.port:
            settings.port = args.port
        settings.check()
    except (SettingsError, ValueError) as e:
        print(f"meeting-room: {e}", file=sys.stderr)
        return 2
    from meeting_room.store.db import is_sqlite
    if args.workers < 1 or args.workers > 64:
        print("meeting-room: --workers takes a number from 1 to 64.", file=sys.stderr)
        return 2
    if args.workers > 1 and is_sqlite(settings.database_url):
        print("meeting-room: several workers need PostgreSQL (set DATABASE_URL=postgresql://…). "
              "With SQLite, run one process.", file=sys.stderr)
        return 2
    logging.config.dictConfig(log_config(settings.log_level))
    from meeting_room.store.db import migrate
    migrate(settings.database_url)
    command = args.command or "serve"
    if command == "migrate":
        print("The database is up to date.")
        return 0
    if command == "audit":
        return _audit(settings, args.since)
    if command == "purge":
        return _purge(settings, args.older_than, args.dry_run)
    if command == "create-chair":
        return _create_chair(settings, args.email, args.name)
    serving = not (command == "demo" and args.no_serve)
    sock = _take_port(settings) if serving else None  # before anything is said or made
    if serving and sock is None:
        return 1
    if command == "demo":
        asyncio.run(_demo(settings))
        if not serving:
            return 0
    return _serve(settings, sock, args.workers)


def log_config(level: str) -> dict:
    """One logging set-up, applied by this process and by each worker uvicorn starts (it calls
    dictConfig with this in every worker): levels and format everywhere, and nothing that names a
    person's address or a meeting. uvicorn's own INFO lines (one per socket handshake, with the
    client's address and the meeting's id in the path) are left out."""
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {"uvicorn": {"level": "WARNING", "handlers": [], "propagate": True},
                    "uvicorn.error": {"level": "WARNING", "handlers": [], "propagate": True},
                    "uvicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
                    "alembic": {"level": "WARNING"}},
    }


def _base(settings: Settings) -> str:
    return settings.public_url or f"http://{settings.host}:{settings.port}"


def _take_port(settings: Settings):
    """The port, taken before anything is printed or created; None (said plainly) if it cannot be."""
    from meeting_room.web.serving import CannotListen, take_port
    try:
        return take_port(settings.host, settings.port)
    except CannotListen as e:
        print(f"meeting-room: {e}", file=sys.stderr)
        return None


def _serve(settings: Settings, sock, workers: int = 1) -> int:
    from meeting_room.domain import accounts
    from meeting_room.store.db import Database
    from meeting_room.web.app import create_app, tune_garbage_collector
    from meeting_room.web.serving import serve

    async def setup_link() -> str | None:
        db = Database(settings.database_url)
        try:
            return await accounts.new_setup_token(db)
        finally:
            await db.dispose()

    token = asyncio.run(setup_link())

    def listening() -> None:  # only now is it true
        print(f"Meeting Room is running at {_base(settings)}/", flush=True)
        if settings.host in {"0.0.0.0", "::"} and not (settings.public_url or settings.trusted_hosts):
            print("Phones reach this computer by another address: set MEETING_ROOM_PUBLIC_URL to it "
                  "(e.g. http://192.168.1.20:8000), or only localhost will be answered.", flush=True)
        if token:
            print(f"First run: create the chair account at {_base(settings)}/setup?token={token}", flush=True)
    options = dict(log_level="warning",  # uvicorn's own loggers: its INFO lines name addresses and meetings
                   access_log=False,  # URLs hold join codes and one-time links: keep them out of logs
                   ws_max_size=64 * 1024,  # nothing big ever comes from a browser
                   ws="websockets-sansio",  # the hub writes frames to its sockets itself (live/frames.py)
                   ws_per_message_deflate=False,  # compression costs CPU and memory, and each socket's frames its own
                   ws_ping_interval=20, ws_ping_timeout=8,  # a phone that went away is seen within ~30 s
                   log_config=log_config(settings.log_level),
                   # Forwarded client addresses only from the proxies named in the settings.
                   proxy_headers=bool(settings.trusted_proxies),
                   forwarded_allow_ips=",".join(settings.trusted_proxies) or None,
                   timeout_graceful_shutdown=5)
    if workers > 1:
        # Each worker builds its app from the environment; the command line's choices go there too.
        os.environ.update(MEETING_ROOM_HOST=settings.host, MEETING_ROOM_PORT=str(settings.port))
        return serve("meeting_room.web.app:app_from_environment", sock, options, workers, listening)
    app = create_app(settings)
    tune_garbage_collector()
    return serve(app, sock, options, 1, listening)


def _create_chair(settings: Settings, email: str, name: str | None) -> int:
    from meeting_room.core.errors import DomainError
    from meeting_room.domain import accounts
    from meeting_room.store.db import Database

    if sys.stdin.isatty():
        password = getpass.getpass("Password (at least 10 characters): ")
    else:
        password = sys.stdin.readline().rstrip("\n")

    async def create() -> None:
        db = Database(settings.database_url)
        try:
            await accounts.create_chair(db, name or email.split("@")[0], email, password)
        finally:
            await db.dispose()
    try:
        asyncio.run(create())
    except DomainError as e:
        print(f"meeting-room: {e.message}", file=sys.stderr)
        return 1
    print(f"Chair account created for {email}.")
    return 0


def _audit(settings: Settings, since: str) -> int:
    from datetime import datetime, timezone

    from meeting_room.domain import audit
    from meeting_room.store.db import Database
    try:
        moment = datetime.strptime(since, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        print("meeting-room: --since takes a day, like 2026-03-14.", file=sys.stderr)
        return 2

    async def run():
        db = Database(settings.database_url)
        try:
            return await audit.since(db, moment)
        finally:
            await db.dispose()
    for line in audit.json_lines(asyncio.run(run())):
        print(line)
    return 0


def _purge(settings: Settings, days: int, dry_run: bool) -> int:
    from meeting_room.domain.retention import purge
    from meeting_room.store.db import Database

    if days < 0:
        print("meeting-room: --older-than takes a number of days, 0 or more.", file=sys.stderr)
        return 2

    async def run():
        db = Database(settings.database_url)
        try:
            return await purge(db, days, dry_run)
        finally:
            await db.dispose()
    found = asyncio.run(run())
    failed = [m for m in found if m.failed]
    done = [m for m in found if not m.failed]
    verb = "Would delete" if dry_run else "Deleted"
    print(f"{verb} {len(done)} closed meeting{'s' if len(done) != 1 else ''} "
          f"that closed more than {days} days ago{':' if done else '.'}")
    for meeting in done:
        print(f"  {meeting.held_on.isoformat()}  {meeting.meeting_id}  {meeting.title}")
    for meeting in failed:
        print(f"meeting-room: could not delete {meeting.meeting_id} ({meeting.failed}); "
              "it is still there.", file=sys.stderr)
    return 1 if failed else 0


async def _demo(settings: Settings) -> None:
    from meeting_room.core.codes import format_code
    from meeting_room.core.errors import Invalid
    from meeting_room.domain import accounts
    from meeting_room.live.broker.memory import MemoryBroker
    from meeting_room.services import Domain
    from meeting_room.store.db import Database

    db = Database(settings.database_url)
    domain = Domain(db, MemoryBroker())
    email, password = "demo.chair@example.org", secrets.token_urlsafe(12)
    try:
        try:
            user = await accounts.create_chair(db, "Sam Chair (demo)", email, password)
        except Invalid:
            print(f"The demo chair {email} exists already; use its password, or a new database.")
            return
        meeting = await domain.meetings.create(
            user, case_id=None, family_name="The Example family (fictional)", children="Alex, Jo",
            title="Demo: review meeting for Alex and Jo", kind="review", held_on="2026-12-01", detailed=True)
        chair = await domain.people.chair_of(meeting.id, user)
        for column, section, text in [
            ("worries", "harm", "Alex was late to school eight times this term."),
            ("worries", "danger", "We are worried Alex and Jo could be hurt if the arguments at home carry on."),
            ("working", "strengths", "Jo says Grandad reads with her every Sunday."),
            ("working", "safety", "Mum calls Grandad when things get difficult."),
            ("next", "steps", "Family meeting with Grandad before the next review."),
        ]:
            await domain.items.add(meeting.id, chair.id, column=column, section=section, text=text)
    finally:
        await db.dispose()
    base = _base(settings)
    print("Demo meeting created (a fictional family).")
    print(f"  Chair sign in: {base}/login  email {email}  password {password}")
    print(f"  Chair's board: {base}/meetings/{meeting.id}")
    print(f"  Shared screen: {base}/meetings/{meeting.id}/screen")
    print(f"  Join code:     {format_code(meeting.join_code)}  (phones: {base}/join/{meeting.join_code})")


if __name__ == "__main__":
    sys.exit(main())
