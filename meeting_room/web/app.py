"""create_app(settings) -> the Starlette application: routes, middleware, lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Route, WebSocketRoute

from meeting_room.core.errors import DomainError
from meeting_room.domain import accounts
from meeting_room.domain.agenda import Agenda
from meeting_room.domain.agreement import Agreements
from meeting_room.domain.decisions import Decisions
from meeting_room.domain.feedback import Feedback
from meeting_room.domain.items import Items
from meeting_room.domain.meetings import Meetings
from meeting_room.domain.moments import Moments
from meeting_room.domain.people import People
from meeting_room.domain.plan import Plan
from meeting_room.domain.private import PrivateDiscussion
from meeting_room.domain.record_life import RecordLife
from meeting_room.domain.reviews import Reviews
from meeting_room.domain.scale_changes import ScaleChanges
from meeting_room.live.broker import Broker, broker_for
from meeting_room.live.hub import HubManager, Sessions
from meeting_room.live.render import STATIC, Renderer, make_environment
from meeting_room.read.boards import Boards
from meeting_room.services import Domain
from meeting_room.store.db import Database
from meeting_room.web.assets import Assets
from meeting_room.web.conference_routes import conference_routes
from meeting_room.web.csrf import CsrfMiddleware
from meeting_room.web.limits import Lockout, RateLimiter, Throttle, limits_for
from meeting_room.web.security import (
    CHAIR_COOKIE,
    PARTICIPANT_COOKIE,
    BodyLimitMiddleware,
    CrossSiteMiddleware,
    PlainErrorsMiddleware,
    RequestShapeMiddleware,
    SecurityHeadersMiddleware,
    trusted_hosts,
)
from meeting_room.web.settings import Settings
from meeting_room.web.staff_routes import staff_routes
from meeting_room.web.time_filters import add_time_filters
from meeting_room.web.views import (
    access,
    board,
    chair,
    closing,
    home,
    live,
    moments,
    private,
    record,
    scales,
)
from meeting_room.web.views.common import domain_error_handler, http_error_handler
from meeting_room.web.views.sso import oidc_client

log = logging.getLogger("meeting_room")


@dataclass
class AppState:
    settings: Settings
    db: Database
    broker: Broker
    boards: Boards
    meetings: Meetings
    people: People
    items: Items
    scales: ScaleChanges
    plan: Plan
    decisions: Decisions
    agenda: Agenda
    record_life: RecordLife
    feedback: Feedback
    agreements: Agreements
    private: PrivateDiscussion
    reviews: Reviews
    moments: Moments
    hubs: HubManager
    env: object
    renderer: Renderer
    code_guesses: Throttle           # wrong join codes, per client address
    login_guesses_per_host: Throttle  # wrong passwords, per client address
    login_guesses_per_email: Throttle  # wrong passwords, per account
    code_lockout: Lockout       # wrong second-step codes, per account: 10 in 15 minutes lock an hour
    setup_limit: RateLimiter
    assets: Assets
    item_limit: RateLimiter     # items one person adds a minute
    join_limit: RateLimiter     # joins from one address in ten minutes
    limits: object              # where the limits count: memory (SQLite) or PostgreSQL (`limits.py`)
    oidc: object = None         # single sign-on's client, when set up (`views/sso.py`)


def build_state(settings: Settings) -> AppState:
    db = Database(settings.database_url)
    broker = broker_for(settings.database_url)
    domain = Domain(db, broker)
    env = make_environment()
    env.globals["HEARTBEAT_SECONDS"] = settings.heartbeat_seconds  # the pages' watchdog needs it
    env.globals.update(SSO=bool(settings.oidc_issuer), PASSWORD_SIGN_IN=settings.password_sign_in)
    assets = Assets(STATIC)
    env.globals["asset"] = assets.url
    add_time_filters(env, settings.time_zone)
    renderer = Renderer(env, settings.public_url)
    limits = limits_for(db)

    async def chair_session_valid(token_hash: str) -> bool:
        return await accounts.chair_session_active(db, token_hash, settings.session_idle_minutes,
                                                   settings.session_max_hours)

    async def participants_signed_in(meeting_id: str) -> set[str]:
        return await domain.people.signed_in(meeting_id, settings.participant_idle_hours)

    hubs = HubManager(domain.boards, renderer, Sessions(chair_session_valid, participants_signed_in), broker,
                      resync_seconds=settings.resync_seconds, heartbeat_seconds=settings.heartbeat_seconds)
    return AppState(settings=settings, db=db, broker=broker, boards=domain.boards, meetings=domain.meetings,
                    people=domain.people, items=domain.items, scales=domain.scales, plan=domain.plan,
                    decisions=domain.decisions, agreements=domain.agreements,
                    private=domain.private, reviews=domain.reviews, moments=domain.moments, hubs=hubs, env=env,
                    renderer=renderer, assets=assets, agenda=domain.agenda, record_life=domain.record_life,
                    feedback=domain.feedback, oidc=oidc_client(settings, db),
                    limits=limits, **limiters(settings, limits.counts))


def limiters(settings: Settings, counts) -> dict:
    """Every rate limit and throttle, counting in `counts` (shared by all processes on PostgreSQL)."""
    return dict(code_guesses=Throttle(free=20, window=600, slots=4, counts=counts, name="code"),
                login_guesses_per_host=Throttle(free=20, window=900, slots=4, counts=counts, name="login-host"),
                login_guesses_per_email=Throttle(free=5, window=900, slots=2, counts=counts, name="login-email"),
                code_lockout=Lockout(limit=10, window=900, hold=3600, counts=counts, name="two-step-lock"),
                setup_limit=RateLimiter(20, 600, counts, "setup"),
                item_limit=RateLimiter(settings.items_per_minute, 60, counts, "items"),
                join_limit=RateLimiter(settings.joins_per_address, 600, counts, "joins"))


def routes(assets: Assets) -> list:
    return [
        Route("/", home.home),
        Route("/join", home.join_by_query),
        Route("/join/{code}", home.join_form, methods=["GET"]),
        Route("/join/{code}", home.join, methods=["POST"]),
        Route("/setup", home.setup_form, methods=["GET"]),
        Route("/setup", home.setup, methods=["POST"]),
        Route("/login", home.login_form, methods=["GET"]),
        Route("/login", home.login, methods=["POST"]),
        Route("/logout", home.logout, methods=["POST"]),
        Route("/healthz", home.healthz),
        Route("/meetings", chair.dashboard, methods=["GET"]),
        Route("/meetings", chair.create_meeting, methods=["POST"]),
        Route("/meetings/new", chair.new_meeting_form),
        *meeting_routes(),
        *staff_routes(),
        Route("/static/{path:path}", assets.serve, methods=["GET", "HEAD"]),
    ]


def meeting_routes() -> list:
    """Everything under one meeting's address."""
    m = "/meetings/{meeting_id}"
    return [
        Route(m, board.board_page),
        Route(f"{m}/enter", board.enter, methods=["POST"]),
        Route(f"{m}/items", board.add_item, methods=["POST"]),
        Route(f"{m}/items/{{item_id}}/edit", board.edit_form),
        Route(f"{m}/editor/{{column}}", board.editor_slot),
        Route(f"{m}/items/{{item_id}}", board.save_item, methods=["POST"]),
        Route(f"{m}/items/{{item_id}}/{{action}}", board.item_action, methods=["POST"]),
        Route(f"{m}/items/{{item_id}}/agreement/{{answer}}", board.agree, methods=["POST"]),
        Route(f"{m}/items/{{item_id}}/visibility/{{value}}", private.visibility, methods=["POST"]),
        Route(f"{m}/private/{{action}}", private.private_discussion, methods=["POST"]),
        Route(f"{m}/items/{{item_id}}/review/{{value}}", closing.review_step, methods=["POST"]),
        Route(f"{m}/next", closing.next_meeting_from_this, methods=["POST"]),
        Route(f"{m}/people/{{participant_id}}/moment-passed", moments.moment_passed, methods=["POST"]),
        Route(f"{m}/people/{{participant_id}}/{{action}}", board.person_action, methods=["POST"]),
        Route(f"{m}/joining", board.joining, methods=["POST"]),
        Route(f"{m}/moment", moments.moment, methods=["POST"]),
        Route(f"{m}/scales/new", scales.open_form),
        Route(f"{m}/scales/mine", scales.my_answer),
        Route(f"{m}/scales", scales.open_scale, methods=["POST"]),
        Route(f"{m}/scales/{{scale_id}}/answer", scales.answer, methods=["POST"]),
        Route(f"{m}/scales/{{scale_id}}/{{action}}", scales.scale_action, methods=["POST"]),
        Route(f"{m}/screen", board.screen),
        Route(f"{m}/history", chair.history),
        Route(f"{m}/access", access.access_log),
        Route(f"{m}/decide", closing.decide_page),
        *conference_routes(m),  # issue 23: the decide form, the agenda, the record's life
        Route(f"{m}/decisions", closing.decide, methods=["POST"]),
        Route(f"{m}/dissent", closing.dissent, methods=["POST"]),
        Route(f"{m}/next-meeting", closing.next_meeting, methods=["POST"]),
        Route(f"{m}/apologies", closing.apologies, methods=["POST"]),
        Route(f"{m}/screen/{{action}}", private.screen_blank, methods=["POST"]),
        Route(f"{m}/close", closing.close_page, methods=["GET"]),
        Route(f"{m}/close", closing.close, methods=["POST"]),
        Route(f"{m}/record", record.record_page),
        Route(f"{m}/record.json", record.record_json),
        Route(f"{m}/record.pdf", record.record_pdf),
        Route(f"{m}/feedback", record.feedback, methods=["POST"]),  # the thanks is the record page
        WebSocketRoute(f"{m}/ws", live.live),
        Route(f"{m}/updates", live.updates),
    ]


