"""What every handler shares: who is asking, reading forms safely, form tokens, responses."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import (
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)

from meeting_room.core import rules
from meeting_room.core.errors import DomainError, Invalid, NotAllowed, NotFound
from meeting_room.core.passwords import hash_secret
from meeting_room.core.rules import sees_everything
from meeting_room.domain import audit
from meeting_room.domain.accounts import session_user
from meeting_room.domain.family_time import check_not_in_family_time
from meeting_room.store.models import ParticipantRow, UserRow
from meeting_room.web.csrf import max_fields_for, token_for
from meeting_room.web.limits import client_host
from meeting_room.web.security import CHAIR_COOKIE, PARTICIPANT_COOKIE

log = logging.getLogger("meeting_room.web")
audit_log = logging.getLogger("meeting_room.audit")


def app_state(conn: HTTPConnection):
    return conn.app.state.mr


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


@dataclass
class Who:
    """The person behind a request, as far as one meeting is concerned."""
    user: UserRow | None = None          # a signed-in chair account
    chair_secret: str | None = None
    participant: ParticipantRow | None = None
    participant_secret: str | None = None
    record_only: bool = False  # a participant of a meeting that has closed: their cookie opens its record only

    @property
    def secret(self) -> str | None:
        """The session secret this request's form token must match."""
        if self.participant is not None and self.participant.role == "chair":
            return self.chair_secret
        return self.participant_secret or self.chair_secret

    @property
    def is_chair(self) -> bool:
        """The chair, or a co-chair who is signed in to the staff account they joined with."""
        return self.is_lead_chair or self.is_co_chair

    @property
    def is_lead_chair(self) -> bool:
        return self.participant is not None and self.participant.role == "chair"

    @property
    def is_co_chair(self) -> bool:
        p = self.participant
        return (p is not None and bool(getattr(p, "co_chair", False)) and p.status == "admitted" and p.entered
                and self.user is not None and p.user_id == self.user.id)

    def csrf(self, secret_key: str) -> str:
        return token_for(secret_key, self.secret) if self.secret else ""

    @property
    def chair_session_hash(self) -> str | None:
        return hash_secret(self.chair_secret) if self.chair_secret else None


async def signed_in_chair(conn: HTTPConnection) -> Who:
    state = app_state(conn)
    secret = conn.cookies.get(CHAIR_COOKIE)
    user = await session_user(state.db, secret, state.settings.session_idle_minutes,
                              state.settings.session_max_hours)
    return Who(user=user, chair_secret=secret if user else None)


async def who_in_meeting(conn: HTTPConnection, meeting_id: str) -> Who:
    """The chair of this meeting, or a participant of it (by their meeting-bound cookie)."""
    state = app_state(conn)
    who = await signed_in_chair(conn)
    chair = await state.people.chair_of(meeting_id, who.user)
    if chair is not None:
        who.participant = chair
        return who
    secret = conn.cookies.get(PARTICIPANT_COOKIE)
    found = await state.people.session(meeting_id, secret, state.settings.participant_idle_hours)
    if found is not None:
        person, meeting_open = found
        # Once the meeting closes, the sessions of the people let in open its record only; the rest end.
        if meeting_open or rules.takes_part(person):
            who.participant, who.participant_secret, who.record_only = person, secret, not meeting_open
    return who


async def read_form(request: Request) -> dict[str, str]:
    """The form's fields as text (the first value of each). Bad forms are a clear 400."""
    try:
        form = await request.form(max_files=0, max_fields=max_fields_for(request.scope["path"]),
                                  max_part_size=64 * 1024)
    except HTTPException as e:
        raise Invalid("That form could not be read. Please try again.") from e
    except Exception as e:  # a malformed multipart body, bad encoding …
        raise Invalid("That form could not be read. Please try again.") from e
    values: dict[str, str] = {}
    for key, value in form.multi_items():
        if not isinstance(value, str):
            raise Invalid("Files cannot be sent here.")
        if "\x00" in value or "\x00" in key:
            raise Invalid("The form has a character that cannot be saved.")
        values.setdefault(key, value)
    return values


def live_view(who: Who, asked: str | None) -> str | None:
    """Which live view a person gets: chair (or the shared screen), member, lobby, or none."""
    person = who.participant
    if person is None:
        return None
    if who.is_chair:
        return {"screen": "screen", "child": "child"}.get(asked or "", "chair")
    if rules.waits_in_lobby(person):
        return "lobby"
    if not rules.takes_part(person):
        return None
    if rules.child_view(person) or (asked == "child" and sees_everything(person)):
        return "child"  # a child; or a worker's "Child's view for …", beside a child
    return "member" if sees_everything(person) else "family"


def require_member(who: Who) -> ParticipantRow:
    if who.record_only:
        raise NotAllowed("This meeting has closed. Its record is on the meeting's page.")
    if not rules.takes_part(who.participant):
        raise NotAllowed("You are not in this meeting. Ask the chair for the join code.")
    return who.participant


