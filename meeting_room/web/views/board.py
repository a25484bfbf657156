"""The board: the meeting page for the chair and participants, and every change made from it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from meeting_room.core import rules
from meeting_room.core.errors import Conflict, DomainError, Invalid, NotAllowed, TooMany
from meeting_room.core.rules import sees_everything
from meeting_room.core.vocabulary import AGREEMENT_ANSWERS, COLUMN_BY_KEY
from meeting_room.domain.private import check_not_paused
from meeting_room.web.security import PARTICIPANT_COOKIE, base_url
from meeting_room.web.views.common import (
    Who,
    app_state,
    board_for_chair,
    chair_request,
    done,
    is_htmx,
    meeting_or_404,
    member_request,
    note,
    render,
    require_member,
    set_cookie,
    who_in_meeting,
)
from meeting_room.web.views.scales import answers_of


def _base_url(request: Request) -> str:
    return base_url(request, app_state(request).settings)


async def _board_context(request: Request, meeting_id: str, who: Who, board=None) -> dict:
    state = app_state(request)
    board = board or await state.boards.board(meeting_id)
    meeting_or_404(board)
    mine, others = await answers_of(state, board, who.participant)
    family = not who.is_chair and not sees_everything(who.participant)
    view = "chair" if who.is_chair else "child" if rules.child_view(who.participant) else "member"
    if family:
        board = board.as_child_sees() if view == "child" else board.as_family_sees()
    else:
        board = board.as_professionals_see()
    return {"board": board, "me": who.participant, "view": view, "family": family,
            "presence": state.hubs.presence(meeting_id), "base_url": _base_url(request),
            "my_answer": mine, "others_answers": others}


async def board_page(request: Request) -> Response:
    state = app_state(request)
    meeting_id = request.path_params["meeting_id"]
    board = await state.boards.board(meeting_id)
    meeting_or_404(board)
    who = await who_in_meeting(request, meeting_id)
    person = who.participant
    if board.meeting.status == "closed":  # the record is all that is left, for those let in
        if who.is_chair or who.record_only:
            return RedirectResponse(f"/meetings/{meeting_id}/record", status_code=303)
        raise NotAllowed("This meeting has closed.")
    if person is None:
        if who.user is not None:
            raise NotAllowed("This meeting is chaired by someone else.")
        return render(request, "message.html", {"title": "Join the meeting first", "back": "/",
                      "message": "To see this meeting, type the join code on the start page."}, status=403)
    if rules.waits_in_lobby(person):
        return render(request, "lobby.html", {"meeting": board.meeting, "me": person}, who=who)
    if not rules.takes_part(person):
        return render(request, "message.html", {"title": "You are not in this meeting",
                      "message": "The chair has not let you in to this meeting.", "back": "/"}, status=403)
    return render(request, "board.html", await _board_context(request, meeting_id, who, board), who=who)


async def enter(request: Request) -> Response:
    """Exchange the lobby secret for a fresh one bound to the admitted participant."""
    state = app_state(request)
    meeting_id = request.path_params["meeting_id"]
    who = await who_in_meeting(request, meeting_id)
    if who.participant is None:
        raise NotAllowed("You are not in this meeting.")
    result = await state.people.enter(meeting_id, who.participant_secret)
    if result is None:
        raise NotAllowed("The chair has not let you in yet.")
    person, secret = result
    who = Who(participant=person, participant_secret=secret)
    if is_htmx(request):
        context = await _board_context(request, meeting_id, who)
        response = render(request, "partials/board_main.html", {**context, "standalone": True}, who=who)
    else:
        response = RedirectResponse(f"/meetings/{meeting_id}", status_code=303)
    set_cookie(response, request, PARTICIPANT_COOKIE, secret, path=f"/meetings/{meeting_id}")
    return response


def _item_fields(form) -> dict:
    return dict(section=form.get("section") or None, text=form.get("text", ""),
                recorded_for=form.get("recorded_for", ""), client_token=form.get("client_token", ""),
                own_words=form.get("own_words") == "1", professionals_only=form.get("professionals_only") == "1")


async def add_item(request: Request) -> Response:
    state = app_state(request)
    who, form, meeting_id = await member_request(request)
    column = COLUMN_BY_KEY.get(form.get("column", ""))
    if column is None:
        raise Invalid("Please choose a column to add to.")
    context = {"column": column, "view": "chair" if who.is_chair else "member", "form_section": form.get("section"),
               "layout": await state.boards.layout(meeting_id), "family": who.participant.role in rules.FAMILY_ROLES,
               "houses": rules.child_view(who.participant)}
    try:
        await _count_against_the_limit(state, who.participant.id)
        await state.items.add(meeting_id, who.participant.id, column=column.key, **_item_fields(form))
    except DomainError as e:
        if not is_htmx(request):
            raise
        return render(request, "partials/add_form.html", {**context, "form_text": form.get("text", ""),
                      "form_for": form.get("recorded_for", ""), "form_error": e.message,
                      "form_pro_only": form.get("professionals_only") == "1"}, status=e.status, who=who)
    if not is_htmx(request):
        return RedirectResponse(f"/meetings/{meeting_id}#col-{column.key}", status_code=303)
    # A fresh, empty form: it needs the meeting's layout only, not the whole board.
    return render(request, "partials/add_form.html", {**context, "form_saved": True,
                  "form_added": "" if form.get("own_words") == "1" else form.get("text")},
                  who=who)


async def _count_against_the_limit(state, participant_id: str) -> None:
    if not await state.item_limit.allow(participant_id):
        raise TooMany("That is a lot at once. Please wait a minute, then add more.")


async def edit_form(request: Request) -> Response:
    state = app_state(request)
    meeting_id, item_id = request.path_params["meeting_id"], request.path_params["item_id"]
    who = await who_in_meeting(request, meeting_id)
    person = require_member(who)
    check_not_paused(await state.boards.meeting(meeting_id), person)  # (and professionals in family time)
    item = await state.boards.item(meeting_id, item_id)
    rules.check_may_change_item(person, item)
    return render(request, "partials/edit_form.html", {"item": item, "meeting_id": meeting_id, "draft": item.text,
                                                       "version": item.version, **await _plan_fields(state, who, item, {})}, who=who)


async def _plan_fields(state, who, item, form: dict[str, str]) -> dict:
    """A next step's plan, as typed (after an error) or as saved, and the goals it may serve."""
    if item.column != "next":
        return {}
    board = await state.boards.board(item.meeting_id)
    if board is not None and not who.is_chair and not sees_everything(who.participant):
        board = board.as_family_sees()
    return {"goals": board.items_in("next", "goals") if board else [], "chair": who.is_chair,
            "owner": form.get("owner", item.owner or ""),
            "due_on": form.get("due_on", item.due_on.isoformat() if item.due_on else ""),
            "goal_id": form.get("goal_id", item.goal_id or ""), "contingency": form.get("contingency", item.contingency or "")}


