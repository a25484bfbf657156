"""The access audit from the web: each view writes its entries here; the chair reads the
meeting's access log (by default without refusals, which are counted instead: a flood of them
must never push admissions and removals out of sight)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from meeting_room.domain import audit
from meeting_room.web.views.common import app_state, board_for_chair, render

ACTIONS = {"join": "asked to join", "admit": "let someone in", "turn-away": "turned someone away",
           "remove": "removed someone", "sign_in": "signed in", "sign_out": "signed out",
           "record_view": "read the record", "record_pdf": "downloaded the record (PDF)",
           "record_json": "downloaded the record (JSON)", audit.OTHER_REFUSALS: "tried other things",
           # issue 23: the record's life
           "record_correct_draft": "corrected the draft record", "record_issue": "issued the record",
           "record_correction_asked": "asked for a correction", "record_correction_accept": "accepted a correction",
           "record_correction_decline": "declined a correction", "record_version_view": "read an earlier version"}


def action_label(action: str) -> str:
    return ACTIONS.get(action) or action.replace("refused_", "tried: ").replace("_", " ")


async def access_log(request: Request) -> Response:
    board, who = await board_for_chair(request, "Only the chair can read the access log.")
    showing = request.query_params.get("show", "")[:40]
    log = await audit.access_log(app_state(request).db, board.meeting.id, showing)
    return render(request, "access.html", {"board": board, "log": log, "entries": log.entries,
                                           "action_label": action_label}, who=who)
