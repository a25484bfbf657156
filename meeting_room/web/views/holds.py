"""Placing and lifting a legal hold on a family's meetings, from a meeting's record page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from meeting_room.domain import holds
from meeting_room.web.views.common import app_state, board_for_chair, note, read_form


async def place_hold(request: Request) -> Response:
    board, who = await board_for_chair(request, "Only the chair can place a legal hold.")
    form = await read_form(request)
    await holds.place(app_state(request).db, who.user, board.meeting.id, form.get("reason", ""))
    await note(request, "legal_hold_on", "ok", who)
    return RedirectResponse(f"/meetings/{board.meeting.id}/record#legal-hold", status_code=303)


async def lift_hold(request: Request) -> Response:
    board, who = await board_for_chair(request, "Only the chair can lift a legal hold.")
    await read_form(request)
    await holds.lift(app_state(request).db, who.user, board.meeting.id)
    await note(request, "legal_hold_off", "ok", who)
    return RedirectResponse(f"/meetings/{board.meeting.id}/record#legal-hold", status_code=303)
