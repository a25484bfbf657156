"""Templates: where they live, the helpers they use, and the live fragments of a meeting.

Every fragment that is swapped live has one template under `templates/partials/`; the page
includes the same template, and the socket sends it with `oob=True` (an `hx-swap-oob`
attribute). Autoescape is on everywhere: user text can never become markup.
"""

from __future__ import annotations

import json
from pathlib import Path

import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .hub import SCREEN_PRESENT
from .meetings import Board, format_code
from .models import Event
from .scales import DEFAULT_QUESTION, DEFAULT_TEN, DEFAULT_ZERO, PROMPTS, needs_safety_talk
from .vocabulary import (COLUMN_BY_KEY, COLUMNS, CONNECTION_LABELS, CONNECTIONS, MEETING_KIND_LABELS,
                         MEETING_KINDS, ROLE_LABELS, SECTION_LABELS)

PACKAGE = Path(__file__).parent


def _find(name: str) -> Path:
    """Installed wheels carry templates/ and static/ inside the package; a source checkout has
    them at the top of the repository."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


TEMPLATES = _find("templates")
STATIC = _find("static")


def describe(person) -> str:
    """'Dana (Mum)', 'Ms Patel (school)': how a person is named on every screen."""
    if person is None:
        return "Someone who has left"
    if person.role == "professional" and person.agency:
        return f"{person.name} ({person.agency})"
    return f"{person.name} ({CONNECTION_LABELS.get(person.connection, 'Other')})"


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=6, border=2, dark="#111111", light="#ffffff")


def make_environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False)  # templates ship with the code: no disk check on every render
    env.globals.update(COLUMNS=COLUMNS, COLUMN_BY_KEY=COLUMN_BY_KEY, SECTION_LABELS=SECTION_LABELS,
                       CONNECTIONS=CONNECTIONS, MEETING_KINDS=MEETING_KINDS,
                       MEETING_KIND_LABELS=MEETING_KIND_LABELS, ROLE_LABELS=ROLE_LABELS,
                       describe=describe, format_code=format_code, CONNECTION_LABELS=CONNECTION_LABELS,
                       PROMPTS=PROMPTS, DEFAULT_QUESTION=DEFAULT_QUESTION, DEFAULT_TEN=DEFAULT_TEN,
                       DEFAULT_ZERO=DEFAULT_ZERO, needs_safety_talk=needs_safety_talk,
                       SCREEN_PRESENT=SCREEN_PRESENT)
    env.filters["qr"] = qr_data_uri
    return env


def announcement(board: Board, events: list[Event]) -> str:
    """One short sentence for screen readers about the latest change."""
    for event in reversed(events):
        data = json.loads(event.data)
        who = board.participant(event.actor_id) if event.actor_id else None
        name = who.name if who else "Someone"
        column = COLUMN_BY_KEY.get(data.get("column") or "")
        heading = column.heading if column else ""
        if event.kind == "item.added":
            return f"{name} added to {heading}"
        if event.kind == "item.edited":
            return f"{name} changed an item in {heading}"
        if event.kind == "item.removed":
            return f"An item was removed from {heading}"
        if event.kind == "item.restored":
            return f"An item was put back in {heading}"
        if event.kind == "item.moved":
            return "An item was moved"
        if event.kind == "participant.admitted":
            person = board.participant(data.get("participant"))
            return f"{describe(person)} joined the meeting"
        if event.kind == "participant.removed":
            return "Someone left the meeting"
        if event.kind == "participant.waiting":
            return "Someone is waiting to join"
        if event.kind == "scale.opened":
            return f"A new question to answer: {data.get('question', '')}"
        if event.kind == "scale.revealed":
            return "The answers are shown"
    return ""


class Renderer:
    """Renders one fragment for one view. Called once per (change, view), never per socket."""

    def __init__(self, env: Environment, base_url: str):
        self.env = env
        self.base_url = base_url

    def gone(self, message: str) -> str:
        """The last message to a socket that is being closed for good."""
        return self.env.get_template("partials/gone.html").render(message=message, oob=True)

    def lobby(self, status: str, board: Board) -> str:
        return self.env.get_template("partials/lobby_status.html").render(
            status=status, meeting=board.meeting, oob=True)

    def __call__(self, view: str, key: str, board: Board, presence, events, base_url: str = "") -> str:
        """`base_url` is the address the page was reached at; the configured public address wins."""
        context = dict(board=board, view=view, presence=presence, oob=True, base_url=self.base_url or base_url)
        if key == "state":
            return self.env.get_template("partials/sync_state.html").render(**context)
        if key.startswith("item-"):
            return self._item(key, context)
        if key.startswith("col:"):
            return self.env.get_template("partials/column_items.html").render(
                column=COLUMN_BY_KEY[key[4:]], **context)
        if key == "announce":
            return self.env.get_template("partials/announce.html").render(
                text=announcement(board, events), **context)
        template = {"roster": "partials/roster.html", "lobby": "partials/lobby_list.html",
                    "join": "partials/join_details.html", "removed": "partials/removed_items.html",
                    "scale": "partials/scale.html", "scale-loader": "partials/scale_loader.html",
                    "screen-status": "partials/screen_status.html"}[key]
        return self.env.get_template(template).render(**context)

    def _item(self, key: str, context: dict) -> str:
        """One item: appended to its list, drawn again, or deleted."""
        action, item_id = key[len("item-"):].split(":", 1)
        if action == "del":
            return self.env.get_template("partials/item_delete.html").render(item_id=item_id)
        board = context["board"]
        item = next((i for i in board.items if i.id == item_id), None)
        if item is None:
            return ""  # removed again since: its removal follows
        template = "partials/item_append.html" if action == "add" else "partials/item.html"
        return self.env.get_template(template).render(item=item, **context)
