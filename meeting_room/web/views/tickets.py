"""Between a right password and the second step, the browser holds a short-lived signed ticket (five
minutes, for this account only, in a cookie for /login only): no session exists until the code is
right (issue 26)."""

from __future__ import annotations

import hashlib
import hmac
import time

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from meeting_room.core.errors import NotAllowed
from meeting_room.domain import accounts

TICKET_COOKIE = "mr_two_step"
TICKET_SECONDS = 300


def due(settings, user) -> bool:
    """Does this password sign-in need a code too?"""
    return bool(user.totp_secret) or settings.two_step_required


def _sign(key: str, payload: str) -> str:
    return hmac.new(key.encode(), f"two-step:{payload}".encode(), hashlib.sha256).hexdigest()


def ask(request: Request, user) -> Response:
    """After a right password: on to the code (or to setting up an app), holding a ticket."""
    payload = f"{user.id}:{int(time.time()) + TICKET_SECONDS}"
    response = RedirectResponse("/login/code", status_code=303)
    settings = request.app.state.mr.settings
    https = request.url.scheme == "https" or settings.public_url.startswith("https://")
    response.set_cookie(TICKET_COOKIE, f"{payload}:{_sign(settings.secret_key, payload)}", path="/login",
                        max_age=TICKET_SECONDS, httponly=True, samesite="lax", secure=https)
    return response


async def ticket_user(request: Request):
    user_id, _, rest = (request.cookies.get(TICKET_COOKIE) or "").partition(":")
    expires, _, signature = rest.partition(":")
    payload = f"{user_id}:{expires}"
    if not (expires.isascii() and expires.isdigit() and int(expires) > time.time()
            and hmac.compare_digest(signature, _sign(request.app.state.mr.settings.secret_key, payload))):
        raise NotAllowed("Please sign in again: the time to type your code ran out.")
    user = await accounts.user_by_id(request.app.state.mr.db, user_id)
    if user is None or not user.active:
        raise NotAllowed("Please sign in again.")
    return user