async def editor_slot(request: Request) -> Response:
    """The empty editor place of a column (after Cancel)."""
    column = request.path_params["column"]
    if column not in COLUMN_BY_KEY:
        raise Invalid("There is no such column.")
    return HTMLResponse(f'<div id="editor-{column}"></div>')


async def save_item(request: Request) -> Response:
    state = app_state(request)
    who, form, meeting_id = await member_request(request)
    check_not_paused(await state.boards.meeting(meeting_id), who.participant)  # (a conflict shows the words)
    item_id, version = request.path_params["item_id"], _version(form)
    item = await state.boards.item(meeting_id, item_id)
    rules.check_may_change_item(who.participant, item)  # before anything of the item is shown back
    context = {"item": item, "meeting_id": meeting_id, "draft": form.get("text", ""),
               **await _plan_fields(state, who, item, form)}
    try:
        await _save(state, who.participant.id, meeting_id, item_id, form, version)
    except Conflict as e:
        return render(request, "partials/edit_form.html",
                      {**context, "conflict": e.current_text, "version": e.current_version},
                      status=409, who=who)
    except DomainError as e:
        if not is_htmx(request) or e.status not in (400,):
            raise
        return render(request, "partials/edit_form.html", {**context, "error": e.message, "version": version},
                      status=e.status, who=who)
    if is_htmx(request):
        return HTMLResponse(f'<div id="editor-{item.column}"></div>')
    return RedirectResponse(f"/meetings/{meeting_id}", status_code=303)


