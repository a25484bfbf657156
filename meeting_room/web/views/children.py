"""The child at the centre: the chair shows a child the full board or the three houses, and puts
"What is it like for the child?" on the shared screen."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from meeting_room.core import rules
from meeting_room.core.errors import DomainError, Invalid, NotAllowed, NotFound, TooMany
from meeting_room.core.vocabulary import COLUMN_BY_KEY
from meeting_room.domain.family_time import check_not_in_family_time
from meeting_room.web.views.common import (
    app_state,
    chair_request,
    done,
    meeting_or_404,
    read_form,
    render,
    require_member,
    who_in_meeting,
)

CHOICES = {"full": True, "houses": False}


async def full_board(request: Request) -> Response:
    """"Show Jayden the full board" / "Show Jayden the houses"."""
    who, _, meeting_id = await chair_request(request)
    full = CHOICES.get(request.path_params["value"])
    if full is None:
        raise Invalid("Please choose the full board or the houses.")
    await app_state(request).children.show_full_board(meeting_id, who.participant.id,
                                                      request.path_params["participant_id"], full)
    return done(request, f"/meetings/{meeting_id}")


async def child_prompt(request: Request) -> Response:
    """"What is it like for the child?" on the shared screen, or "Show the columns" again."""
    who, _, meeting_id = await chair_request(request)
    on = {"on": True, "off": False}.get(request.path_params["value"])
    if on is None:
        raise Invalid("Please choose to ask the question or to show the columns.")
    await app_state(request).children.ask_about_the_child(meeting_id, who.participant.id, on)
    return done(request, f"/meetings/{meeting_id}")


async def _worker_and_child(request: Request):
    """The chair or a professional of this meeting, and the child whose view they open."""
    meeting_id = request.path_params["meeting_id"]
    who = await who_in_meeting(request, meeting_id)
    if not rules.sees_everything(require_member(who)):
        raise NotAllowed("Only the chair or a professional can open a child's view.")
    board = await app_state(request).boards.board(meeting_id)
    meeting_or_404(board)
    check_not_in_family_time(board.meeting, who.participant)  # a worker's device: paused in family time
    child = board.participant(request.path_params["participant_id"])
    if child is None or child.role != "child" or child.status != "admitted":
        raise NotFound("That child is not in this meeting.")
    return who, board, child


async def child_view(request: Request) -> Response:
    """"Child's view for Jayden": a worker beside a child switches their own device to the
    child's houses; what is written there is the child's own words."""
    who, board, child = await _worker_and_child(request)
    return render(request, "board.html", {
        "board": board.as_child_sees(), "me": child, "view": "child", "family": True, "worker": True,
        "presence": app_state(request).hubs.presence(board.meeting.id), "my_answer": None,
        "others_answers": []}, who=who)


async def child_view_add(request: Request) -> Response:
    """Adding to a house in a worker's "Child's view for …": the words are the child's."""
    who, board, child = await _worker_and_child(request)
    form = await read_form(request)
    column = COLUMN_BY_KEY.get(form.get("column", ""))
    if column is None:
        raise Invalid("Please choose a house to add to.")
    context = {"column": column, "layout": board.meeting, "worker_for": child.id}
    if not await app_state(request).item_limit.allow(who.participant.id):
        raise TooMany("That is a lot at once. Please wait a minute, then add more.")
    try:
        await app_state(request).items.add(board.meeting.id, who.participant.id, column=column.key, section=None,
                                           text=form.get("text", ""), client_token=form.get("client_token", ""),
                                           for_child=child.id)
    except DomainError as e:
        if e.status != 400:
            raise
        return render(request, "partials/house_add_form.html", {**context, "form_text": form.get("text", ""),
                      "form_error": e.message}, status=400, who=who)
    return render(request, "partials/house_add_form.html", {**context, "form_saved": True}, who=who)
