"""The chair's choices for the shared screen (issue 24): "Focus on" one column, "Show all
columns", and "Keep the screen on for professionals" during a private discussion."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from meeting_room.core.errors import Invalid
from meeting_room.core.vocabulary import COLUMN_BY_KEY
from meeting_room.domain.screen import check_focus_value
from meeting_room.web.views.common import app_state, chair_request, done, is_htmx


async def focus(request: Request) -> Response:
    who, form, meeting_id = await chair_request(request)
    column = check_focus_value(str(form.get("column", "")))
    await app_state(request).screen.focus(meeting_id, who.participant.id, column)
    if is_htmx(request):
        return HTMLResponse(f"The shared screen shows “{COLUMN_BY_KEY[column].heading}”." if column
                            else "The shared screen shows all columns.")
    return done(request, f"/meetings/{meeting_id}")


async def keep_for_professionals(request: Request) -> Response:
    who, form, meeting_id = await chair_request(request)
    keep = str(form.get("keep", ""))
    if keep not in {"1", "0"}:
        raise Invalid("Please choose to keep the shared screen on or to pause it.")
    await app_state(request).screen.keep_for_professionals(meeting_id, who.participant.id, keep == "1")
    if is_htmx(request):
        return HTMLResponse("The shared screen stays on for professionals." if keep == "1"
                            else "The shared screen is paused.")
    return done(request, f"/meetings/{meeting_id}")
