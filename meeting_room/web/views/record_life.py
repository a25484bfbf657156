"""The record after the close: the chair corrects the draft and issues it; people who were there
ask for a correction; the chair accepts (a new version) or declines; earlier versions for the chair.
Every step is in the history (the domain's events) and the access audit (`note`)."""

from __future__ import annotations

import json
from datetime import date

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from meeting_room.core import rules
from meeting_room.core.errors import NotAllowed, NotFound
from meeting_room.domain.record_life import final_after
from meeting_room.read.record import record_content, record_of
from meeting_room.web.views.common import (
    app_state,
    board_for_chair,
    note,
    read_form,
    render,
    who_in_meeting,
)


async def answer_request(request: Request, chair: bool = False):
    """Who is asking, their form, the meeting: someone who was let in (their session opens the
    closed meeting's record only, which is where these forms are). The domain checks again."""
    meeting_id = request.path_params["meeting_id"]
    who = await who_in_meeting(request, meeting_id)
    form = await read_form(request)
    if not (who.participant and rules.takes_part(who.participant)):
        raise NotAllowed("Only the people of this meeting can do that.")
    if chair and not who.is_chair:
        raise NotAllowed("Only the chair can do that.")
    return who, form, meeting_id


def life_of(record, who, correction_days: int, today: date | None = None) -> dict:
    """Where the record is in its life, for the record page: draft, issued (corrections open) or final."""
    versions = record.versions
    last = versions[-1] if versions else None
    final_on = final_after(versions[0].issued_at.date(), correction_days) if versions else None
    status = "draft" if last is None else ("issued" if (today or date.today()) <= final_on else "final")
    mine = [c for c in record.corrections if who.participant and c.participant_id == who.participant.id]
    return {"status": status, "last": last, "final_on": final_on, "versions": versions, "my_corrections": mine,
            "pending": [c for c in record.corrections if c.status == "pending"] if who.is_chair else [],
            "closed": record.meeting.status == "closed"}


def _back(meeting_id: str) -> Response:
    return RedirectResponse(f"/meetings/{meeting_id}/record", status_code=303)


async def correct_draft(request: Request) -> Response:
    who, form, meeting_id = await answer_request(request, chair=True)
    await app_state(request).record_life.correct_draft(meeting_id, who.participant.id, request.path_params["item_id"],
                                                       form.get("text", ""), form.get("said_by", ""))
    await note(request, "record_correct_draft", "ok", who)
    return _back(meeting_id)


async def correct_wording(request: Request) -> Response:
    """The draft's decision reasons, a disagreement's words or the apologies, corrected by the chair."""
    who, form, meeting_id = await answer_request(request, chair=True)
    await app_state(request).record_life.correct_wording(meeting_id, who.participant.id, request.path_params["part"],
                                                         request.path_params["part_id"], form.get("text", ""))
    await note(request, "record_correct_draft", "ok", who)
    return _back(meeting_id)


async def issue(request: Request) -> Response:
    """"Issue the record": the draft becomes version 1, locked."""
    who, _, meeting_id = await answer_request(request, chair=True)
    await app_state(request).record_life.issue(meeting_id, who.participant.id, record_content)
    await note(request, "record_issue", "ok", who)
    return _back(meeting_id)


async def ask(request: Request) -> Response:
    """"Ask for a correction", in the person's own words, on their own copy."""
    who, form, meeting_id = await answer_request(request)
    await app_state(request).record_life.ask(meeting_id, who.participant.id, form.get("words", ""),
                                             app_state(request).settings.correction_days, date.today())
    await note(request, "record_correction_asked", "ok", who)
    return _back(meeting_id)


async def answer(request: Request) -> Response:
    """The chair accepts a request (the next version is issued at once) or declines it, with a reason."""
    who, form, meeting_id = await answer_request(request, chair=True)
    accept = {"accept": True, "decline": False}.get(request.path_params["answer"])
    if accept is None:
        raise NotFound("That page could not be found.")
    await app_state(request).record_life.answer(meeting_id, who.participant.id, request.path_params["correction_id"],
                                                accept, form.get("answer", ""), form.get("item", ""),
                                                form.get("text", ""), content_of=record_content)
    await note(request, f"record_correction_{request.path_params['answer']}", "ok", who)
    return _back(meeting_id)


async def version_page(request: Request) -> Response:
    """An earlier version as it was issued: for the chair only."""
    board, who = await board_for_chair(request, "Only the chair can read earlier versions of the record.")
    record = await record_of(app_state(request).db, board.meeting.id)
    version = next((v for v in record.versions if str(v.number) == request.path_params["number"]), None)
    if version is None:
        raise NotFound("That version of the record could not be found.")
    await note(request, "record_version_view", "ok", who)
    return render(request, "record_version.html", {"board": board, "version": version,
                                                   "content": json.loads(version.content)}, who=who)
