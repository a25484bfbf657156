"""Family time (issue 24): the chair's "Start family time" and "End family time", and "Keep the
screen on for the family" while it runs."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from meeting_room.core.errors import Invalid
from meeting_room.web.views.common import app_state, chair_request, done, is_htmx


async def family_time(request: Request) -> Response:
    who, _, meeting_id = await chair_request(request)
    action = request.path_params["action"]
    if action not in {"start", "end"}:
        raise Invalid("Please choose to start or end family time.")
    family = app_state(request).family_time
    await (family.start if action == "start" else family.end)(meeting_id, who.participant.id)
    if is_htmx(request):
        return HTMLResponse("Family time started: professionals' devices are paused." if action == "start"
                            else "Family time ended: everyone sees the family's plan.")
    return done(request, f"/meetings/{meeting_id}")


async def keep_for_family(request: Request) -> Response:
    who, form, meeting_id = await chair_request(request)
    keep = str(form.get("keep", ""))
    if keep not in {"1", "0"}:
        raise Invalid("Please choose to keep the shared screen on or to pause it.")
    await app_state(request).family_time.keep_screen(meeting_id, who.participant.id, keep == "1")
    if is_htmx(request):
        return HTMLResponse("The shared screen stays on for the family." if keep == "1"
                            else "The shared screen is paused.")
    return done(request, f"/meetings/{meeting_id}")
