"""A child's pictures: added by the chair or a professional (a file, and words that say what it
shows), and served only to the people of the meeting, by the same rules as items."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from meeting_room.core import rules
from meeting_room.core.errors import DomainError, Invalid, NotAllowed, NotFound
from meeting_room.core.pictures import MAX_PICTURE_BYTES
from meeting_room.domain.private import check_visibility_value
from meeting_room.web.views.private import visibility_changed
from meeting_room.web.views.common import (
    app_state,
    chair_request,
    done,
    is_htmx,
    render,
    require_member,
    who_in_meeting,
)


async def _picture_form(request: Request) -> tuple[dict[str, str], bytes]:
    """The form's words, and the file's bytes (at most one byte over the limit: that is enough to
    say it is too big)."""
    try:
        form = await request.form(max_files=1, max_fields=20, max_part_size=MAX_PICTURE_BYTES + 1024)
    except Exception as e:  # a malformed body, too many parts, a part too big
        raise Invalid("That picture could not be read. Please try again with a JPEG or PNG photo.") from e
    upload = form.get("picture")
    data = await upload.read(MAX_PICTURE_BYTES + 1) if isinstance(upload, UploadFile) else b""
    words = {k: v for k, v in form.multi_items() if isinstance(v, str) and "\x00" not in v}
    return words, data


async def add_picture(request: Request) -> Response:
    meeting_id = request.path_params["meeting_id"]
    who = await who_in_meeting(request, meeting_id)
    person = require_member(who)
    if not rules.sees_everything(person):  # (before the file is read; the domain checks again)
        raise NotAllowed("Only the chair or a professional can add a child's picture.")
    form, data = await _picture_form(request)
    context = {"meeting_id": meeting_id, "form": form}
    try:
        await app_state(request).pictures.add(
            meeting_id, person.id, child=form.get("child", ""), column=form.get("column", ""),
            description=form.get("description", ""), data=data, professionals_only=form.get("professionals_only") == "1")
    except DomainError as e:
        if not is_htmx(request) or e.status != 400:
            raise
        return render(request, "partials/picture_form.html", {**context, "error": e.message}, status=400, who=who)
    if not is_htmx(request):
        return RedirectResponse(f"/meetings/{meeting_id}", status_code=303)
    return render(request, "partials/picture_form.html", {"meeting_id": meeting_id, "form": {}, "saved": True}, who=who)


async def picture(request: Request) -> Response:
    """The picture's bytes, as we made them, to the people of its meeting only (404 otherwise)."""
    meeting_id = request.path_params["meeting_id"]
    who = await who_in_meeting(request, meeting_id)
    if not (who.is_chair or who.record_only or rules.takes_part(who.participant)):
        raise NotFound("That picture could not be found.")
    found = await app_state(request).pictures.picture(meeting_id, request.path_params["picture_id"])
    if found.professionals_only and not (who.is_chair or rules.sees_everything(who.participant)):
        raise NotFound("That picture could not be found.")
    kind = "png" if found.content_type == "image/png" else "jpg"
    return Response(found.data, media_type=found.content_type, headers={
        "content-disposition": f'inline; filename="picture.{kind}"',  # (nosniff: on every answer)
        "cache-control": "no-store"})


async def remove_picture(request: Request) -> Response:
    who, _, meeting_id = await chair_request(request)
    await app_state(request).pictures.remove(meeting_id, who.participant.id, request.path_params["picture_id"])
    if is_htmx(request):
        return HTMLResponse("The picture is removed.")
    return done(request, f"/meetings/{meeting_id}")


async def picture_visibility(request: Request) -> Response:
    who, _, meeting_id = await chair_request(request)
    professionals_only = check_visibility_value(request.path_params["value"])
    await app_state(request).pictures.set_visibility(meeting_id, who.participant.id, request.path_params["picture_id"],
                                                     professionals_only)
    return visibility_changed(request, meeting_id, professionals_only)
