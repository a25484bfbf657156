"""Templates: where they live, the helpers they use, and the live fragments of a meeting.

Every fragment that is swapped live has one template under `templates/partials/`; the page
includes the same template, and the socket sends it with `oob=True` (an `hx-swap-oob`
attribute). Autoescape is on everywhere: user text can never become markup.
"""

from __future__ import annotations

from pathlib import Path

import segno
from jinja2 import Environment, FileSystemLoader, select_autoescape

from meeting_room.core.agendas import current_step, purpose_of, steps_of
from meeting_room.core.codes import format_code
from meeting_room.core.events import Happened
from meeting_room.core.fragments import (
    ColumnFragment,
    Fragment,
    ItemFragment,
    Key,
    LobbyFragment,
)
from meeting_room.core.glossary import marked, terms_in
from meeting_room.core.vocabulary import (
    AGREEMENT_ANSWERS,
    COLUMN_BY_KEY,
    COLUMNS,
    CONNECTION_LABELS,
    CONNECTIONS,
    DEFAULT_QUESTION,
    DEFAULT_TEN,
    DEFAULT_ZERO,
    HOUSE_BY_COLUMN,
    HOUSES,
    MEETING_KIND_LABELS,
    MEETING_KINDS,
    REVIEWS,
    ROLE_LABELS,
    SECTION_HINTS,
    SECTION_LABELS,
    WHAT_YOU_CAN_DO,
    asked_on,
    describe,  # noqa: F401  (the templates' way to name a person)
    whose_meeting,
)
from meeting_room.core.vocabulary import SCALE_PROMPTS as PROMPTS
from meeting_room.live.drawing import SCREEN_PRESENT
from meeting_room.read.boards import Board
from meeting_room.read.scales import needs_safety_talk

PACKAGE = Path(__file__).parent.parent  # meeting_room/


