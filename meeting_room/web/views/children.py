"""The child at the centre: the chair shows a child the full board or the three houses, and puts
"What is it like for the child?" on the shared screen."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from meeting_room.core.errors import Invalid
from meeting_room.web.views.common import app_state, chair_request, done

CHOICES = {"full": True, "houses": False}


async def full_board(request: Request) -> Response:
    """"Show Jayden the full board" / "Show Jayden the houses"."""
    who, _, meeting_id = await chair_request(request)
    full = CHOICES.get(request.path_params["value"])
    if full is None:
        raise Invalid("Please choose the full board or the houses.")
    await app_state(request).children.show_full_board(meeting_id, who.participant.id,
                                                      request.path_params["participant_id"], full)
    return done(request, f"/meetings/{meeting_id}")
