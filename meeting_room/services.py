"""The domain, assembled: one object per capability, all sharing one write path (`Changes`)."""

from __future__ import annotations

import secrets

from meeting_room.domain.agenda import Agenda
from meeting_room.domain.agreement import Agreements
from meeting_room.domain.changes import Changes, Doorbell
from meeting_room.domain.children import Children
from meeting_room.domain.decisions import Decisions
from meeting_room.domain.family_time import FamilyTime
from meeting_room.domain.feedback import Feedback
from meeting_room.domain.invitations import Invitations
from meeting_room.domain.items import Items
from meeting_room.domain.meetings import Meetings
from meeting_room.domain.moments import Moments
from meeting_room.domain.people import People
from meeting_room.domain.pictures import Pictures
from meeting_room.domain.plan import Plan
from meeting_room.domain.private import PrivateDiscussion
from meeting_room.domain.record_life import RecordLife
from meeting_room.domain.reviews import Reviews
from meeting_room.domain.scale_changes import ScaleChanges
from meeting_room.domain.screen import ScreenChoices
from meeting_room.read.boards import Boards
from meeting_room.store.db import Database


class Domain:
    def __init__(self, db: Database, broker: Doorbell, secret_key: str | None = None):
        changes = Changes(db, broker)
        self.db = db
        self.boards = Boards(db)           # reading: the board, what changed
        self.meetings = Meetings(changes)  # preparing, joining open or closed, lists, history
        self.people = People(changes)      # the lobby and the chair's decisions
        self.items = Items(changes)        # the three columns
        self.scales = ScaleChanges(changes)  # 0 to 10 questions
        self.plan = Plan(changes)          # who will do each next step, and by when
        self.decisions = Decisions(changes)  # the decision, dissent, the next date; closing
        self.agenda = Agenda(changes)  # issue 23: where the meeting has got to
        self.record_life = RecordLife(changes)  # issue 23: draft, issued versions, corrections
        self.feedback = Feedback(changes)  # issue 23: anonymous answers after the close
        self.agreements = Agreements(changes)  # agree, disagree, not sure on statements and goals
        self.private = PrivateDiscussion(changes)  # family devices paused; professionals-only items
        self.reviews = Reviews(changes)    # the next meeting, carried on from this one
        self.moments = Moments(changes)    # "I need a moment", seen by the chair
        self.children = Children(changes)  # the child at the centre: houses or the full board
        self.pictures = Pictures(changes)  # what a child made (photos of drawings), re-encoded
        self.family_time = FamilyTime(changes)  # issue 24: professionals' devices paused; the family's plan
        self.screen = ScreenChoices(changes)  # the shared screen: one column in focus; on for professionals
        # issue 24: personal links, worked out from the app's secret key (a random one: links cannot be printed again)
        self.invitations = Invitations(changes, secret_key or secrets.token_hex(32))
