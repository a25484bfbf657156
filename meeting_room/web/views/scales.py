"""Scales: the chair opens a question, everyone answers privately, the chair reveals."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from meeting_room.core import rules
from meeting_room.core.errors import DomainError, Invalid
from meeting_room.core.vocabulary import CHILDREN_DEFAULTS
from meeting_room.web.views.common import (
    app_state,
    board_for_chair,
    chair_request,
    done,
    is_htmx,
    meeting_or_404,
    member_request,
    render,
    require_member,
    who_in_meeting,
)


async def answers_of(state, board, participant) -> tuple[object | None, list]:
    """A person's own answer to the scale on screen now, and (for the chair) those recorded for others."""
    scale = board.current_scale
    if scale is None or participant is None:
        return None, []
    votes = await state.scales.answers_by(board.meeting.id, scale.id, participant.id)
    mine = next((v for v in votes if not v.on_behalf), None)
    return mine, [v for v in votes if v.on_behalf]


async def _answer_fragment(request: Request, who, status: int = 200, **extra) -> Response:
    state = app_state(request)
    meeting_id = request.path_params["meeting_id"]
    board = await state.boards.board(meeting_id)
    meeting_or_404(board)
    if not who.is_chair and not rules.sees_everything(who.participant):
        board = board.as_family_sees()  # (nothing during a private discussion, nor a scale asked in one)
    else:
        board = board.as_professionals_see()  # (nothing during family time)
    mine, others = await answers_of(state, board, who.participant)
    return render(request, "partials/scale_answer.html",
                  {"scale": board.current_scale, "mine": mine, "others": others, "meeting_id": meeting_id,
                   "chair": who.is_chair, "may_answer_children": who.participant.role == "child", **extra},
                  status=status, who=who)


async def my_answer(request: Request) -> Response:
    """The personal answer form, fetched when a scale opens or is revealed (never over the socket)."""
    who = await who_in_meeting(request, request.path_params["meeting_id"])
    require_member(who)
    return await _answer_fragment(request, who)


async def answer(request: Request) -> Response:
    state = app_state(request)
    who, form, meeting_id = await member_request(request)
    scale_id = request.path_params["scale_id"]
    whose = "theirs" if form.get("on_behalf") else "mine"  # which of the chair's two forms says what happened
    try:
        await state.scales.answer(meeting_id, who.participant.id, scale_id, form.get("value", ""),
                                    form.get("reason", ""), on_behalf=form.get("on_behalf", ""))
    except DomainError as e:
        if not is_htmx(request) or e.status != 400:
            raise
        return await _answer_fragment(request, who, status=400, error=e.message, whose=whose)
    if not is_htmx(request):
        return done(request, f"/meetings/{meeting_id}")
    return await _answer_fragment(request, who, saved=True, whose=whose)


async def open_form(request: Request) -> Response:
    board, who = await board_for_chair(request, "Only the chair can open a scale.")
    children = "children" in request.query_params  # a children's scale, in their words
    form = dict(zip(("question", "ten", "zero"), CHILDREN_DEFAULTS), for_children=True) if children else {}
    return render(request, "partials/scale_open_form.html",
                  {"board": board, "form": form, "show_form": "cancel" not in request.query_params}, who=who)


async def open_scale(request: Request) -> Response:
    state = app_state(request)
    who, form, meeting_id = await chair_request(request)
    try:
        await state.scales.open(
            meeting_id, who.participant.id, question=form.get("question", ""), ten=form.get("ten", ""),
            zero=form.get("zero", ""), anonymous=form.get("anonymous") == "1",
            about_item_id=form.get("about") or None, safety_threshold=form.get("safety_threshold"),
            for_children=form.get("for_children") == "1")
    except DomainError as e:
        if not is_htmx(request) or e.status != 400:
            raise
        board = await state.boards.board(meeting_id)
        return render(request, "partials/scale_open_form.html",
                      {"board": board, "form": form, "show_form": True, "error": e.message}, status=400, who=who)
    if not is_htmx(request):
        return done(request, f"/meetings/{meeting_id}")
    board = await state.boards.board(meeting_id)
    return render(request, "partials/scale_open_form.html", {"board": board, "form": {}, "show_form": False},
                  who=who)


async def scale_action(request: Request) -> Response:
    state = app_state(request)
    who, form, meeting_id = await chair_request(request)
    scale_id, action = request.path_params["scale_id"], request.path_params["action"]
    actor = who.participant.id
    if action == "reveal":
        await state.scales.reveal(meeting_id, actor, scale_id)
    elif action == "prompt":
        await state.scales.set_prompt(meeting_id, actor, scale_id, form.get("prompt", ""))
    elif action == "anonymous":
        await state.scales.set_anonymous(meeting_id, actor, scale_id, form.get("anonymous", "1") == "1")
    elif action == "close":
        await state.scales.close(meeting_id, actor, scale_id)
    elif action == "child_named":
        await state.scales.set_child_named(meeting_id, actor, scale_id, form.get("named", "1") == "1")
    elif action == "safety-seen":
        await state.scales.safety_seen_to(meeting_id, actor, scale_id)
    else:
        raise Invalid("That cannot be done to a scale.")
    return done(request, f"/meetings/{meeting_id}")
