"""The meeting record: a page that reads well on a phone and prints well, a PDF, and JSON."""

from __future__ import annotations

import base64

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from meeting_room.core import rules
from meeting_room.core.errors import NotAllowed, NotFound
from meeting_room.core.meeting_types import PLAN_WORKING_LABELS
from meeting_room.core.rules import sees_everything
from meeting_room.domain.family_time import check_not_in_family_time
from meeting_room.core.staff_roles import reads_for_team
from meeting_room.core.vocabulary import PLAN_CATEGORY_LABELS
from meeting_room.domain.holds import hold_of
from meeting_room.live.render import STATIC
from meeting_room.read.feedback import feedback_of
from meeting_room.read.letter import letter_of
from meeting_room.read.record import as_json, record_of
from meeting_room.web.pdf import PdfUnavailable
from meeting_room.web.views.common import (
    app_state,
    error_response,
    note,
    render,
    who_in_meeting,
)
from meeting_room.web.views.record_life import answer_request, life_of


async def _record(request: Request):
    """The record, for the chair and the people of this meeting only."""
    meeting_id = request.path_params["meeting_id"]
    who = await who_in_meeting(request, meeting_id)
    record = await record_of(app_state(request).db, meeting_id)
    team = record is not None and who.participant is None and reads_for_team(who.user, record.meeting)
    if not (who.is_chair or rules.takes_part(who.participant) or team):
        raise NotAllowed("Only the people of this meeting, and its team's chairs and practice leads, "
                         "can read its record.")
    if record is None:
        raise NotFound("That meeting could not be found.")
    family = not who.is_chair and not team and not sees_everything(who.participant)
    if family and record.meeting.private and record.meeting.status == "open":
        raise NotAllowed("The meeting has paused for a short private discussion. "
                         "The record opens again when the meeting carries on.")
    if not family:
        check_not_in_family_time(record.meeting, who.participant)  # (the team's readers too)
    if family:
        record.board = record.board.without_professionals_only()  # the family's record
    if rules.child_view(who.participant):
        record.board = record.board.as_child_sees()  # a child's copy: the children's own words
    return record, who


async def _html(request: Request, record, who, pdf: bool = False, hold=None, pictures=None) -> Response:
    family = _copy_label(who) == "Family copy"
    feedback = await feedback_of(app_state(request).db, record.meeting.id, who.participant.id if who.participant
                                 else None, who.is_chair) if record.meeting.status == "closed" and not pdf else None
    page = "record_child.html" if rules.child_view(who.participant) else "record.html"
    return render(request, page, {"record": record, "pdf": pdf, "is_chair": who.is_chair, "hold": hold,
                                  "picture_data": pictures or {}, "me": who.participant,
                                           "PLAN_CATEGORY_LABELS": PLAN_CATEGORY_LABELS,
                                           "PLAN_WORKING_LABELS": PLAN_WORKING_LABELS,
                                           "copy_label": _copy_label(who),
                                           "letter": letter_of(record, who.participant) if family else None,
                                           "feedback": feedback,
                                           "life": life_of(record, who, app_state(request).settings.correction_days),
                                           "marking": app_state(request).settings.protective_marking,
                                           **({"csrf": "", "chair_user": None} if pdf else {})}, who=who)


async def record_page(request: Request) -> Response:
    record, who = await _record(request)
    await note(request, "record_view", "ok", who)
    hold = await hold_of(app_state(request).db, record.meeting.case_id) if who.is_chair else None
    return await _html(request, record, who, hold=hold)


async def record_json(request: Request) -> Response:
    record, who = await _record(request)
    if rules.child_view(who.participant):
        raise NotAllowed("The record for a case system is for the grown-ups. Your copy is on the record page.")
    await note(request, "record_json", "ok", who)
    return JSONResponse(as_json(record), headers={
        "content-disposition": f'attachment; filename="meeting-record-{record.meeting.held_on}.json"'})


async def record_pdf(request: Request) -> Response:
    record, who = await _record(request)
    await note(request, "record_pdf", "ok", who)
    try:
        pictures = await _inline_pictures(request, record)
        page = (await _html(request, record, who, pdf=True, pictures=pictures)).body.decode()
        pdf = await app_state(request).pdfs.make(page, STATIC / "app.css", STATIC / "record-pdf.css",
                                                 keep_as=_issued_copy(record, who))
    except PdfUnavailable:
        return error_response(request, 503, "A PDF cannot be made on this server. Use your browser's "
                                            "print button on the record page instead.")
    return Response(pdf, media_type="application/pdf", headers={
        "content-disposition": f'attachment; filename="meeting-record-{record.meeting.held_on}.pdf"'})


def _issued_copy(record, who) -> tuple | None:
    """An issued version's PDF is kept (it never changes), as the meeting, the version and the
    copy (`Pdfs` adds a digest of the page itself); a draft's is made each time."""
    if record.meeting.status != "closed" or not record.versions:
        return None
    return record.meeting.id, record.versions[-1].number, _copy_label(who)


def _copy_label(who) -> str:
    return "Family copy" if not who.is_chair and not sees_everything(who.participant) else "Full record"


async def _inline_pictures(request: Request, record) -> dict[str, str]:
    """The pictures this copy of the record shows, inline, for the PDF (which fetches nothing)."""
    found = {}
    for shown in record.board.pictures:
        picture = await app_state(request).pictures.picture(record.meeting.id, shown.id)
        found[shown.id] = f"data:{picture.content_type};base64,{base64.b64encode(picture.data).decode()}"
    return found


async def feedback(request: Request) -> Response:
    """"How can we make this better for you?": saved without the person. The thanks is this page
    itself, with no audit entry: a record read noted at that moment would point to who answered."""
    who, form, meeting_id = await answer_request(request)
    await app_state(request).feedback.answer(meeting_id, who.participant.id, form.get("worked", ""),
                                             form.get("worried", ""), form.get("better", ""), form.get("listened", ""))
    record, who = await _record(request)
    return await _html(request, record, who)
