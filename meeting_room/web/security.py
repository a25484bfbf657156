"""Security headers, request shapes, trusted hosts, cross-site checks, body limits, and the last net for unexpected errors. (Passwords: `passwords.py`;
form tokens: `csrf.py`; rate limits: `limits.py`.)"""

from __future__ import annotations

import logging
import re
from typing import Callable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from meeting_room.core.pictures import MAX_PICTURE_BYTES

log = logging.getLogger("meeting_room.security")

CHAIR_COOKIE = "mr_chair"
PARTICIPANT_COOKIE = "mr_p"
# ---------------------------------------------------------------- headers

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")


class SecurityHeadersMiddleware:
    """Strict headers on every HTTP response; meeting pages are never cached."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in {b"cache-control"} or is_static]
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
                ]
                if not is_static:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


# ---------------------------------------------------------------- request shape

MAX_HEADER_BYTES = 16 * 1024


class RequestShapeMiddleware:
    """Refuse, before anything else runs, requests no browser sends: a NUL character in the
    address (PostgreSQL cannot store one, and would fail with a server error) and oversized
    headers (431)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in {"http", "websocket"}:
            raw = (scope.get("raw_path") or scope["path"].encode("utf-8", "replace")).lower()
            query = scope.get("query_string", b"").lower()
            if b"%00" in raw or b"\x00" in raw or "\x00" in scope["path"] or b"%00" in query or b"\x00" in query:
                await PlainTextResponse("That address has a character that cannot be used.",
                                        status_code=400)(scope, receive, send)
                return
            if sum(len(k) + len(v) for k, v in scope.get("headers", [])) > MAX_HEADER_BYTES:
                await PlainTextResponse("The request's headers are too large.",
                                        status_code=431)(scope, receive, send)
                return
        await self.app(scope, receive, send)


# ---------------------------------------------------------------- hosts

def trusted_hosts(settings) -> list[str]:
    """The host names this app answers to. Anything else is refused (400) before any handler
    runs, so a forged Host header can never become a join link or QR code."""
    if settings.trusted_hosts:
        return settings.trusted_hosts
    hosts = {"localhost", "127.0.0.1", "::1"}
    if settings.public_url:
        hosts.add(urlsplit(settings.public_url).hostname or "")
    if settings.host not in {"0.0.0.0", "::", ""}:
        hosts.add(settings.host)
    return sorted(h for h in hosts if h)


def base_url(conn: HTTPConnection, settings) -> str:
    """The address people use for this meeting: the configured public address, or the address
    of this request, whose host the trusted-host check has already accepted. Computed for each
    request, never remembered for others."""
    if settings.public_url:
        return settings.public_url
    scheme = {"ws": "http", "wss": "https"}.get(conn.url.scheme, conn.url.scheme)
    return f"{scheme}://{conn.url.netloc}"


# ---------------------------------------------------------------- cross-site

def request_origin(scope: Scope, headers: Headers) -> str:
    scheme = scope.get("scheme", "http")
    scheme = {"ws": "http", "wss": "https"}.get(scheme, scheme)
    return f"{scheme}://{headers.get('host', '')}".lower()


def origin_allowed(scope: Scope, headers: Headers, origin: str | None, extra: list[str]) -> bool:
    if not origin or origin == "null":
        return False
    origin = origin.lower().rstrip("/")
    if origin == request_origin(scope, headers):
        return True
    return origin in {o.lower() for o in extra}


class CrossSiteMiddleware:
    """Refuse unsafe requests from other sites (403) before any handler runs.

    `Sec-Fetch-Site` decides first (browsers send `Origin: null` on same-site posts when
    `Referrer-Policy: no-referrer` is set); `Origin` is the fallback for older browsers. A
    request with neither comes from a non-browser client and is allowed here; the session's
    form token still protects every signed-in action.
    """

    def __init__(self, app: ASGIApp, allowed_origins: list[str]):
        self.app = app
        self.allowed = allowed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in {"GET", "HEAD", "OPTIONS"}:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        site = headers.get("sec-fetch-site")
        origin = headers.get("origin")
        if site is not None:
            ok = site in {"same-origin", "none"}
        elif origin is not None:
            ok = origin_allowed(scope, headers, origin, self.allowed)
        else:
            ok = True
        if not ok:
            log.warning("refused cross-site %s %s", scope["method"], scope["path"])
            response = PlainTextResponse("This form was sent from another site, so it was refused.",
                                         status_code=403)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


LARGER_BODY = re.compile(r"/meetings/[A-Za-z0-9_-]{1,32}/pictures")  # the one upload: a child's picture


class BodyLimitMiddleware:
    """Refuse request bodies above the limit (413) without reading them into memory."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes
        # A child's picture: room for a file somewhat over its limit, so that it is told so plainly.
        self.larger = ((LARGER_BODY, max(max_bytes, 2 * MAX_PICTURE_BYTES)),)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = PlainTextResponse("That was too much to send at once.", status_code=413)
        limit = next((n for path, n in self.larger if path.fullmatch(scope["path"])), self.max_bytes)
        length = Headers(scope=scope).get("content-length")
        if length is not None:
            if not (length.isascii() and length.isdigit()) or int(length) > limit:
                await too_big(scope, receive, send)
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLarge:
            await too_big(scope, receive, send)


class BodyTooLarge(Exception):
    pass


class PlainErrorsMiddleware:
    """The last net: an unexpected error becomes a plain 500 page, and only its type is logged.

    Without it the server would log the whole traceback, and a database error's text can quote
    the values of the statement - names, items - which must never reach a log."""

    def __init__(self, app: ASGIApp, page: Callable[[], str]):
        self.app = app
        self.page = page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            # A socket's sends go straight through: nothing to watch there, and they are many.
            await self.app(scope, receive, watch if scope["type"] == "http" else send)
        except Exception as e:
            log.error("server error on %s %s: %s", scope.get("method", "WS"), scope.get("path"), type(e).__name__)
            if scope["type"] != "http" or started:
                return
            response = HTMLResponse(self.page(), status_code=500)
            await response(scope, receive, send)
