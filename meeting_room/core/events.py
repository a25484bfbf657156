"""Every kind of event, declared once: its payload, the fragments it redraws, whether it changes
one item only, and what screen readers are told.

An event is a row of the `event` table (the meeting's history, numbered by `seq`). It is decoded
once, into a `Happened`, when it is read; the hub, the renderer and the history use that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from meeting_room.core.event_kinds import PEOPLE, SCALE, EventKind, F, K, Kind, Words  # noqa: F401  (names for all)
from meeting_room.core.event_words import AGREED, answered, fixed, place, quote, record_step, took
from meeting_room.core.events_room import ROOM_KINDS
from meeting_room.core.vocabulary import REVIEWS, SCALE_PROMPTS

KINDS: dict[EventKind, Kind] = {k.name: k for k in [
    Kind(K.MEETING_CREATED, ("title", "kind", "date", "carried"), everything=True,
         says=lambda d, name: f"created the meeting “{d.get('title', '')}”"),
    Kind(K.MEETING_JOINING, ("open",), redraws=frozenset({F.JOIN}),
         says=lambda d, name: "let people join with the code" if d.get("open") else "stopped people joining"),
    Kind(K.PARTICIPANT_WAITING, ("participant", "name", "connection"), redraws=frozenset({F.ANNOUNCE, F.NOTICES}),
         lobby="wait", announce=lambda e, w: "Someone is waiting to join",
         says=fixed("asked to join and waited to be let in")),
    Kind(K.PARTICIPANT_ADMITTED, ("participant", "before", "after"), redraws=PEOPLE, lobby="leave",
         announce=lambda e, w: f"{w.described(e.data.get('participant'))} joined the meeting",
         says=lambda d, name: f"let {name(d.get('participant'))} in"),
    Kind(K.PARTICIPANT_TURNED_AWAY, ("participant", "before", "after"), redraws=frozenset({F.NOTICES}), lobby="leave",
         says=lambda d, name: f"turned {name(d.get('participant'))} away"),
    Kind(K.PARTICIPANT_MOMENT, ("participant", "needed"), redraws=frozenset({F.NOTICES, F.MOMENT_CHECK}),
         says=lambda d, name: "said they needed a moment" if d.get("needed") else "said the moment had passed"),  # the chair's alone
    Kind(K.PARTICIPANT_REMOVED, ("participant", "before", "after"), redraws=PEOPLE, lobby="leave",
         announce=lambda e, w: "Someone left the meeting",
         says=lambda d, name: f"removed {name(d.get('participant'))} from the meeting"),
    Kind(K.ITEM_ADDED, ("item", "column", "section", "text", "recorded_for"), item="add",
         redraws=frozenset({F.ANNOUNCE}),
         announce=lambda e, w: f"{w.name(e.actor_id)} added to {w.heading(e.data.get('column'))}",
         says=lambda d, name: (f"added to {place(d.get('column'), d.get('section'))}"
                                    f"{' for ' + d['recorded_for'] if d.get('recorded_for') else ''}: {quote(d.get('text'))}")),
    Kind(K.ITEM_EDITED, ("item", "column", "before", "after"), item="edit", redraws=frozenset({F.ANNOUNCE}),
         words_changed=True,
         announce=lambda e, w: f"{w.name(e.actor_id)} changed an item in {w.heading(e.data.get('column'))}",
         says=lambda d, name: f"changed an item in {place(d.get('column'))}"),
    Kind(K.ITEM_REMOVED, ("item", "column", "text"), item="del", redraws=frozenset({F.ANNOUNCE, F.REMOVED}),
         announce=lambda e, w: f"An item was removed from {w.heading(e.data.get('column'))}",
         says=lambda d, name: f"removed from {place(d.get('column'))}: {quote(d.get('text'))}"),
    Kind(K.ITEM_RESTORED, ("item", "column", "text"), columns=True,
         redraws=frozenset({F.REMOVED, F.ANNOUNCE, F.SCALE}),
         announce=lambda e, w: f"An item was put back in {w.heading(e.data.get('column'))}",
         says=lambda d, name: f"put back in {place(d.get('column'))}: {quote(d.get('text'))}"),
    Kind(K.ITEM_MOVED, ("item", "from", "to"), columns=True, redraws=frozenset({F.REMOVED, F.ANNOUNCE, F.SCALE}),
         announce=lambda e, w: "An item was moved",
         says=lambda d, name: f"moved an item from {place(*(d.get('from') or [None, None]))} to {place(*(d.get('to') or [None, None]))}"),
    Kind(K.ITEM_REORDERED, ("item", "column", "direction"), columns=True,
         redraws=frozenset({F.REMOVED, F.ANNOUNCE, F.SCALE}),
         says=lambda d, name: f"moved an item {d.get('direction', '')} in {place(d.get('column'))}"),
    Kind(K.SCALE_OPENED, ("scale", "question", "ten", "zero", "anonymous", "about", "children"), redraws=SCALE,
         announce=lambda e, w: f"A new question to answer: {e.data.get('question', '')}",
         says=lambda d, name: f"asked {'the children' if d.get('children') else 'everyone'}: {quote(d.get('question'))}" + (" (names hidden)" if d.get("anonymous") else "")),
    Kind(K.SCALE_ANSWERED, ("scale", "before", "value", "reason", "for"),
         redraws=frozenset({F.SCALE}),
         says=lambda d, name: answered(d)),  # progress only: the number is never in a shared fragment
    Kind(K.SCALE_REVEALED, ("scale",), redraws=SCALE,
         announce=lambda e, w: f"The answers are shown: {w.spread(e.data.get('scale'))}",
         says=fixed("showed everyone's answers")),
    Kind(K.SCALE_PROMPT, ("scale", "prompt"), redraws=SCALE,
         says=lambda d, name: (f"put a question on the screen: {quote(SCALE_PROMPTS.get(d['prompt'], d['prompt']))}"
                                    if d.get("prompt") else "took the question off the screen")),
    Kind(K.SCALE_ANONYMITY, ("scale", "anonymous"), redraws=SCALE,
         says=lambda d, name: "hid the names on the scale" if d.get("anonymous") else "showed the names on the scale"),
    Kind(K.SCALE_CLOSED, ("scale",), redraws=SCALE,
         says=fixed("put the scale away and showed the columns")),
    Kind(K.ITEM_PLANNED, ("item", "column", "owner", "due", "goal", "contingency"), item="edit", redraws=frozenset({F.ANNOUNCE}),
         announce=lambda e, w: "A next step now says who and by when",
         says=lambda d, name: f"said who will do a next step and by when in {place(d.get('column'))}"),
    Kind(K.ITEM_AGREEMENT, ("item", "column", "answer"), columns=True,
         says=lambda d, name: f"said they {AGREED.get(d.get('answer'), 'answered about')} a statement in {place(d.get('column'))}"),  # the column's counts change
    Kind(K.MEETING_PRIVATE_STARTED, (), everything=True,
         announce=lambda e, w: "A private discussion has started. Family devices and the shared screen are paused",
         says=fixed("started a private discussion (family devices paused)")),
    Kind(K.MEETING_PRIVATE_ENDED, (), everything=True,
         announce=lambda e, w: "The private discussion has ended. The meeting carries on",
         says=fixed("ended the private discussion")),
    Kind(K.ITEM_VISIBILITY, ("item", "column", "professionals_only"), columns=True,
         redraws=frozenset({F.REMOVED, F.SCALE}),
         says=lambda d, name: f"made an item in {place(d.get('column'))} " + ("for professionals only" if d.get("professionals_only") else "visible to everyone")),
    Kind(K.ITEM_REVIEWED, ("item", "column", "review"), item="edit",
         says=lambda d, name: "said how a step from the last meeting went: " + REVIEWS.get(d.get("review"), "").lower()),
    Kind(K.MEETING_SCREEN, ("blank",), everything=True,
         says=lambda d, name: "made the shared screen blank" if d.get("blank") else "showed the meeting on the shared screen again"),
    Kind(K.DECISION_APOLOGIES, ("names",),
         says=fixed("wrote down the apologies")),
    Kind(K.DECISION_RECORDED, ("child", "plan", "category", "reasons"),
         says=lambda d, name: f"recorded the decision for {d.get('child', '')}"),
    Kind(K.DECISION_NEXT_MEETING, ("date",),
         says=fixed("set the date of the next meeting")),
    Kind(K.DECISION_DISSENT, ("dissent", "name", "words"),
         says=lambda d, name: f"wrote down that {d.get('name', '')} disagrees: {quote(d.get('words'))}"),
    Kind(K.MEETING_CLOSED, (), everything=True, announce=lambda e, w: "The meeting has closed",
         says=fixed("closed the meeting")),
    Kind(K.DECISION_ANSWERED, ("child", "answer", "reasons"),  # a core group's or another meeting's answer
         says=lambda d, name: f"wrote down what was decided for {d.get('child', '')}"),
    Kind(K.DECISION_PLAN_PEOPLE, ("lead_name", "lead_agency", "core_group", "first_core_group_on", "review_on"),
         says=fixed("set the plan's lead practitioner, core group and dates")),
    Kind(K.AGENDA_MOVED, ("from", "to", "step", "left", "seconds"), redraws=frozenset({F.AGENDA, F.ANNOUNCE}),
         announce=lambda e, w: f"The meeting has moved on to: {e.data.get('step', '')}",
         says=lambda d, name: f"moved the meeting on to “{d.get('step', '')}”{took(d)}"),
    Kind(K.AGENDA_CHANGED, ("steps",), redraws=frozenset({F.AGENDA}),
         says=lambda d, name: "changed the agenda: " + ", ".join(f"“{step}”" for step in d.get("steps") or [])),
    Kind(K.RECORD_CORRECTED, ("item", "column", "before", "after", "said_by"),  # after the close: no live page
         words_changed=True, says=lambda d, name: f"corrected the words of the record in {place(d.get('column'))}"),
    Kind(K.RECORD_WORDING_CORRECTED, ("part", "before", "after"), words_changed=True,  # after the close
         says=lambda d, name: "corrected the words of the record: " + {"decision": "a decision", "dissent":
                                                                      "a disagreement", "apologies": "the apologies"}
         .get(d.get("part"), "the record")),
    Kind(K.RECORD_ISSUED, ("number", "changes"), says=record_step),
    Kind(K.RECORD_CORRECTION_ASKED, ("correction", "version", "words"), says=record_step),
    Kind(K.RECORD_CORRECTION_ACCEPTED, ("correction", "answer"),
         says=lambda d, name: f"accepted a correction: {quote(d.get('answer'))}"),
    Kind(K.RECORD_CORRECTION_DECLINED, ("correction", "answer"),
         says=lambda d, name: f"declined a correction: {quote(d.get('answer'))}"),
    # No longer recorded (review finding 6): declared so that events stored before still load;
    # the history leaves them out (read/history.py), since their time could point to who answered.
    Kind(K.FEEDBACK_ANSWERED, (),
         says=fixed("Someone answered “How can we make this better for you?”")),
] + ROOM_KINDS}
ITEM_ONLY = frozenset(name for name, kind in KINDS.items() if kind.item)
assert set(KINDS) == set(EventKind), "every event kind is declared once, with its payload"


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


def payload(kind: EventKind, data: dict[str, Any]) -> str:
    """An event's data as stored. Only the declared keys: a new key must be declared above."""
    declared = KINDS[kind].payload
    unknown = set(data) - set(declared)
    if unknown:
        raise ValueError(f"{kind} does not declare {sorted(unknown)}")
    return json.dumps(data, ensure_ascii=False)
