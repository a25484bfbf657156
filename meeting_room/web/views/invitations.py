"""Issue 24: inviting people before the meeting. The chair's "Invite" page and its printable
cards, and the personal link an invited person opens (`/meetings/{id}/i/{secret}`)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from meeting_room.core.errors import Invalid, NotFound, TooMany
from meeting_room.read.invitations import invitations_of, state_of
from meeting_room.web.limits import client_host
from meeting_room.web.security import PARTICIPANT_COOKIE, base_url
from meeting_room.web.views.common import (
    Who,
    app_state,
    board_for_chair,
    chair_request,
    done,
    note,
    render,
    set_cookie,
    who_in_meeting,
)

STOPPED = "This link no longer works. Please ask the chair for the join code."


def _link(request: Request, meeting_id: str, secret: str) -> str:
    return f"{base_url(request, app_state(request).settings)}/meetings/{meeting_id}/i/{secret}"


def _cards(request: Request, board, invitations) -> list[dict]:
    """Each invitation with its link, its state and, where an email is given, a mailto: address."""
    state, meeting = app_state(request), board.meeting
    cards = []
    for invitation in invitations:
        link = _link(request, meeting.id, state.invitations.secret_of(invitation))
        body = (f"Hello {invitation.name},\n\nYou are invited to {meeting.title} on "
                f"{meeting.held_on.strftime('%A %-d %B %Y')}.\nOpen this link on your phone to join. "
                f"It is for you only:\n{link}\n")
        mailto = (f"mailto:{quote(invitation.email, safe='@')}?subject={quote('Your invitation: ' + meeting.title)}"
                  f"&body={quote(body)}") if invitation.email else None
        cards.append({"invitation": invitation, "link": link, "mailto": mailto,
                      "state": state_of(invitation, board.participant(invitation.participant_id))})
    return cards


async def invite_page(request: Request) -> Response:
    board, who = await board_for_chair(request, "Only the chair can invite people.")
    invitations = await invitations_of(app_state(request).db, board.meeting.id)
    return render(request, "invite.html", {"board": board, "cards": _cards(request, board, invitations),
                                           "form": {}, "added": request.query_params.get("added")}, who=who)


async def print_page(request: Request) -> Response:
    board, who = await board_for_chair(request, "Only the chair can print the invitations.")
    invitations = [i for i in await invitations_of(app_state(request).db, board.meeting.id) if not i.withdrawn]
    return render(request, "invite_print.html", {"board": board, "cards": _cards(request, board, invitations)},
                  who=who)


async def add(request: Request) -> Response:
    state = app_state(request)
    who, form, meeting_id = await chair_request(request)
    try:
        await state.invitations.invite(meeting_id, who.participant.id, form.get("name", ""),
                                       form.get("connection", ""), form.get("agency", ""), form.get("email", ""))
    except (Invalid, TooMany) as e:
        board, _ = await board_for_chair(request, "Only the chair can invite people.")
        invitations = await invitations_of(state.db, meeting_id)
        return render(request, "invite.html", {"board": board, "cards": _cards(request, board, invitations),
                                               "form": form, "error": e.message}, status=e.status, who=who)
    return RedirectResponse(f"/meetings/{meeting_id}/invite?added=1#invite-form", status_code=303)


async def invitation_action(request: Request) -> Response:
    state = app_state(request)
    who, _, meeting_id = await chair_request(request)
    invitation_id, action = request.path_params["invitation_id"], request.path_params["action"]
    act = {"withdraw": state.invitations.withdraw,
           "apologies": lambda *a: state.invitations.set_apologies(*a, True),
           "no-apologies": lambda *a: state.invitations.set_apologies(*a, False)}.get(action)
    if act is None:
        raise Invalid("That cannot be done to an invitation.")
    await act(meeting_id, who.participant.id, invitation_id)
    return done(request, f"/meetings/{meeting_id}/invite#invitation-{invitation_id}")


async def admit_all(request: Request) -> Response:
    state = app_state(request)
    who, form, meeting_id = await chair_request(request)
    await state.invitations.admit_all(meeting_id, who.participant.id)
    await note(request, "admit_all_invited", "ok", who)
    return done(request, form.get("back") or f"/meetings/{meeting_id}/invite")


def _stopped(request: Request) -> Response:
    """A link that does not work (unknown, withdrawn, for another meeting, or the meeting has
    closed): one plain page for all. (Not throttled like a wrong join code: 192 random bits are
    not guessed; opening a link is rate-limited like joining.)"""
    return render(request, "message.html", {"title": "This link no longer works", "message": STOPPED, "back": "/"},
                  status=404)


async def link_page(request: Request) -> Response:
    """What an invited person sees first: who the link is for, and one button."""
    state, meeting_id = app_state(request), request.path_params["meeting_id"]
    try:
        invitation = await state.invitations.check_link(meeting_id, request.path_params["secret"])
    except NotFound:
        return _stopped(request)
    if (await who_in_meeting(request, meeting_id)).participant is not None:  # this device is in already
        return RedirectResponse(f"/meetings/{meeting_id}", status_code=303)
    meeting = await state.boards.meeting(meeting_id)
    return render(request, "invitation.html", {"invitation": invitation, "meeting": meeting,
                                               "action": request.url.path})


async def open_link(request: Request) -> Response:
    state, meeting_id, host = app_state(request), request.path_params["meeting_id"], client_host(request.scope)
    if await state.join_limit.blocked(host):  # as joining by code
        raise TooMany("Too many people joined from here just now. Please wait a few minutes.")
    who = await who_in_meeting(request, meeting_id)
    try:
        opened = await state.invitations.open_link(meeting_id, request.path_params["secret"],
                                                   who.participant.id if who.participant else None,
                                                   who.user.id if who.user else None)
    except NotFound:
        await note(request, "invitation_link", "failed")
        return _stopped(request)
    response = RedirectResponse(f"/meetings/{meeting_id}", status_code=303)
    if opened is not None:
        person, secret = opened
        await note(request, "invitation_link", "ok", Who(participant=person))
        await state.join_limit.hit(host)
        set_cookie(response, request, PARTICIPANT_COOKIE, secret, path=f"/meetings/{meeting_id}")
    return response
