"""The chair's dashboard: their meetings, a new meeting, and a meeting's history."""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from meeting_room.core.errors import DomainError, NotAllowed
from meeting_room.core.staff_roles import check_chair, has_role, roles_of
from meeting_room.live.render import describe
from meeting_room.read.history import lines as history_lines
from meeting_room.read.teams import team_meetings
from meeting_room.web.views.common import (
    app_state,
    board_for_chair,
    read_form,
    render,
    signed_in_chair,
)


def _sign_in_first() -> Response:
    return RedirectResponse("/login", status_code=303)


async def dashboard(request: Request) -> Response:
    who = await signed_in_chair(request)
    if who.user is None:
        return _sign_in_first()
    state = app_state(request)
    meetings = await state.meetings.chaired_by(who.user.id)
    team = await team_meetings(state.db, who.user) if roles_of(who.user) & {"chair", "lead"} else []
    return render(request, "meetings.html", {"meetings": meetings, "may_chair": has_role(who.user, "chair"),
                                             "team_meetings": team}, who=who)


async def new_meeting_form(request: Request) -> Response:
    who = await signed_in_chair(request)
    if who.user is None:
        return _sign_in_first()
    check_chair(who.user)
    cases = await app_state(request).meetings.cases_of(who.user.id)
    return render(request, "meeting_new.html", {"cases": cases, "form": {}, "today": date.today().isoformat()},
                  who=who)


async def create_meeting(request: Request) -> Response:
    state = app_state(request)
    who = await signed_in_chair(request)
    if who.user is None:
        raise NotAllowed("Please sign in as a chair first.")
    form = await read_form(request)
    try:
        meeting = await state.meetings.create(
            who.user, case_id=form.get("case_id") or None, family_name=form.get("family_name", ""),
            children=form.get("children", ""), title=form.get("title", ""), kind=form.get("kind", ""),
            held_on=form.get("held_on", ""), detailed=form.get("detailed") == "1")
    except DomainError as e:
        cases = await state.meetings.cases_of(who.user.id)
        form.setdefault("detailed", "")
        return render(request, "meeting_new.html", {"cases": cases, "form": form, "error": e.message,
                                                    "today": date.today().isoformat()}, status=e.status, who=who)
    return RedirectResponse(f"/meetings/{meeting.id}", status_code=303)


async def history(request: Request) -> Response:
    board, who = await board_for_chair(request, "Only the chair can read the history.")
    events = await app_state(request).meetings.history(board.meeting.id)
    lines = history_lines(events, lambda pid: describe(board.participant(pid)), app_state(request).settings.time_zone)
    return render(request, "history.html", {"board": board, "lines": lines}, who=who)
