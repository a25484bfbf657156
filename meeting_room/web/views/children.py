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


async def child_prompt(request: Request) -> Response:
    """"What is it like for the child?" on the shared screen, or "Show the columns" again."""
    who, _, meeting_id = await chair_request(request)
    on = {"on": True, "off": False}.get(request.path_params["value"])
    if on is None:
        raise Invalid("Please choose to ask the question or to show the columns.")
    await app_state(request).children.ask_about_the_child(meeting_id, who.participant.id, on)
    return done(request, f"/meetings/{meeting_id}")
