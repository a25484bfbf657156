"""Passwords, session secrets, form tokens, security headers, cross-site checks, rate limits."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import secrets
import time
from collections import deque
from typing import Callable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("meeting_room.security")

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters

CHAIR_COOKIE = "mr_chair"
PARTICIPANT_COOKIE = "mr_p"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"


async def hash_password(password: str) -> str:
    # ~100 ms of CPU: keep it off the event loop.
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str, password: str) -> bool:
    def check() -> bool:
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
    return await asyncio.to_thread(check)


_DUMMY_HASH = _hasher.hash("not a real password")


async def burn_password_time(password: str) -> None:
    """Spend the same time as a real check, so unknown emails are not told apart by timing."""
    await verify_password(_DUMMY_HASH, password)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def csrf_token(secret_key: str, session_secret: str) -> str:
    """The per-session token every unsafe request of a signed-in person must carry."""
    return hmac.new(secret_key.encode(), b"csrf:" + session_secret.encode(), hashlib.sha256).hexdigest()


def csrf_ok(secret_key: str, session_secret: str, presented: str | None) -> bool:
    return bool(presented) and hmac.compare_digest(csrf_token(secret_key, session_secret), presented)


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


class BodyLimitMiddleware:
    """Refuse request bodies above the limit (413) without reading them into memory."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_big = PlainTextResponse("That was too much text to send at once.", status_code=413)
        length = Headers(scope=scope).get("content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.max_bytes:
                await too_big(scope, receive, send)
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLarge:
            await too_big(scope, receive, send)


class BodyTooLarge(Exception):
    pass


# ---------------------------------------------------------------- rate limits

class RateLimiter:
    """A sliding window per key, in memory (per process)."""

    def __init__(self, limit: int, window_seconds: float):
        self.limit = limit
        self.window = window_seconds
        self.hits: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float]:
        now = time.monotonic()
        hits = self.hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if not hits:
            self.hits.pop(key, None)
            hits = self.hits.setdefault(key, deque())
        if len(self.hits) > 100_000:  # bound memory under a flood of distinct keys
            self.hits.clear()
            hits = self.hits.setdefault(key, deque())
        return hits

    def blocked(self, key: str) -> bool:
        return len(self._recent(key)) >= self.limit

    def hit(self, key: str) -> None:
        self._recent(key).append(time.monotonic())

    def reset(self, key: str) -> None:
        self.hits.pop(key, None)


class Throttle:
    """Slows guessing without locking anyone out.

    Each key (a client address, an email) may make `free` wrong tries in `window` seconds. After
    that each further wrong answer is held back, longer the more there were (up to `max_delay`
    seconds), and only `slots` attempts per key may be under way at once: more are refused at
    once (429). A right answer is never held back, so an attacker sharing a council's address
    cannot lock a room of phones out, and guessing is bounded by slots / max_delay per key.
    In memory, per process: with N processes the bound is N times larger."""

    def __init__(self, free: int, window: float, max_delay: float = 5.0, slots: int = 4):
        self.free = free
        self.max_delay = max_delay
        self.slots = slots
        self.failures = RateLimiter(1 << 30, window)  # used only to count
        self.under_way: dict[str, int] = {}

    def full(self, key: str) -> bool:
        return self.under_way.get(key, 0) >= self.slots

    @contextlib.asynccontextmanager
    async def attempt(self, key: str):
        if self.full(key):
            raise TooManyAttempts()
        self.under_way[key] = self.under_way.get(key, 0) + 1
        try:
            yield
        finally:
            self.under_way[key] -= 1
            if not self.under_way[key]:
                del self.under_way[key]

    def delay(self, key: str) -> float:
        excess = len(self.failures._recent(key)) - self.free
        return 0.0 if excess <= 0 else min(self.max_delay, 0.25 * 2 ** (excess / 4))

    async def failed(self, key: str) -> None:
        """A wrong answer: count it, and hold the answer back if there were many (call it inside
        `attempt`, so that held-back answers keep their slot)."""
        self.failures.hit(key)
        pause = self.delay(key)
        if pause:
            await asyncio.sleep(pause)


class TooManyAttempts(Exception):
    pass


def client_host(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


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
