"""A member of staff's own account: accepting an invitation or a new set-up link, "Change
password", and their recent sign-ins."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from meeting_room.core.errors import DomainError, NotAllowed
from meeting_room.core.passwords import hash_secret
from meeting_room.core.staff_roles import role_words
from meeting_room.domain import accounts, staff
from meeting_room.web.security import CHAIR_COOKIE
from meeting_room.web.views import tickets
from meeting_room.web.views.common import (
    Who,
    app_state,
    note,
    read_form,
    render,
    set_cookie,
    signed_in_chair,
)


NO_PASSWORDS = "Passwords are not used here. Sign in with your council account."


def _passwords_used(request: Request) -> None:
    """With password sign-in off, no link or page may set a password: it would be a way in."""
    if not app_state(request).settings.password_sign_in:
        raise NotAllowed(NO_PASSWORDS)


async def welcome_form(request: Request) -> Response:
    token = request.query_params.get("token", "")
    found = await staff.link(app_state(request).db, token)
    if found is None or (found.purpose == "reset" and not app_state(request).settings.password_sign_in):
        return render(request, "message.html", {"title": "This link does not work", "back": "/login",
                                                "message": staff.GONE if found is None else NO_PASSWORDS}, status=404)
    return render(request, "welcome.html", {"token": token, "link": found, "form": {}})


async def _accept(request: Request, found, token: str, form: dict):
    db, passwords = app_state(request).db, app_state(request).settings.password_sign_in
    if found.purpose == "reset":
        _passwords_used(request)
        return await staff.accept_reset(db, token, form.get("password", ""))
    return await staff.accept_invite(db, token, form.get("name", ""), form.get("password", "") if passwords else None)


async def welcome(request: Request) -> Response:
    state, form = app_state(request), await read_form(request)
    token = form.get("token", "")
    found = await staff.link(state.db, token)
    if found is None:  # used, expired or unknown: nothing else is looked at
        raise NotAllowed(staff.GONE)
    try:
        user = await _accept(request, found, token, form)
    except DomainError as e:
        return render(request, "welcome.html", {"token": token, "link": found, "form": form, "error": e.message},
                      status=e.status)
    if not state.settings.password_sign_in:  # the council's own sign-in says who they are, not this link
        return RedirectResponse("/login?ready=1", status_code=303)
    state.hubs.ring_all()  # a reset ends the account's other sessions, and their live connections
    if tickets.due(state.settings, user):  # a new password is not a way round the second step
        return tickets.ask(request, user)
    secret = await accounts.start_session(state.db, user.id)
    await note(request, "sign_in", "ok", Who(user=user))
    response = RedirectResponse("/account", status_code=303)
    set_cookie(response, request, CHAIR_COOKIE, secret)
    return response


async def _signed_in(request: Request) -> Who:
    who = await signed_in_chair(request)
    if who.user is None:
        raise NotAllowed("Please sign in first.")
    return who


async def account_page(request: Request) -> Response:
    who = await signed_in_chair(request)
    if who.user is None:
        return RedirectResponse("/login", status_code=303)
    sign_ins = await staff.recent_sign_ins(app_state(request).db, who.user.id)
    return render(request, "account.html", {"sign_ins": sign_ins, "roles": role_words(who.user),
                                            "changed": request.query_params.get("changed") == "1"}, who=who)


async def password_form(request: Request) -> Response:
    _passwords_used(request)
    who = await signed_in_chair(request)
    if who.user is None:
        return RedirectResponse("/login", status_code=303)
    return render(request, "password.html", {}, who=who)


async def change_password(request: Request) -> Response:
    _passwords_used(request)
    who, state = await _signed_in(request), app_state(request)
    form = await read_form(request)
    try:
        await staff.change_password(state.db, who.user, form.get("current", ""), form.get("password", ""),
                                    keep_session=hash_secret(who.chair_secret))
    except DomainError as e:
        return render(request, "password.html", {"error": e.message}, status=e.status, who=who)
    state.hubs.ring_all()  # the account's other sessions ended: their live connections close
    await note(request, "password_change", "ok", who)
    return RedirectResponse("/account?changed=1", status_code=303)
