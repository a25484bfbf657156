"""Home, joining by code, first-run set-up, chair sign in and out."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from meeting_room.core.codes import normalise_code
from meeting_room.core.errors import DomainError, NotAllowed, NotFound, TooMany
from meeting_room.domain import accounts
from meeting_room.web.limits import TooManyAttempts, client_host
from meeting_room.web.security import CHAIR_COOKIE, PARTICIPANT_COOKIE
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

WRONG_CODE = "That code does not match a meeting that is open to join. Check the code on the screen."


async def home(request: Request) -> Response:
    who = await signed_in_chair(request)
    return render(request, "home.html", {}, who=who)


async def _wrong_code(request: Request) -> None:
    """A wrong code: counted against the client's address and, after a few, answered slowly.
    (A right code is never slowed: see `Throttle`.)"""
    throttle = app_state(request).code_guesses
    host = client_host(request.scope)
    try:
        async with throttle.attempt(host):
            await throttle.failed(host)
    except TooManyAttempts:
        raise TooMany("Too many wrong codes at once. Please wait a moment, then check the code and try again.")


async def join_by_query(request: Request) -> Response:
    code = normalise_code(request.query_params.get("code", ""))
    if not code:
        return RedirectResponse("/", status_code=303)
    return RedirectResponse(f"/join/{code}", status_code=303)


async def join_form(request: Request) -> Response:
    code = normalise_code(request.path_params["code"])
    meeting = await app_state(request).meetings.by_code(code)
    if meeting is None:
        await _wrong_code(request)
        return render(request, "home.html", {"error": WRONG_CODE, "code": request.path_params["code"][:20]},
                      status=404)
    return render(request, "join.html", {"code": code, "form": {}, "meeting": meeting})


async def join(request: Request) -> Response:
    state = app_state(request)
    code = normalise_code(request.path_params["code"])
    host = client_host(request.scope)
    if await state.join_limit.blocked(host):  # a room of phones on one Wi-Fi is well below this
        raise TooMany("Too many people joined from here just now. Please wait a few minutes.")
    form = await read_form(request)
    staff = (await signed_in_chair(request)).user  # a staff member joining while signed in
    try:
        person, secret = await state.people.join(code, form.get("name", ""), form.get("connection", ""),
                                                   form.get("agency", ""), staff.id if staff else None)
    except NotFound:
        await note(request, "join", "failed")
        await _wrong_code(request)
        return render(request, "home.html", {"error": WRONG_CODE}, status=404)
    except DomainError as e:
        await note(request, "join", "failed")
        return render(request, "join.html", {"code": code, "form": form, "error": e.message}, status=e.status)
    await note(request, "join", "ok", Who(participant=person), meeting_id=person.meeting_id)
    await state.join_limit.hit(host)
    response = RedirectResponse(f"/meetings/{person.meeting_id}", status_code=303)
    set_cookie(response, request, PARTICIPANT_COOKIE, secret, path=f"/meetings/{person.meeting_id}")
    return response


async def setup_form(request: Request) -> Response:
    state = app_state(request)
    token = request.query_params.get("token", "")
    if not await accounts.setup_token_valid(state.db, token):
        return render(request, "message.html", {
            "title": "Set-up is done", "back": "/login",
            "message": "This set-up link has been used already or is not valid. "
                       "Sign in, or create a chair with: meeting-room create-chair EMAIL"}, status=404)
    return render(request, "setup.html", {"token": token, "form": {}})


async def setup(request: Request) -> Response:
    state = app_state(request)
    host = client_host(request.scope)
    if not await state.setup_limit.allow(host):
        raise TooMany("Too many tries. Please wait a few minutes.")
    form = await read_form(request)
    token = form.get("token", "")
    try:
        await accounts.create_chair(state.db, form.get("name", ""), form.get("email", ""),
                                    form.get("password", ""), setup_secret=token)
        secret = await accounts.sign_in(state.db, form.get("email", ""), form.get("password", ""))
    except DomainError as e:
        return render(request, "setup.html", {"token": token, "form": form, "error": e.message},
                      status=e.status)
    response = RedirectResponse("/meetings", status_code=303)
    set_cookie(response, request, CHAIR_COOKIE, secret)
    return response


async def login_form(request: Request) -> Response:
    return render(request, "login.html", {"form": {}, "ready": request.query_params.get("ready") == "1"})


async def login(request: Request) -> Response:
    state = app_state(request)
    if not state.settings.password_sign_in:
        raise NotAllowed("Password sign-in is turned off here. Sign in with your council account.")
    form = await read_form(request)
    email = form.get("email", "").strip().lower()[:254]
    host = client_host(request.scope)
    by_host, by_email = state.login_guesses_per_host, state.login_guesses_per_email
    try:
        async with by_host.attempt(host), by_email.attempt(email):
            try:
                user = await accounts.password_user(state.db, email, form.get("password", ""))
            except DomainError as e:
                await note(request, "sign_in", "failed")
                await by_host.failed(host)
                await by_email.failed(email)
                return render(request, "login.html", {"form": form, "error": e.message}, status=400)
    except TooManyAttempts:
        return render(request, "login.html", {"form": form, "error":
                      "Too many tries at once. Please wait a moment, then try again."}, status=429)
    if tickets.due(state.settings, user):
        return tickets.ask(request, user)
    return await _signed_in(request, await accounts.start_session(state.db, user.id))


async def _signed_in(request: Request, secret: str) -> Response:
    state = app_state(request)
    user = await accounts.session_user(state.db, secret, state.settings.session_idle_minutes,
                                       state.settings.session_max_hours)
    await note(request, "sign_in", "ok", Who(user=user))
    old = request.cookies.get(CHAIR_COOKIE)
    if old:
        await accounts.sign_out(state.db, old)  # a new session at every sign in
    response = RedirectResponse("/meetings", status_code=303)
    set_cookie(response, request, CHAIR_COOKIE, secret)
    return response


async def logout(request: Request) -> Response:
    state = app_state(request)
    who = await signed_in_chair(request)
    if who.user is not None:
        await note(request, "sign_out", "ok", who)
        await accounts.sign_out(state.db, who.chair_secret)
        state.hubs.ring_all()  # their open live connections close at once
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(CHAIR_COOKIE, path="/")
    return response


async def healthz(request: Request) -> Response:
    state = app_state(request)
    await accounts.chair_count(state.db)  # the database answers
    if client_host(request.scope) in {"127.0.0.1", "::1"}:  # live counts for this machine's own tools only
        return JSONResponse({"ok": True, "live": state.hubs.stats()})
    return JSONResponse({"ok": True})
