"""create_app(settings) -> the Starlette application: routes, middleware, lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Route, WebSocketRoute

from meeting_room.core.errors import DomainError
from meeting_room.store.db import Database
from meeting_room.web.assets import Assets
from meeting_room.web.conference_routes import conference_routes
from meeting_room.web.csrf import CsrfMiddleware
from meeting_room.web.invite_routes import INVITATION_LINK, invite_routes
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
from meeting_room.web.state import AppState, build_state
from meeting_room.web.views import (
    access,
    board,
    chair,
    children,
    closing,
    home,
    live,
    moments,
    pictures,
    private,
    record,
    scales,
)
from meeting_room.web.views.common import domain_error_handler, http_error_handler

log = logging.getLogger("meeting_room")


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
        Route(f"{m}/people/{{participant_id}}/board/{{value}}", children.full_board, methods=["POST"]),
        Route(f"{m}/child-question/{{value}}", children.child_prompt, methods=["POST"]),
        Route(f"{m}/child/{{participant_id}}", children.child_view),
        Route(f"{m}/child/{{participant_id}}/items", children.child_view_add, methods=["POST"]),
        Route(f"{m}/pictures", pictures.add_picture, methods=["POST"]),
        Route(f"{m}/pictures/{{picture_id}}", pictures.picture),
        Route(f"{m}/pictures/{{picture_id}}/remove", pictures.remove_picture, methods=["POST"]),
        Route(f"{m}/pictures/{{picture_id}}/visibility/{{value}}", pictures.picture_visibility, methods=["POST"]),
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
        *conference_routes(m),
        *invite_routes(m),  # issue 24: inviting people before the meeting  # deciding and closing, the agenda, the record's life, the shared screen's choices
        Route(f"{m}/screen/{{action}}", private.screen_blank, methods=["POST"]),
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
            state.pdfs.stop()
            await state.limits.stop()
            await state.broker.stop()
            await state.db.dispose()

    app = Starlette(
        routes=routes(state.assets),
        middleware=[
            Middleware(live.KeepRawSend),
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
    return (path in {"/login", "/login/code", "/setup", "/welcome"} or path.startswith("/join/")
            or INVITATION_LINK.match(path) is not None)


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