def create_app(settings: Settings) -> Starlette:
    settings.check()
    state = build_state(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await state.broker.start(state.hubs.ring, state.hubs.ring_all, state.hubs.heard_presence)
        await state.limits.start()
        purging = asyncio.create_task(purge_now_and_then(state.db, settings.purge_after_days)) \
            if settings.purge_after_days > 0 else None
        try:
            yield
        finally:
            if purging is not None:
                purging.cancel()
            await state.hubs.stop()
            await state.limits.stop()
            await state.broker.stop()
            await state.db.dispose()

    app = Starlette(
        routes=routes(state.assets),
        middleware=[
            Middleware(SecurityHeadersMiddleware),
            Middleware(RequestShapeMiddleware),
            Middleware(TrustedHostMiddleware, allowed_hosts=trusted_hosts(settings), www_redirect=False),
            Middleware(PlainErrorsMiddleware, page=lambda: message_page(
                state, "Sorry", "Something went wrong on our side. Please try again.")),
            Middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes),
            Middleware(CrossSiteMiddleware, allowed_origins=settings.allowed_origins),
            Middleware(CsrfMiddleware, secret_key=settings.secret_key, session_cookies=(CHAIR_COOKIE, PARTICIPANT_COOKIE),
                       starts_session=starts_session, page=lambda text: message_page(state, "Not allowed", text)),
        ],
        exception_handlers={DomainError: domain_error_handler, HTTPException: http_error_handler},
        lifespan=lifespan,
    )
    app.state.mr = state
    return app