async def member_request(request: Request) -> tuple[Who, dict[str, str], str]:
    """The preamble of every change made from a meeting page: who is asking, their form, and
    that they take part (the form token was checked already: `csrf.py`). Returns who, the form
    and the meeting's id."""
    meeting_id = request.path_params["meeting_id"]
    who = await who_in_meeting(request, meeting_id)
    form = await read_form(request)
    require_member(who)
    return who, form, meeting_id


def lead_only(who: Who, what: str) -> None:
    """Closing the meeting and naming co-chairs are the chair's alone."""
    if not who.is_lead_chair:
        raise NotAllowed(f"Only the chair can {what}.")


async def chair_request(request: Request) -> tuple[Who, dict[str, str], str]:
    """`member_request` for the chair's own changes (the domain checks again, inside the change)."""
    who, form, meeting_id = await member_request(request)
    if not who.is_chair:
        raise NotAllowed("Only the chair can do that.")
    return who, form, meeting_id


def render(request: Request, template: str, context: dict[str, Any], status: int = 200,
           who: Who | None = None) -> HTMLResponse:
    state = app_state(request)
    base = {"request": request, "csrf": who.csrf(state.settings.secret_key) if who else "",
            "chair_user": who.user if who else None, "new_token": lambda: secrets.token_urlsafe(16)}
    html = state.env.get_template(template).render({**base, **context})
    return HTMLResponse(html, status_code=status)


def done(request: Request, back: str) -> Response:
    """Success: htmx wants nothing swapped; a plain form goes back to the page."""
    if is_htmx(request):
        return Response(status_code=204)
    return RedirectResponse(back, status_code=303)


def error_response(request: Request, status: int, message: str) -> Response:
    if is_htmx(request):
        # Swapped into the page's alert region by htmx: text only, escaped by the browser.
        return PlainTextResponse(message, status_code=status)
    return render(request, "message.html", {"title": _titles.get(status, "Something went wrong"),
                                             "message": message, "back": "/"}, status=status)


_titles = {400: "Please check", 403: "Not allowed", 404: "Not found", 405: "Not allowed",
           409: "Changed by someone else", 413: "Too much text", 429: "Please wait", 500: "Sorry"}


async def domain_error_handler(request: Request, exc: DomainError) -> Response:
    if exc.status in (401, 403):  # every refusal is logged (what and where, never who or the text) and audited
        log.warning("refused %s %s (%s)", request.method, request.url.path, type(exc).__name__)
        await note(request, refused_action(request), "refused", await _who_if_known(request))
    return error_response(request, exc.status, exc.message)


async def _who_if_known(request: Request) -> Who | None:
    try:
        meeting_id = request.path_params.get("meeting_id")
        return await (who_in_meeting(request, meeting_id) if meeting_id else signed_in_chair(request))
    except Exception:  # (the refusal is answered whatever happens here)
        return None


async def http_error_handler(request: Request, exc: HTTPException) -> Response:
    messages = {404: "There is nothing at this address.", 405: "That cannot be done here."}
    return error_response(request, exc.status_code, messages.get(exc.status_code, exc.detail or "That did not work."))


def set_cookie(response: Response, request: Request, name: str, value: str, path: str = "/") -> None:
    # Secure when the browser uses HTTPS: this request says so, or the public address does (a
    # proxy that ends HTTPS may not pass the scheme on, and then this request looks like http).
    https = request.url.scheme == "https" or app_state(request).settings.public_url.startswith("https://")
    response.set_cookie(name, value, path=path, httponly=True, samesite="lax", secure=https)


def meeting_or_404(board) -> None:
    if board is None:
        raise NotFound("That meeting could not be found.")


async def board_for_chair(request: Request, refusal: str, screen: bool = False):
    """The meeting in the address and its chair, or a 404/403 with `refusal`. During family time
    the chair's pages show nothing of the meeting (the shared screen decides for itself)."""
    meeting_id = request.path_params["meeting_id"]
    board = await app_state(request).boards.board(meeting_id)
    meeting_or_404(board)
    who = await who_in_meeting(request, meeting_id)
    if not who.is_chair:
        raise NotAllowed(refusal)
    if not screen:
        check_not_in_family_time(board.meeting, who.participant)
    return board, who


async def note(request: Request, action: str, outcome: str, who: Who | None = None,
               meeting_id: str | None = None) -> None:
    """Write one audit entry for this request. Auditing never stops the request it describes."""
    person = who.participant if who else None
    user = who.user if who else None
    try:
        await audit.write(app_state(request).db, action=action, outcome=outcome,
                          actor=person.id if person else (user.id if user else ""),
                          role=person.role if person else ("chair" if user else ""),
                          meeting_id=meeting_id or request.path_params.get("meeting_id"),
                          client=client_host(request.scope))
    except Exception as e:  # the type only: a database error's text can hold personal data
        audit_log.error("could not write an audit entry (%s)", type(e).__name__)


def refused_action(request: Request) -> str:
    """A refusal is named after the handler that refused ("refused_add_item"), never the path."""
    endpoint = request.scope.get("endpoint")
    return f"refused_{getattr(endpoint, '__name__', 'request')}"[:40]
