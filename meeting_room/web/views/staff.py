"""The administrator's staff pages: accounts, invitations, new set-up links, turning accounts off."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from meeting_room.core.errors import DomainError, NotAllowed, NotFound
from meeting_room.core.staff_roles import ROLE_NAMES, check_admin, has_role
from meeting_room.domain import staff
from meeting_room.web.views.common import (
    Who,
    app_state,
    note,
    read_form,
    render,
    signed_in_chair,
)


async def _admin(request: Request) -> Who:
    who = await signed_in_chair(request)
    if who.user is None:
        raise NotAllowed("Please sign in first.")
    check_admin(who.user)
    return who


def _link_url(request: Request, secret: str) -> str:
    base = app_state(request).settings.public_url or str(request.base_url).rstrip("/")
    return f"{base}/welcome?token={secret}"


async def _page(request: Request, who: Who, extra: dict | None = None, status: int = 200) -> Response:
    users, teams = await staff.accounts_and_teams(app_state(request).db)
    context = {"users": users, "teams": {t.id: t for t in teams}, "role_names": ROLE_NAMES, "form": {},
               "has_role": has_role, "days": app_state(request).settings.invite_days, **(extra or {})}
    return render(request, "staff.html", context, status=status, who=who)


async def staff_page(request: Request) -> Response:
    who = await signed_in_chair(request)
    if who.user is None:
        return RedirectResponse("/login", status_code=303)
    check_admin(who.user)
    return await _page(request, who)


async def invite(request: Request) -> Response:
    who, state = await _admin(request), app_state(request)
    form = await read_form(request)
    roles = [r for r in ROLE_NAMES if form.get(f"role_{r}") == "1"]
    try:
        secret = await staff.invite(state.db, who.user, form.get("email", ""), roles,
                                    form.get("team_id") or None, state.settings.invite_days)
    except DomainError as e:
        return await _page(request, who, {"error": e.message, "form": form}, status=e.status)
    await note(request, "staff_invite", "ok", who)
    return await _page(request, who, {"new_link": _link_url(request, secret), "link_for": form.get("email")})


async def setup_link(request: Request) -> Response:
    who, state = await _admin(request), app_state(request)
    if not state.settings.password_sign_in:
        raise NotAllowed("Passwords are not used here: people sign in with their council account.")
    await read_form(request)
    secret, user = await staff.new_setup_link(state.db, who.user, request.path_params["user_id"],
                                              state.settings.invite_days)
    await note(request, "staff_setup_link", "ok", who)
    return await _page(request, who, {"new_link": _link_url(request, secret), "link_for": user.email})


async def set_active(request: Request) -> Response:
    who, state = await _admin(request), app_state(request)
    await read_form(request)
    if request.path_params["action"] not in {"turn-on", "turn-off"}:
        raise NotFound("There is nothing at this address.")
    active = request.path_params["action"] == "turn-on"
    await staff.set_active(state.db, who.user, request.path_params["user_id"], active)
    if not active:
        state.hubs.ring_all()  # their open live connections close at once (other processes: within seconds)
    await note(request, "staff_turn_on" if active else "staff_turn_off", "ok", who)
    return RedirectResponse("/staff", status_code=303)


async def add_team(request: Request) -> Response:
    who, state = await _admin(request), app_state(request)
    form = await read_form(request)
    try:
        await staff.add_team(state.db, who.user, form.get("team_name", ""))
    except DomainError as e:
        return await _page(request, who, {"team_error": e.message}, status=e.status)
    await note(request, "staff_team_add", "ok", who)
    return RedirectResponse("/staff", status_code=303)


async def save_account(request: Request) -> Response:
    who, state = await _admin(request), app_state(request)
    form = await read_form(request)
    roles = [r for r in ROLE_NAMES if form.get(f"role_{r}") == "1"]
    try:
        await staff.set_roles_and_team(state.db, who.user, request.path_params["user_id"], roles,
                                       form.get("team_id") or None)
    except DomainError as e:
        return await _page(request, who, {"account_error": e.message}, status=e.status)
    await note(request, "staff_roles", "ok", who)
    return RedirectResponse("/staff", status_code=303)
