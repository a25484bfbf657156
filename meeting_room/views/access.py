"""The access audit from the web: each view writes its entries here; the chair reads the
meeting's access log."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import Response

from .. import audit
from ..limits import client_host
from .common import Who, app_state, board_for_chair, render

log = logging.getLogger("meeting_room.audit")

ACTIONS = {"join": "asked to join", "admit": "let someone in", "turn-away": "turned someone away",
           "remove": "removed someone", "sign_in": "signed in", "sign_out": "signed out",
           "record_view": "read the record", "record_pdf": "downloaded the record (PDF)",
           "record_json": "downloaded the record (JSON)"}


async def note(request: Request, action: str, outcome: str, who: Who | None = None,
               meeting_id: str | None = None) -> None:
    """Write one audit entry for this request. Auditing never stops the request it describes."""
    person = who.participant if who else None
    user = who.user if who else None
    try:
        await audit.write(app_state(request).db, action=action, outcome=outcome,
                          actor=person.id if person else (user.id if user else ""),
                          role=person.role if person else ("chair" if user else ""),
                          meeting_id=meeting_id or request.path_params.get("meeting_id"),
                          client=client_host(request.scope))
    except Exception as e:  # the type only: a database error's text can hold personal data
        log.error("could not write an audit entry (%s)", type(e).__name__)


def refused_action(request: Request) -> str:
    """A refusal is named after the handler that refused ("refused_add_item"), never the path."""
    endpoint = request.scope.get("endpoint")
    return f"refused_{getattr(endpoint, '__name__', 'request')}"[:40]


async def access_log(request: Request) -> Response:
    board, who = await board_for_chair(request, "Only the chair can read the access log.")
    entries = await audit.of_meeting(app_state(request).db, board.meeting.id)
    return render(request, "access.html", {"board": board, "entries": entries, "ACTIONS": ACTIONS}, who=who)
