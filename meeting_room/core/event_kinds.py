"""The names of every kind of event, and what a kind declares (`Kind`). The kinds themselves are
declared in `core/events.py` (and `core/events_room.py`, the room's and the child's)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Callable, Protocol

from meeting_room.core.fragments import Fragment


class Words(Protocol):
    """What an announcement may say, given by the renderer."""
    def name(self, participant_id: str | None) -> str: ...        # "Dana", or "Someone"
    def described(self, participant_id: str | None) -> str: ...   # "Dana (Mum)"
    def heading(self, column: str | None) -> str: ...             # "What's working well?"
    def spread(self, scale_id: str | None) -> str: ...            # "6 answers, from 1 to 8, middle 4.5"


class EventKind(StrEnum):
    """Every kind of event, by name: a misspelt kind fails when the module is imported."""
    MEETING_CREATED = "meeting.created"
    MEETING_JOINING = "meeting.joining"
    PARTICIPANT_WAITING = "participant.waiting"
    PARTICIPANT_ADMITTED = "participant.admitted"
    PARTICIPANT_TURNED_AWAY = "participant.turned_away"
    PARTICIPANT_MOMENT = "participant.moment"
    PARTICIPANT_REMOVED = "participant.removed"
    ITEM_ADDED = "item.added"
    ITEM_EDITED = "item.edited"
    ITEM_REMOVED = "item.removed"
    ITEM_RESTORED = "item.restored"
    ITEM_MOVED = "item.moved"
    ITEM_REORDERED = "item.reordered"
    SCALE_OPENED = "scale.opened"
    SCALE_ANSWERED = "scale.answered"
    SCALE_REVEALED = "scale.revealed"
    SCALE_PROMPT = "scale.prompt"
    SCALE_ANONYMITY = "scale.anonymity"
    SCALE_CLOSED = "scale.closed"
    ITEM_PLANNED = "item.planned"
    ITEM_AGREEMENT = "item.agreement"
    MEETING_PRIVATE_STARTED = "meeting.private_started"
    MEETING_PRIVATE_ENDED = "meeting.private_ended"
    ITEM_VISIBILITY = "item.visibility"
    ITEM_REVIEWED = "item.reviewed"
    MEETING_SCREEN = "meeting.screen"
    DECISION_APOLOGIES = "decision.apologies"
    DECISION_RECORDED = "decision.recorded"
    DECISION_NEXT_MEETING = "decision.next_meeting"
    DECISION_DISSENT = "decision.dissent"
    MEETING_CLOSED = "meeting.closed"
    DECISION_ANSWERED = "decision.answered"
    DECISION_PLAN_PEOPLE = "decision.plan_people"
    AGENDA_MOVED = "agenda.moved"
    AGENDA_CHANGED = "agenda.changed"
    RECORD_CORRECTED = "record.corrected"
    RECORD_WORDING_CORRECTED = "record.wording_corrected"
    RECORD_ISSUED = "record.issued"
    RECORD_CORRECTION_ASKED = "record.correction_asked"
    RECORD_CORRECTION_ACCEPTED = "record.correction_accepted"
    RECORD_CORRECTION_DECLINED = "record.correction_declined"
    FEEDBACK_ANSWERED = "feedback.answered"
    SCALE_CHILD_NAMED = "scale.child_named"
    PARTICIPANT_FULL_BOARD = "participant.full_board"
    PICTURE_ADDED = "picture.added"
    PICTURE_REMOVED = "picture.removed"
    PICTURE_VISIBILITY = "picture.visibility"
    MEETING_CHILD_PROMPT = "meeting.child_prompt"
    MEETING_SCREEN_FOCUS = "meeting.screen_focus"
    MEETING_SCREEN_PROFESSIONALS = "meeting.screen_professionals"
    SCALE_SAFETY_SEEN = "scale.safety_seen"
    PARTICIPANT_CO_CHAIR = "participant.co_chair"
    PARTICIPANT_OUTSIDE = "participant.outside"
    PARTICIPANT_BACK = "participant.back"
    MEETING_FAMILY_TIME_STARTED = "meeting.family_time_started"
    MEETING_FAMILY_TIME_ENDED = "meeting.family_time_ended"
    MEETING_SCREEN_FAMILY = "meeting.screen_family"
    INVITATION_ADDED = "invitation.added"
    INVITATION_WITHDRAWN = "invitation.withdrawn"
    INVITATION_USED = "invitation.used"
    INVITATIONS_ADMITTED = "invitation.admitted_all"


K = EventKind


@dataclass(frozen=True)
class Kind:
    name: EventKind
    payload: tuple[str, ...]                       # the keys of its data
    redraws: frozenset[Fragment] = frozenset()     # drawn again whole
    columns: bool = False                          # the columns it names are drawn again whole
    item: str | None = None                        # changes this one item only: add, edit or del
    everything: bool = False                       # every fragment is drawn again
    lobby: str | None = None                       # one waiting-list entry: wait, or leave (if it was waiting)
    announce: Callable[[Any, Words], str] | None = None  # for screen readers (given the `Happened`)
    says: Callable[[dict, Callable[[str | None], str]], str] = lambda d, name: "made a change"  # the history's sentence
    words_changed: bool = False                     # the history shows the words before and after


F = Fragment
PEOPLE = frozenset({F.ROSTER, F.SCALE, F.ANNOUNCE, F.NOTICES})  # the waiting list changes entry by entry
SCALE = frozenset({F.SCALE, F.SCALE_LOADER, F.ANNOUNCE, F.NOTICES, F.SCALE_NOTICE})
