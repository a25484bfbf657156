"""The parts of a meeting's pages that are drawn again when they change: whole fragments, one
column, one item, one waiting-list entry. Event kinds (`events.py`) say which ones they redraw."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Fragment(StrEnum):
    """The parts of a meeting's pages that are drawn again, whole, when they change."""
    ROSTER = "roster"
    LOBBY = "lobby"
    JOIN = "join"
    REMOVED = "removed"
    SCALE = "scale"
    SCALE_LOADER = "scale-loader"
    SCREEN_STATUS = "screen-status"
    ANNOUNCE = "announce"
    PAUSE = "pause"  # the private discussion's notice (and its button, for the chair)
    NOTICES = "notices"  # the chair's sticky notices: who is waiting, a safety talk needed
    SCALE_NOTICE = "scale-notice"  # a phone's sticky "a question is waiting for your answer"
    STATE = "state"  # the page's sequence number: sent with every change
    AGENDA = "agenda"  # the small step list, where the meeting has got to
    SCREEN_MODE = "screen-mode"  # the shared screen's one focused column, if any
    PICTURES = "pictures"  # the children's pictures (the chair's and professionals' boards)
    MOMENT_CHECK = "moment-check"  # issue 24: "I need a moment" changed: a phone that shows it asks again


@dataclass(frozen=True)
class ColumnFragment:
    """One column's list of items, drawn again whole."""
    column: str


@dataclass(frozen=True)
class ItemFragment:
    """One item: appended to its list ("add"), drawn again ("edit") or deleted ("del")."""
    action: str
    item_id: str


@dataclass(frozen=True)
class LobbyFragment:
    """One entry of the chair's waiting list: added ("wait") or taken off ("leave")."""
    action: str
    participant_id: str


Key = Fragment | ColumnFragment | ItemFragment | LobbyFragment
