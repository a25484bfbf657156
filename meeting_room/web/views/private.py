"""The chair's private discussion, and who may see each item."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from meeting_room.core.errors import Invalid
from meeting_room.domain.private import check_visibility_value
from meeting_room.web.views.common import app_state, chair_request, done, is_htmx


async def private_discussion(request: Request) -> Response:
    who, _, meeting_id = await chair_request(request)
    action = request.path_params["action"]
    if action not in {"start", "end"}:
        raise Invalid("Please choose to start or end the private discussion.")
    private = app_state(request).private
    await (private.start if action == "start" else private.end)(meeting_id, who.participant.id)
    if is_htmx(request):
        return HTMLResponse("Private discussion started: family devices are paused." if action == "start"
                            else "Private discussion ended: everyone sees the meeting again.")
    return done(request, f"/meetings/{meeting_id}")


async def screen_blank(request: Request) -> Response:
    """Blank the shared screen for a moment, or bring it back."""
    who, _, meeting_id = await chair_request(request)
    action = request.path_params["action"]
    if action not in {"blank", "show"}:
        raise Invalid("Please choose to blank the shared screen or show it.")
    await app_state(request).private.blank_screen(meeting_id, who.participant.id, action == "blank")
    if is_htmx(request):
        return HTMLResponse("The shared screen is blank." if action == "blank" else "The shared screen shows the meeting.")
    return done(request, f"/meetings/{meeting_id}")


async def visibility(request: Request) -> Response:
    who, _, meeting_id = await chair_request(request)
    professionals_only = check_visibility_value(request.path_params["value"])
    await app_state(request).private.set_visibility(meeting_id, who.participant.id, request.path_params["item_id"],
                                                    professionals_only)
    return visibility_changed(request, meeting_id, professionals_only)


def visibility_changed(request: Request, meeting_id: str, professionals_only: bool) -> Response:
    """Said after an item or a picture was made professionals-only, or shown to everyone again."""
    if is_htmx(request):
        return HTMLResponse("Now for professionals only." if professionals_only else "Now shown to everyone.")
    return done(request, f"/meetings/{meeting_id}")
