""""I need a moment": said from a person's own device, seen by the chair."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from meeting_room.core.errors import Invalid
from meeting_room.web.views.common import (
    app_state,
    chair_request,
    done,
    is_htmx,
    member_request,
    render,
    require_member,
    who_in_meeting,
)


async def moment(request: Request) -> Response:
    who, form, meeting_id = await member_request(request)
    if form.get("needed") not in {"0", "1"}:
        raise Invalid("Please say whether you need a moment.")
    needed = form["needed"] == "1"
    await app_state(request).moments.ask(meeting_id, who.participant.id, needed)
    if not is_htmx(request):
        return done(request, f"/meetings/{meeting_id}")
    return render(request, "partials/moment.html", {"meeting_id": meeting_id, "needed": needed, "told": True},
                  who=who)


async def my_moment(request: Request) -> Response:
    """This person's own "I need a moment", as it is now: fetched by their device when someone's
    moment changed (the socket never says whose), so the chair's "Seen to" reaches it live."""
    who = await who_in_meeting(request, request.path_params["meeting_id"])
    needed = require_member(who).needs_moment
    return render(request, "partials/moment.html", {"meeting_id": request.path_params["meeting_id"],
                  "needed": needed, "told": needed, "seen": not needed}, who=who)


async def moment_passed(request: Request) -> Response:
    """The chair has seen to someone's "I need a moment"."""
    who, _, meeting_id = await chair_request(request)
    await app_state(request).moments.passed(meeting_id, who.participant.id, request.path_params["participant_id"])
    return done(request, f"/meetings/{meeting_id}")
