"""Pages a public body must publish: the accessibility statement and the privacy notice, with the
council's name and contacts from the settings."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from meeting_room.web.views.common import app_state, render, signed_in_chair


def _council(request: Request) -> dict:
    s = app_state(request).settings
    return {"council": s.council_name or "the council that runs this meeting", "named": bool(s.council_name),
            "contact": s.council_contact, "dpo": s.dpo_contact, "retention": s.retention_text,
            "purge_days": s.purge_after_days, "idle_hours": s.participant_idle_hours}


async def accessibility(request: Request) -> Response:
    return render(request, "accessibility.html", _council(request), who=await signed_in_chair(request))


async def privacy(request: Request) -> Response:
    return render(request, "privacy.html", _council(request), who=await signed_in_chair(request))