def _version(form: dict[str, str]) -> int:
    try:
        return int(form.get("version", ""))
    except ValueError:
        raise Invalid("This page is out of date. Please reload it and try again.") from None


async def _save(state, actor_id: str, meeting_id: str, item_id: str, form: dict[str, str], version: int) -> None:
    """The words, and for a next step who will do it, by when, the goal it serves and (the
    chair's) what happens if it does not."""
    await state.items.edit(meeting_id, actor_id, item_id, form.get("text", ""), version)
    if "owner" in form or "due_on" in form:
        await state.plan.set_step(meeting_id, actor_id, item_id, form.get("owner", ""), form.get("due_on", ""),
                                  form.get("goal_id"), form.get("contingency"))


async def item_action(request: Request) -> Response:
    state = app_state(request)
    who, form, meeting_id = await member_request(request)
    item_id, action = request.path_params["item_id"], request.path_params["action"]
    actor = who.participant.id
    if action in {"up", "down"}:
        await state.items.reorder(meeting_id, actor, item_id, action)
    elif action == "remove":
        await state.items.remove(meeting_id, actor, item_id)
        if is_htmx(request):  # "Removed. Undo", right where the chair is
            item = await state.boards.item(meeting_id, item_id)
            return render(request, "partials/removed_notice.html", {"item": item, "meeting_id": meeting_id}, who=who)
    elif action == "restore":
        await state.items.restore(meeting_id, actor, item_id)
        if is_htmx(request):
            return HTMLResponse("Put back.")
    elif action == "move":
        column, _, section = form.get("place", "").partition(":")
        await state.items.move(meeting_id, actor, item_id, column, section or None)
    else:
        raise Invalid("That cannot be done to an item.")
    return done(request, f"/meetings/{meeting_id}")


async def agree(request: Request) -> Response:
    """Agree, disagree or not sure, about a danger statement or a safety goal."""
    who, _, meeting_id = await member_request(request)
    answer = request.path_params["answer"]
    await app_state(request).agreements.mark(meeting_id, who.participant.id, request.path_params["item_id"], answer)
    if is_htmx(request):
        return HTMLResponse(f"Saved: {AGREEMENT_ANSWERS[answer].lower()}.")
    return done(request, f"/meetings/{meeting_id}")


async def person_action(request: Request) -> Response:
    state = app_state(request)
    who, form, meeting_id = await chair_request(request)
    pid, action = request.path_params["participant_id"], request.path_params["action"]
    decide = {"admit": state.people.admit, "turn-away": state.people.turn_away,
              "remove": state.people.remove, "outside": state.people.step_out, "back": state.people.bring_back,
              "co-chair": lambda *a: state.people.set_co_chair(*a, True),
              "not-co-chair": lambda *a: state.people.set_co_chair(*a, False)}.get(action)
    if decide is None:
        raise Invalid("That cannot be done to a person.")
    await decide(meeting_id, who.participant.id, pid)
    await note(request, action, "ok", who)
    return done(request, f"/meetings/{meeting_id}")


async def joining(request: Request) -> Response:
    state = app_state(request)
    who, form, meeting_id = await chair_request(request)
    if form.get("open") not in {"0", "1"}:
        raise Invalid("Please say whether people may join.")
    await state.meetings.set_joining(meeting_id, who.participant.id, form["open"] == "1")
    return done(request, f"/meetings/{meeting_id}")


async def screen(request: Request) -> Response:
    board, _ = await board_for_chair(request, "Only the chair can open the shared screen. Please sign in.", screen=True)
    if board.meeting.status == "closed":  # never the chair's record on the room's screen
        return render(request, "message.html", {"title": "The meeting has closed",
                      "message": "Thank you for coming. Everyone can read the meeting record on their own device."})
    return render(request, "screen.html", {"board": board.as_screen_sees(), "view": "screen", "family": True,
                                           "base_url": _base_url(request),
                                           "presence": app_state(request).hubs.presence(board.meeting.id)})
