"""A person's data on request (issue 26, point 6): the chair of a family, or an administrator of
the meeting's team, chooses one person of the family's meetings and downloads one ZIP holding a PDF and the same as
JSON. Every export is written in the access audit."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timezone

from starlette.requests import Request
from starlette.responses import Response

from meeting_room.core.errors import NotAllowed, NotFound
from meeting_room.core.staff_roles import may_export_person
from meeting_room.read.subject_access import export, people_of_case
from meeting_room.web.pdf import PdfUnavailable
from meeting_room.web.views.common import app_state, note, render, signed_in_chair


async def _case(request: Request):
    """The family of the meeting in the address, for its chair or an administrator of its team."""
    who = await signed_in_chair(request)
    board = await app_state(request).boards.board(request.path_params["meeting_id"])
    if board is None:
        raise NotFound("That meeting could not be found.")
    if not may_export_person(who.user, board.meeting):
        raise NotAllowed("Only the chair or an administrator of the meeting's team can export a person's data.")
    return board.meeting, who


async def people_page(request: Request) -> Response:
    meeting, who = await _case(request)
    people = await people_of_case(app_state(request).db, meeting.case_id)
    return render(request, "subject_access.html", {"meeting": meeting, "people": people}, who=who)


async def download(request: Request) -> Response:
    meeting, who = await _case(request)
    data = await export(app_state(request).db, meeting.case_id, request.query_params.get("person", ""))
    if data is None:
        raise NotFound("Nobody of that name took part in this family's meetings.")
    data["exported_at"] = datetime.now(timezone.utc).isoformat()
    await note(request, "subject_access_export", "ok", who)
    return Response(await _zip(request, data), media_type="application/zip", headers={
        "content-disposition": 'attachment; filename="subject-access-export.zip"'})


async def _zip(request: Request, data: dict) -> bytes:
    html = app_state(request).env.get_template("subject_access_pdf.html").render(data=data)
    files = {"subject-access.json": json.dumps(data, indent=2, ensure_ascii=False).encode()}
    try:
        files["subject-access.pdf"] = await app_state(request).pdfs.make(html, app_state(request).assets.folder / "app.css")
    except PdfUnavailable:
        files["README.txt"] = b"A PDF could not be made on this server: subject-access.json holds everything.\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
