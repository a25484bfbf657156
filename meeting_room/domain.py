"""The domain, assembled: one object per capability, all sharing one write path (`Changes`)."""

from __future__ import annotations

from .agreement import Agreements
from .boards import Boards
from .broker import Broker
from .changes import Changes
from .db import Database
from .decisions import Decisions
from .items import Items
from .meetings import Meetings
from .people import People
from .plan import Plan
from .private import PrivateDiscussion
from .moments import Moments
from .reviews import Reviews
from .scale_changes import ScaleChanges


class Domain:
    def __init__(self, db: Database, broker: Broker):
        changes = Changes(db, broker)
        self.db = db
        self.boards = Boards(db)           # reading: the board, what changed
        self.meetings = Meetings(changes)  # preparing, joining open or closed, lists, history
        self.people = People(changes)      # the lobby and the chair's decisions
        self.items = Items(changes)        # the three columns
        self.scales = ScaleChanges(changes)  # 0 to 10 questions
        self.plan = Plan(changes)          # who will do each next step, and by when
        self.decisions = Decisions(changes)  # the decision, dissent, the next date; closing
        self.agreements = Agreements(changes)  # agree, disagree, not sure on statements and goals
        self.private = PrivateDiscussion(changes)  # family devices paused; professionals-only items
        self.reviews = Reviews(changes)    # the next meeting, carried on from this one
        self.moments = Moments(changes)    # "I need a moment", seen by the chair
