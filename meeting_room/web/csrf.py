"""Form tokens: every unsafe request that carries a session cookie must carry the token of that
session, or it is refused (403) before any handler runs.

The token is an HMAC of the session's secret (`token_for`), put in every page of a signed-in
person (`data-csrf` for htmx, which sends it as a header; a hidden field in plain forms). Another
site can make a browser send the cookie but cannot know the token. Requests that start a session
(sign in, first-run setup, joining by code) have no session yet and are left alone; the
cross-site check (`security.CrossSiteMiddleware`) still guards them.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from typing import Callable

from starlette.datastructures import Headers
from starlette.requests import Request, cookie_parser
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("meeting_room.csrf")

HEADER = "x-csrf-token"
FIELD = "csrf_token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
REFUSAL = "This page is out of date. Please reload it and try again."

MAX_FIELDS = 30  # most forms
# The decide form has a row per child and a tick per core-group member (review finding 4): a family
# of six children, or three children and a large core group, sends far more than 30 fields.
LARGE_FORMS = re.compile(r"^/meetings/[^/]+/(decide|decisions)$")
MAX_LARGE_FORM_FIELDS = 200


def max_fields_for(path: str) -> int:
    """How many fields a form posted to this path may have (the token reader and `read_form` agree)."""
    return MAX_LARGE_FORM_FIELDS if LARGE_FORMS.match(path) else MAX_FIELDS


def token_for(secret_key: str, session_secret: str) -> str:
    """The token every unsafe request of this session must carry."""
    return hmac.new(secret_key.encode(), b"csrf:" + session_secret.encode(), hashlib.sha256).hexdigest()


def token_ok(secret_key: str, session_secrets: list[str], presented: str | None) -> bool:
    return bool(presented) and any(hmac.compare_digest(token_for(secret_key, s), presented)
                                   for s in session_secrets)


class CsrfMiddleware:
    def __init__(self, app: ASGIApp, secret_key: str, session_cookies: tuple[str, ...],
                 starts_session: Callable[[str], bool], page: Callable[[str], str] | None = None):
        self.app = app
        self.secret_key = secret_key
        self.session_cookies = session_cookies
        self.starts_session = starts_session  # paths that create a session (nothing to match yet)
        self.page = page                       # the refusal as a page, for plain (non-htmx) forms

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS or self.starts_session(scope["path"]):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        sessions = self._sessions(headers)
        if not sessions:
            await self.app(scope, receive, send)  # nobody signed in: the handler refuses what needs it
            return
        presented = headers.get(HEADER)
        if presented is None:
            body = await _read_body(receive)
            receive = _replay(body)
            presented = await _form_field(scope, body, FIELD)
        if not token_ok(self.secret_key, sessions, presented):
            log.warning("refused a request without a valid form token on %s", scope["path"])
            await self._refuse(scope, headers)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _sessions(self, headers: Headers) -> list[str]:
        cookies = cookie_parser(headers.get("cookie", ""))
        return [cookies[name] for name in self.session_cookies if cookies.get(name)]

    def _refuse(self, scope: Scope, headers: Headers):
        if headers.get("hx-request") == "true" or self.page is None:
            return PlainTextResponse(REFUSAL, status_code=403)
        return HTMLResponse(self.page(REFUSAL), status_code=403)


async def _read_body(receive: Receive) -> bytes:
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    """A `receive` that gives the handler the body already read, then waits as the server would."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}
    return receive


async def _form_field(scope: Scope, body: bytes, name: str) -> str | None:
    try:
        form = await Request(scope, _replay(body)).form(max_files=0, max_fields=max_fields_for(scope["path"]))
    except Exception:  # not a form, or a malformed one: no token in it
        return None
    value = form.get(name)
    return value if isinstance(value, str) else None