async def purge_now_and_then(db: Database, days: int, every: float = 3600.0) -> None:
    """`MEETING_ROOM_PURGE_AFTER_DAYS`: the retention purge, once an hour, for platforms without cron."""
    from meeting_room.domain.retention import purge
    while True:
        try:
            removed = await purge(db, days)
            if failed := [m for m in removed if m.failed]:
                log.error("retention: %d closed meetings could not be deleted", len(failed))
            if len(removed) > len(failed):
                log.info("retention: deleted %d closed meetings", len(removed) - len(failed))
        except Exception as e:  # the type only: a database error's text can hold personal data
            log.error("retention purge failed (%s)", type(e).__name__)
        await asyncio.sleep(every)


def starts_session(path: str) -> bool:
    """Requests that create a session: there is no session of theirs to match a form token to."""
    return path in {"/login", "/login/code", "/setup", "/welcome"} or path.startswith("/join/")


def message_page(state: AppState, title: str, message: str) -> str:
    return state.env.get_template("message.html").render(title=title, message=message, back="/", csrf="",
                                                         chair_user=None)


def app_from_environment() -> Starlette:
    """The app built from the environment: what each worker process runs (`--workers N`)."""
    from meeting_room.web.settings import load_settings
    app = create_app(load_settings())
    tune_garbage_collector()
    return app


def tune_garbage_collector() -> None:
    """Keep the garbage collector's pauses short on a server with thousands of live sockets.

    CPython's full collection walks every object: ~0.3 s at 2,500 sockets, and every socket
    waits. With the default thresholds one ran every ~30 s under load, because objects that
    live a moment (a request, a board being drawn) get promoted to the oldest generation.
    Collecting the young generation every 50,000 allocations instead of 700 lets those die
    first, so full collections become rare. Everything loaded at start-up (modules, templates,
    tables) lives as long as the process, so it is frozen out of collections altogether."""
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