def _find(name: str) -> Path:
    """Installed wheels carry templates/ and static/ inside the package; a source checkout has
    them at the top of the repository."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


TEMPLATES = _find("templates")
STATIC = _find("static")


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=6, border=2, dark="#111111", light="#ffffff")


class Templates(Environment):
    """Jinja's environment, with each template's globals kept as one flat dictionary. Jinja keeps
    them as a ChainMap over the environment's, and every render copies them: copying a ChainMap
    of forty names cost a tenth of each fragment's rendering (docs/performance.md). Every global
    is set before the first template loads (`make_environment`, `build_state`)."""

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


def make_environment() -> Environment:
    env = Templates(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False)  # templates ship with the code: no disk check on every render
    env.globals.update(COLUMNS=COLUMNS, COLUMN_BY_KEY=COLUMN_BY_KEY, SECTION_LABELS=SECTION_LABELS, SECTION_HINTS=SECTION_HINTS,
                       CONNECTIONS=CONNECTIONS, MEETING_KINDS=MEETING_KINDS,
                       MEETING_KIND_LABELS=MEETING_KIND_LABELS, ROLE_LABELS=ROLE_LABELS,
                       describe=describe, format_code=format_code, CONNECTION_LABELS=CONNECTION_LABELS,
                       PROMPTS=PROMPTS, DEFAULT_QUESTION=DEFAULT_QUESTION, DEFAULT_TEN=DEFAULT_TEN,
                       DEFAULT_ZERO=DEFAULT_ZERO, needs_safety_talk=needs_safety_talk,
                       SCREEN_PRESENT=SCREEN_PRESENT, asked_on=asked_on, AGREEMENT_ANSWERS=AGREEMENT_ANSWERS,
                       REVIEWS=REVIEWS, jargon=terms_in, jargon_marked=marked, HOUSES=HOUSES,
                       HOUSE_BY_COLUMN=HOUSE_BY_COLUMN)
    env.globals.update(steps_of=steps_of, current_step=current_step, purpose_of=purpose_of)  # issue 23: the agenda
    env.globals.update(whose_meeting=whose_meeting, WHAT_YOU_CAN_DO=WHAT_YOU_CAN_DO)  # issue 24: a phone's first words
    env.filters["qr"] = qr_data_uri
    env.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
    return env


class BoardWords:
    """How announcements name people and columns, for one board."""

    def __init__(self, board: Board):
        self.board = board

    def name(self, participant_id: str | None) -> str:
        person = self.board.participant(participant_id)
        return person.name if person else "Someone"

    def described(self, participant_id: str | None) -> str:
        return describe(self.board.participant(participant_id))

    def heading(self, column: str | None) -> str:
        found = COLUMN_BY_KEY.get(column or "")
        return found.heading if found else ""

    def spread(self, scale_id: str | None) -> str:
        scale = next((s for s in self.board.scales if s.id == scale_id), None)
        summary = scale.result.everyone if scale is not None and scale.result is not None else None
        if summary is None or not summary.count:
            return "nobody answered"
        if summary.count == 1:
            return f"1 answer, {summary.lowest}"
        return f"{summary.count} answers, from {summary.lowest} to {summary.highest}, middle {summary.median_text}"


PAUSED = "The meeting has paused for a short private discussion. Please wait"
FAMILY_TIME = "Family time has started. The family is making its plan. You will see it when family time ends"


def announcement(board: Board, events: list[Happened], family: bool = False) -> str:
    """One short sentence for screen readers about the latest change that has one. A family
    device is told nothing during a private discussion but that it has paused; a professional's,
    nothing during family time but that it has started."""
    if family and board.meeting.private:
        return PAUSED if any(e.kind.name == "meeting.private_started" for e in events) else ""
    if not family and getattr(board.meeting, "family_time", False):
        return FAMILY_TIME if any(e.kind.name == "meeting.family_time_started" for e in events) else ""
    words = BoardWords(board)
    for event in reversed(events):
        if event.kind.announce is not None:
            return event.kind.announce(event, words)
    return ""


FAMILY_VIEWS = frozenset({"family", "screen", "child"})  # never sent professionals-only items; paused in private


def family_events(board: Board, events: list[Happened], screen: bool = False) -> list[Happened]:
    """The events a family device (or the shared screen) may be told about: none during a
    private discussion or on a blanked screen, and none about a professionals-only item."""
    if screen and board.meeting.private and board.meeting.screen_for_professionals and not board.meeting.screen_blank:
        return events  # kept on for the professionals in the room: it sees what they see
    if board.meeting.private or (screen and (board.meeting.screen_blank or (
            board.meeting.family_time and not board.meeting.screen_for_family))):
        return []
    hidden = set(board.hidden_ids)  # (kept with the board: no walk through every item per fragment)
    hidden |= {s.id for s in board.scales if s.professionals_only}
    hidden |= {p.id for p in board.pictures if p.professionals_only}
    return [e for e in events if e.item_id not in hidden and e.data.get("scale") not in hidden
            and e.data.get("picture") not in hidden]


TEMPLATES_OF = {Fragment.PAUSE: "partials/pause.html", Fragment.ROSTER: "partials/roster.html", Fragment.LOBBY: "partials/lobby_list.html",
                Fragment.JOIN: "partials/join_details.html", Fragment.REMOVED: "partials/removed_items.html",
                Fragment.SCALE: "partials/scale.html", Fragment.SCALE_LOADER: "partials/scale_loader.html",
                Fragment.SCREEN_STATUS: "partials/screen_status.html", Fragment.STATE: "partials/sync_state.html",
                Fragment.NOTICES: "partials/notices.html", Fragment.SCALE_NOTICE: "partials/scale_notice.html",
                Fragment.AGENDA: "partials/agenda.html", Fragment.SCREEN_MODE: "partials/screen_mode.html",
                Fragment.PICTURES: "partials/pictures_list.html", Fragment.MOMENT_CHECK: "partials/moment_check.html"}


class Renderer:
    """Renders one fragment for one view. Called once per (change, view), never per socket."""

    def __init__(self, env: Environment, base_url: str):
        self.env = env
        self.base_url = base_url

    def gone(self, message: str, go_to: str = "") -> str:
        """The last message to a socket that is being closed for good (and where the page goes next)."""
        return self.env.get_template("partials/gone.html").render(message=message, oob=True, go_to=go_to)

    def closed(self, meeting_id: str, view: str = "") -> str:
        """The last message to every page of a meeting that has closed: it goes to the record. The
        shared screen does not: it is signed in as the chair, and the chair's record holds what
        the family may not see."""
        return self.env.get_template("partials/closed.html").render(meeting_id=meeting_id, oob=True, view=view)

    def view_changed(self, meeting_id: str) -> str:
        """The last message to a child's page when the chair shows them the full board or the
        houses: the page opens the meeting again, drawn as it now is."""
        return self.env.get_template("partials/view_changed.html").render(meeting_id=meeting_id)

    def lobby(self, status: str, board: Board) -> str:
        return self.env.get_template("partials/lobby_status.html").render(
            status=status, meeting=board.meeting, oob=True)

    def __call__(self, view: str, key: Key, board: Board, presence, events: list[Happened],
                 base_url: str = "") -> str:
        """`base_url` is the address the page was reached at; the configured public address wins.
        Family and child devices, and the shared screen, are drawn from what they may see only."""
        family, everyone_was_told = view in FAMILY_VIEWS, events
        if family:
            screen = view == "screen"
            seen = board.as_screen_sees() if screen else board.as_child_sees() if view == "child" else board.as_family_sees()
            board, events = seen, family_events(board, events, screen)
        elif board.meeting.family_time:  # professionals' devices are paused: nothing of the meeting
            board, events = board.as_professionals_see(), []
        context = dict(board=board, view="member" if view == "family" else view, family=family, presence=presence,
                       houses=view == "child",
                       oob=True, base_url=self.base_url or base_url)
        if view == "child" and isinstance(key, (ColumnFragment, ItemFragment)):
            return self._house(key, context)
        if isinstance(key, ItemFragment):
            return self._item(key, context)
        if isinstance(key, LobbyFragment):
            return self._lobby_entry(key, context)
        if isinstance(key, ColumnFragment):
            return self.env.get_template("partials/column_items.html").render(
                column=COLUMN_BY_KEY[key.column], **context)
        if key == Fragment.ANNOUNCE:
            told = everyone_was_told if (board.meeting.private if family else board.meeting.family_time) else events
            return self.env.get_template("partials/announce.html").render(
                text=announcement(board, told, family), **context)
        return self.env.get_template(TEMPLATES_OF[key]).render(**context)

    def _item(self, key: ItemFragment, context: dict) -> str:
        """One item: appended to its list, drawn again, or deleted."""
        board = context["board"]
        if key.action == "del":
            removed = board.item(key.item_id)
            removed = removed if removed is not None and removed.removed else None
            if (context["family"] or board.meeting.family_time) and removed is None:
                return ""  # it was never theirs to see
            return self.env.get_template("partials/item_delete.html").render(item_id=key.item_id, item=removed,
                                                                             **context)
        item = board.item(key.item_id)
        if item is None or item.removed:
            return ""  # removed again since: its removal follows
        template = "partials/item_append.html" if key.action == "add" else "partials/item.html"
        return self.env.get_template(template).render(item=item, **context)

    def _house(self, key: ColumnFragment | ItemFragment, context: dict) -> str:
        """A child's house is drawn again whole when one of its items changes: it has no sections
        for a single item to be appended to."""
        board = context["board"]
        if isinstance(key, ItemFragment):
            if key.action == "del":
                return self.env.get_template("partials/item_delete.html").render(item_id=key.item_id, item=None,
                                                                                 **context)
            item = board.item(key.item_id)
            if item is None or item.removed:
                return ""
            key = ColumnFragment(item.column)
        return self.env.get_template("partials/house_items.html").render(column=COLUMN_BY_KEY[key.column], **context)

    def _lobby_entry(self, key: LobbyFragment, context: dict) -> str:
        """One person waiting: added to the end of the chair's list, or taken off it."""
        if key.action == "leave":
            return self.env.get_template("partials/lobby_leave.html").render(participant_id=key.participant_id)
        person = context["board"].participant(key.participant_id)
        if person is None or person.status != "waiting":
            return ""  # let in or turned away since: that change follows
        return self.env.get_template("partials/lobby_append.html").render(person=person, **context)
