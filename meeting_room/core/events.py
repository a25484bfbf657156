"""Every kind of event, declared once: its payload, the fragments it redraws, whether it changes
one item only, and what screen readers are told.

An event is a row of the `event` table (the meeting's history, numbered by `seq`). It is decoded
once, into a `Happened`, when it is read; the hub, the renderer and the history use that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Callable, Protocol


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
    SCREEN_MODE = "screen-mode"  # issue 24: the shared screen's one focused column, if any


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


class Words(Protocol):
    """What an announcement may say, given by the renderer."""
    def name(self, participant_id: str | None) -> str: ...        # "Dana", or "Someone"
    def described(self, participant_id: str | None) -> str: ...   # "Dana (Mum)"
    def heading(self, column: str | None) -> str: ...             # "What's working well?"


@dataclass(frozen=True)
class Kind:
    name: str
    payload: tuple[str, ...]                       # the keys of its data
    redraws: frozenset[Fragment] = frozenset()     # drawn again whole
    columns: bool = False                          # the columns it names are drawn again whole
    item: str | None = None                        # changes this one item only: add, edit or del
    everything: bool = False                       # every fragment is drawn again
    lobby: str | None = None                       # one waiting-list entry: wait, or leave (if it was waiting)
    announce: Callable[["Happened", Words], str] | None = None  # for screen readers


F = Fragment
PEOPLE = frozenset({F.ROSTER, F.SCALE, F.ANNOUNCE, F.NOTICES})  # the waiting list changes entry by entry
SCALE = frozenset({F.SCALE, F.SCALE_LOADER, F.ANNOUNCE, F.NOTICES, F.SCALE_NOTICE})
KINDS: dict[str, Kind] = {k.name: k for k in [
    Kind("meeting.created", ("title", "kind", "date", "carried"), everything=True),
    Kind("meeting.joining", ("open",), redraws=frozenset({F.JOIN})),
    Kind("participant.waiting", ("participant", "name", "connection"), redraws=frozenset({F.ANNOUNCE, F.NOTICES}),
         lobby="wait", announce=lambda e, w: "Someone is waiting to join"),
    Kind("participant.admitted", ("participant", "before", "after"), redraws=PEOPLE, lobby="leave",
         announce=lambda e, w: f"{w.described(e.data.get('participant'))} joined the meeting"),
    Kind("participant.turned_away", ("participant", "before", "after"), redraws=frozenset({F.NOTICES}), lobby="leave"),
    Kind("participant.moment", ("participant", "needed"), redraws=frozenset({F.NOTICES})),  # the chair's alone
    Kind("participant.removed", ("participant", "before", "after"), redraws=PEOPLE, lobby="leave",
         announce=lambda e, w: "Someone left the meeting"),
    Kind("item.added", ("item", "column", "section", "text", "recorded_for"), item="add",
         redraws=frozenset({F.ANNOUNCE}),
         announce=lambda e, w: f"{w.name(e.actor_id)} added to {w.heading(e.data.get('column'))}"),
    Kind("item.edited", ("item", "column", "before", "after"), item="edit", redraws=frozenset({F.ANNOUNCE}),
         announce=lambda e, w: f"{w.name(e.actor_id)} changed an item in {w.heading(e.data.get('column'))}"),
    Kind("item.removed", ("item", "column", "text"), item="del", redraws=frozenset({F.ANNOUNCE, F.REMOVED}),
         announce=lambda e, w: f"An item was removed from {w.heading(e.data.get('column'))}"),
    Kind("item.restored", ("item", "column", "text"), columns=True,
         redraws=frozenset({F.REMOVED, F.ANNOUNCE, F.SCALE}),
         announce=lambda e, w: f"An item was put back in {w.heading(e.data.get('column'))}"),
    Kind("item.moved", ("item", "from", "to"), columns=True, redraws=frozenset({F.REMOVED, F.ANNOUNCE, F.SCALE}),
         announce=lambda e, w: "An item was moved"),
    Kind("item.reordered", ("item", "column", "direction"), columns=True,
         redraws=frozenset({F.REMOVED, F.ANNOUNCE, F.SCALE})),
    Kind("scale.opened", ("scale", "question", "ten", "zero", "anonymous", "about"), redraws=SCALE,
         announce=lambda e, w: f"A new question to answer: {e.data.get('question', '')}"),
    Kind("scale.answered", ("scale", "before", "value", "reason", "for"),
         redraws=frozenset({F.SCALE})),  # progress only: the number is never in a shared fragment
    Kind("scale.revealed", ("scale",), redraws=SCALE, announce=lambda e, w: "The answers are shown"),
    Kind("scale.prompt", ("scale", "prompt"), redraws=SCALE),
    Kind("scale.anonymity", ("scale", "anonymous"), redraws=SCALE),
    Kind("scale.closed", ("scale",), redraws=SCALE),
    Kind("item.planned", ("item", "column", "owner", "due", "goal", "contingency"), item="edit", redraws=frozenset({F.ANNOUNCE}),
         announce=lambda e, w: "A next step now says who and by when"),
    Kind("item.agreement", ("item", "column", "answer"), columns=True),  # the column's counts change
    Kind("meeting.private_started", (), everything=True),
    Kind("meeting.private_ended", (), everything=True),
    Kind("item.visibility", ("item", "column", "professionals_only"), columns=True,
         redraws=frozenset({F.REMOVED, F.SCALE})),
    Kind("item.reviewed", ("item", "column", "review"), item="edit"),
    Kind("meeting.screen", ("blank",), everything=True),
    Kind("decision.apologies", ("names",)),
    Kind("decision.recorded", ("child", "plan", "category", "reasons")),
    Kind("decision.next_meeting", ("date",)),
    Kind("decision.dissent", ("dissent", "name", "words")),
    Kind("meeting.closed", (), everything=True, announce=lambda e, w: "The meeting has closed"),
    # issue 24
    Kind("meeting.screen_focus", ("column",), everything=True),
    Kind("meeting.screen_professionals", ("keep",), everything=True),
    Kind("scale.safety_seen", ("scale",), redraws=frozenset({F.NOTICES})),
    Kind("participant.co_chair", ("participant", "co_chair"), redraws=PEOPLE),
    Kind("participant.outside", ("participant", "before", "after"), redraws=PEOPLE),
    Kind("participant.back", ("participant", "before", "after"), redraws=PEOPLE,
         announce=lambda e, w: f"{w.described(e.data.get('participant'))} came back in"),
]}
ITEM_ONLY = frozenset(name for name, kind in KINDS.items() if kind.item)


@dataclass(frozen=True)
class Happened:
    """One event, decoded."""
    seq: int
    kind: Kind
    actor_id: str | None
    data: dict[str, Any] = field(hash=False)
    created_at: datetime | None = None

    @classmethod
    def of(cls, row) -> "Happened":
        return cls(seq=row.seq, kind=KINDS[row.kind], actor_id=row.actor_id, data=json.loads(row.data),
                   created_at=row.created_at)

    @property
    def item_id(self) -> str | None:
        return self.data.get("item")

    def columns(self) -> set[str]:
        """The columns this event names (an item moved names two)."""
        named = {self.data.get("column"), (self.data.get("from") or [None])[0], (self.data.get("to") or [None])[0]}
        return {c for c in named if c}


def payload(kind: str, data: dict[str, Any]) -> str:
    """An event's data as stored. Only the declared keys: a new key must be declared above."""
    declared = KINDS[kind].payload
    unknown = set(data) - set(declared)
    if unknown:
        raise ValueError(f"{kind} does not declare {sorted(unknown)}")
    return json.dumps(data, ensure_ascii=False)
