"""Two-step sign-in in the browser (issue 26, point 2): the code asked after a right password,
setting up an authenticator app (a QR code to scan), recovery codes shown once, turning it off.
(The ticket held between the password and the code: `tickets.py`.)"""

from __future__ import annotations

import segno
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from meeting_room.core import totp
from meeting_room.core.sealed import key_from
from meeting_room.core.errors import DomainError, Invalid, NotAllowed, TooMany
from meeting_room.domain import accounts, two_step
from meeting_room.web.limits import TooManyAttempts
from meeting_room.web.security import CHAIR_COOKIE
from meeting_room.web.views.common import (
    Who,
    app_state,
    note,
    read_form,
    render,
    set_cookie,
    signed_in_chair,
)
from meeting_room.web.views.tickets import TICKET_COOKIE
from meeting_room.web.views.tickets import ticket_user as _ticket_user

LOCKED = ("Too many wrong codes. To keep this account safe, codes for it are blocked for an hour. "
          "Please try again later, or ask your administrator.")


def qr_of(secret: str, email: str) -> str:
    return segno.make(totp.provisioning_uri(secret, email), error="m").svg_data_uri(scale=5, border=2)


def sealing_key(request: Request) -> bytes:
    return key_from(app_state(request).settings.secret_key)


async def _setup_context(request: Request, user, action: str) -> dict:
    db, key = app_state(request).db, sealing_key(request)
    secret = await two_step.pending_secret(db, key, user.id) or await two_step.start_setup(db, key, user.id)
    return {"qr": qr_of(secret, user.email), "secret": secret, "action": action}


async def code_page(request: Request) -> Response:
    user = await _ticket_user(request)
    if user.totp_secret:
        return render(request, "two_step_code.html", {})
    return render(request, "two_step_setup.html", await _setup_context(request, user, "/login/code"))


async def code(request: Request) -> Response:
    user = await _ticket_user(request)
    form = await read_form(request)
    try:
        codes = await _attempt(request, user, form.get("code", ""))
    except DomainError as e:
        await note(request, "sign_in_code", "refused" if e.message == LOCKED else "failed", Who(user=user))
        if user.totp_secret:
            return render(request, "two_step_code.html", {"error": e.message}, status=e.status)
        context = await _setup_context(request, user, "/login/code")
        return render(request, "two_step_setup.html", {"error": e.message, **context}, status=e.status)
    return await _signed_in(request, user, codes)


async def _attempt(request: Request, user, typed: str) -> list[str]:
    throttle = app_state(request).login_guesses_per_email
    if user.totp_secret and await app_state(request).code_lockout.locked(user.id):
        raise TooMany(LOCKED)  # right codes too: the hour has to pass
    try:
        async with throttle.attempt(f"two-step:{user.id}"):
            return await _check_or_set_up(request, user, typed)
    except TooManyAttempts:
        raise TooMany("Too many tries at once. Please wait a moment, then try again.") from None


async def _signed_in(request: Request, user, codes: list[str]) -> Response:
    """The second step is done: a new session; recovery codes to keep if the app was just set up."""
    secret = await accounts.start_session(app_state(request).db, user.id)
    await note(request, "sign_in", "ok", Who(user=user))
    old = request.cookies.get(CHAIR_COOKIE)
    if old:
        await accounts.sign_out(app_state(request).db, old)  # a new session at every sign in
    if codes:
        response = render(request, "recovery_codes.html", {"codes": codes}, who=Who(user=user, chair_secret=secret))
    else:
        response = RedirectResponse("/meetings", status_code=303)
    set_cookie(response, request, CHAIR_COOKIE, secret)
    response.delete_cookie(TICKET_COOKIE, path="/login")
    return response


async def _check_or_set_up(request: Request, user, typed: str) -> list[str]:
    db, key = app_state(request).db, sealing_key(request)
    if not user.totp_secret:
        return await two_step.confirm_setup(db, key, user.id, typed)
    if not await two_step.check_code(db, key, user.id, typed):
        if await app_state(request).code_lockout.failed(user.id):
            await note(request, "sign_in_code_locked", "refused", Who(user=user))
            raise TooMany(LOCKED)
        await app_state(request).login_guesses_per_email.failed(f"two-step:{user.id}")
        raise Invalid(two_step.WRONG_CODE + " Or type one of your recovery codes.")
    return []


async def account_page(request: Request) -> Response:
    who = await signed_in_chair(request)
    if who.user is None:
        return RedirectResponse("/login", status_code=303)
    if who.user.totp_secret:
        left = await two_step.codes_left(app_state(request).db, who.user.id)
        return render(request, "two_step.html", {"left": left}, who=who)
    return render(request, "two_step_setup.html", await _setup_context(request, who.user, "/account/two-step"),
                  who=who)


async def turn_on(request: Request) -> Response:
    who, state = await signed_in_chair(request), app_state(request)
    if who.user is None:
        raise NotAllowed("Please sign in first.")
    form = await read_form(request)
    try:
        codes = await two_step.confirm_setup(state.db, sealing_key(request), who.user.id, form.get("code", ""))
    except DomainError as e:
        context = await _setup_context(request, who.user, "/account/two-step")
        return render(request, "two_step_setup.html", {"error": e.message, **context}, status=e.status, who=who)
    await note(request, "two_step_on", "ok", who)
    return render(request, "recovery_codes.html", {"codes": codes}, who=who)


async def turn_off(request: Request) -> Response:
    who, state = await signed_in_chair(request), app_state(request)
    if who.user is None:
        raise NotAllowed("Please sign in first.")
    form = await read_form(request)
    try:
        await two_step.turn_off(state.db, who.user, form.get("password", ""))
    except DomainError as e:
        left = await two_step.codes_left(state.db, who.user.id)
        return render(request, "two_step.html", {"left": left, "error": e.message}, status=e.status, who=who)
    await note(request, "two_step_off", "ok", who)
    return RedirectResponse("/account", status_code=303)
