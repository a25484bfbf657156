"""Issue 24: the routes for inviting people before the meeting, kept beside app.py's table, which is full."""

from __future__ import annotations

import re

from starlette.routing import Route

from meeting_room.web.views import invitations

# An invitation link starts a session (a new device has none to match a form token to).
INVITATION_LINK = re.compile(r"^/meetings/[^/]+/i/[^/]+$")


def invite_routes(m: str) -> list[Route]:
    """`m` is the meeting's address prefix ("/meetings/{meeting_id}")."""
    return [
        Route(f"{m}/invite", invitations.invite_page, methods=["GET"]),
        Route(f"{m}/invite", invitations.add, methods=["POST"]),
        Route(f"{m}/invite/print", invitations.print_page, methods=["GET"]),
        Route(f"{m}/invite/admit-all", invitations.admit_all, methods=["POST"]),
        Route(f"{m}/invite/{{invitation_id}}/{{action}}", invitations.invitation_action, methods=["POST"]),
        Route(f"{m}/i/{{secret}}", invitations.link_page, methods=["GET"]),
        Route(f"{m}/i/{{secret}}", invitations.open_link, methods=["POST"]),
    ]
