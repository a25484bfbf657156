"""The agenda: the chair moves the meeting on (next, back, skip) and may change its steps."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from meeting_room.core.errors import DomainError
from meeting_room.web.views.common import (
    app_state,
    board_for_chair,
    chair_request,
    done,
    render,
)


def _seen_step(request: Request) -> int | None:
    text = request.query_params.get("step", "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 4 else None


async def move(request: Request) -> Response:
    """"Next: …", "Back to: …", "Skip …": one press moves every screen on."""
    who, _, meeting_id = await chair_request(request)
    await app_state(request).agenda.move(meeting_id, who.participant.id, request.path_params["how"],
                                         _seen_step(request))
    return done(request, f"/meetings/{meeting_id}")  # every board, the chair's too, hears it over its socket


async def agenda_page(request: Request) -> Response:
    board, who = await board_for_chair(request, "Only the chair can change the agenda.")
    return render(request, "agenda_edit.html", {"board": board}, who=who)


async def set_steps(request: Request) -> Response:
    who, form, meeting_id = await chair_request(request)
    try:
        await app_state(request).agenda.set_steps(meeting_id, who.participant.id, form.get("steps", ""))
    except DomainError as e:
        if e.status != 400:
            raise
        board, who = await board_for_chair(request, "Only the chair can change the agenda.")
        return render(request, "agenda_edit.html", {"board": board, "error": e.message,
                                                    "typed": form.get("steps", "")}, status=400, who=who)
    board, who = await board_for_chair(request, "Only the chair can change the agenda.")
    return render(request, "agenda_edit.html", {"board": board, "saved": "The agenda is saved."}, who=who)
