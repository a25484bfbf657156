"""Ending a meeting: the chair's decision, dissent, the next meeting's date, and closing."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from meeting_room.core.errors import DomainError
from meeting_room.core.meeting_types import PLAN_WORKING, decision_style
from meeting_room.core.vocabulary import PLAN_CATEGORIES, REVIEWS, children_of, children_without_decision
from meeting_room.core.working_days import latest_first_core_group, latest_review
from meeting_room.web.views.common import (
    app_state,
    board_for_chair,
    chair_request,
    is_htmx,
    lead_only,
    render,
)


async def _page(request: Request, status: int = 200, **extra) -> Response:
    board, who = await board_for_chair(request, "Only the chair can record the decision.")
    decisions, dissents = await app_state(request).decisions.of(board.meeting.id)
    if board.meeting.status != "open":
        return RedirectResponse(f"/meetings/{board.meeting.id}/record", status_code=303)
    meeting = board.meeting
    plan = await app_state(request).decisions.plan_people(meeting.id)
    return render(request, "decide.html", {
        "board": board, "children": children_of(board.case), "decisions": {d.child: d for d in decisions},
        "dissents": dissents, "PLAN_CATEGORIES": PLAN_CATEGORIES, "style": decision_style(meeting.kind),
        "PLAN_WORKING": PLAN_WORKING, "plan": plan, "latest_first": latest_first_core_group(meeting.held_on),
        "latest_review": latest_review(meeting.kind, meeting.held_on), **extra}, status=status, who=who)


SAVED = "Everything on this page is saved."


async def decide_page(request: Request) -> Response:
    """The decide form; after a save (a 303 here, so a reload does not post again) it says so."""
    return await _page(request, saved=SAVED if request.query_params.get("saved") == "1" else None)


async def _change(request: Request, change, saved: str) -> Response:
    """Make the chair's change, then show the page again, with what went wrong if it did."""
    who, form, meeting_id = await chair_request(request)
    try:
        await change(app_state(request).decisions, meeting_id, who.participant.id, form)
    except DomainError as e:
        if e.status != 400:
            raise
        return await _page(request, status=400, error=e.message)
    return await _page(request, saved=saved)


async def save_page(request: Request) -> Response:
    """The whole page, saved as one: on a mistake, nothing is saved and every word typed is shown again."""
    who, form, meeting_id = await chair_request(request)
    try:
        chosen = (await request.form()).getlist("core_group_people")  # several ticked: read_form keeps one
        await app_state(request).decisions.save_page(meeting_id, who.participant.id, form, chosen)
    except DomainError as e:
        if e.status != 400:
            raise
        return await _page(request, status=400, error=e.message, typed=dict(form, chosen=chosen))
    return RedirectResponse(f"/meetings/{meeting_id}/decide?saved=1", status_code=303)


async def decide(request: Request) -> Response:
    return await _change(request, lambda d, m, a, f: d.decide(
        m, a, child=f.get("child", ""), plan=f.get("plan", ""), category=f.get("category", ""),
        reasons=f.get("reasons", "")), "The decision is saved.")


async def dissent(request: Request) -> Response:
    return await _change(request, lambda d, m, a, f: d.add_dissent(m, a, f.get("name", ""), f.get("words", "")),
                         "Their words are in the record.")


async def apologies(request: Request) -> Response:
    return await _change(request, lambda d, m, a, f: d.set_apologies(m, a, f.get("names", "")),
                         "Apologies are saved.")


async def next_meeting(request: Request) -> Response:
    return await _change(request, lambda d, m, a, f: d.set_next_meeting(m, a, f.get("date", "")),
                         "The date of the next meeting is saved.")


async def next_meeting_from_this(request: Request) -> Response:
    """The family's next meeting, made from this closed one; the chair goes to its board."""
    who, _, meeting_id = await chair_request(request)
    meeting = await app_state(request).reviews.next_meeting(meeting_id, who.user)
    return RedirectResponse(f"/meetings/{meeting.id}", status_code=303)


async def review_step(request: Request) -> Response:
    """How one of last time's next steps went: done, in progress or not done."""
    who, _, meeting_id = await chair_request(request)
    value = request.path_params["value"]
    await app_state(request).reviews.review_step(meeting_id, who.participant.id, request.path_params["item_id"], value)
    if is_htmx(request):
        return HTMLResponse(f"Saved: {REVIEWS[value].lower()}.")
    return RedirectResponse(f"/meetings/{meeting_id}", status_code=303)


async def close_page(request: Request) -> Response:
    board, who = await board_for_chair(request, "Only the chair can close the meeting.")
    lead_only(who, "close the meeting")
    if board.meeting.status != "open":
        return RedirectResponse(f"/meetings/{board.meeting.id}/record", status_code=303)
    decisions, _ = await app_state(request).decisions.of(board.meeting.id)
    return render(request, "close_confirm.html", {
        "board": board, "decided": bool(decisions),
        "undecided": children_without_decision(board.case, [d.child for d in decisions])},
        who=who)


async def close(request: Request) -> Response:
    who, _, meeting_id = await chair_request(request)
    lead_only(who, "close the meeting")
    await app_state(request).decisions.close(meeting_id, who.participant.id)
    return RedirectResponse(f"/meetings/{meeting_id}/record", status_code=303)
