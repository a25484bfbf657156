"""Database tables. Ids that appear in URLs are random strings, never sequential numbers."""

from __future__ import annotations

import secrets
from collections import namedtuple
from datetime import date, datetime, timezone
from typing import Optional

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def now() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> str:
    return secrets.token_urlsafe(12)


class User(SQLModel, table=True):
    """A chair account."""
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    email: str = Field(unique=True, max_length=254)
    name: str = Field(max_length=100)
    password_hash: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=now)
    roles: str = Field(default="chair", max_length=40)  # issue 26: admin, chair, lead (comma separated)
    active: bool = True  # issue 26: an administrator turned the account off: no sign-in, no sessions
    team_id: Optional[str] = Field(default=None, max_length=32)  # issue 26: their team
    totp_secret: Optional[str] = Field(default=None, max_length=200)  # their authenticator app, sealed (core/sealed.py)
    totp_pending: Optional[str] = Field(default=None, max_length=200)  # being set up (not yet confirmed), sealed
    totp_last_step: Optional[int] = None  # issue 26: the last code's time step: a code works once


class ChairSession(SQLModel, table=True):
    """A signed-in chair. Only the hash of the cookie value is stored."""
    __tablename__ = "chair_session"
    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(foreign_key="user.id", index=True, max_length=32)
    created_at: datetime = Field(default_factory=now)
    last_seen_at: datetime = Field(default_factory=now)


class SetupToken(SQLModel, table=True):
    """The one-time first-run link, while no chair account exists."""
    __tablename__ = "setup_token"
    token_hash: str = Field(primary_key=True, max_length=64)
    created_at: datetime = Field(default_factory=now)


class Case(SQLModel, table=True):
    """A family."""
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    owner_id: str = Field(foreign_key="user.id", index=True, max_length=32)
    family_name: str = Field(max_length=100)
    children: str = Field(default="", max_length=300)
    created_at: datetime = Field(default_factory=now)


class Meeting(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    case_id: str = Field(foreign_key="case.id", index=True, max_length=32)
    chair_id: str = Field(foreign_key="user.id", index=True, max_length=32)
    title: str = Field(max_length=150)
    kind: str = Field(max_length=30)
    held_on: date
    detailed: bool = True
    join_code: Optional[str] = Field(default=None, unique=True, max_length=16)
    joining_open: bool = True
    safety_threshold: int = 1  # a revealed answer at or below this asks for a talk about immediate safety
    status: str = Field(default="open", max_length=10)
    seq: int = 0
    created_at: datetime = Field(default_factory=now)
    closed_at: Optional[datetime] = None
    next_meeting_on: Optional[date] = None
    private: bool = False  # a private discussion is running: family and child devices are paused
    previous_id: Optional[str] = Field(default=None, foreign_key="meeting.id", max_length=32)  # a review's last meeting
    screen_blank: bool = False  # the chair has blanked the shared screen for a moment (phones carry on)
    screen_focus: Optional[str] = Field(default=None, max_length=20)  # issue 24: one column takes the shared screen
    screen_for_professionals: bool = False  # issue 24: in a private discussion the screen stays on (the chair chose)
    apologies: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # one name a line
    # issue 23: the meeting's own agenda (copied from its type's at creation), where it has got to, since when
    agenda: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # one step a line
    agenda_step: int = 0
    agenda_since: Optional[datetime] = None
    team_id: Optional[str] = Field(default=None, index=True, max_length=32)  # issue 26: the chair's team
    child_prompt: bool = False  # issue 22: "What is it like for the child?" is on the shared screen
    family_time: bool = False  # issue 24: the family writes its plan; professionals' devices are paused
    screen_for_family: bool = False  # issue 24: in family time the screen stays on for the family (the chair chose)


class Participant(SQLModel, table=True):
    """Someone in one meeting. Family members and professionals have no account: their cookie
    holds a random secret whose hash is stored here, bound to this meeting only."""
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    meeting_id: str = Field(foreign_key="meeting.id", index=True, max_length=32)
    user_id: Optional[str] = Field(default=None, foreign_key="user.id", max_length=32)
    name: str = Field(max_length=60)
    connection: str = Field(max_length=30)
    agency: str = Field(default="", max_length=80)
    role: str = Field(max_length=20)  # chair, family, professional, child
    status: str = Field(default="waiting", max_length=20)  # waiting, admitted, turned_away, removed
    session_hash: Optional[str] = Field(default=None, index=True, max_length=64)
    entered: bool = False  # admitted and swapped the lobby secret for a fresh one
    co_chair: bool = False  # issue 24: a signed-in staff member the chair made co-chair
    created_at: datetime = Field(default_factory=now)
    # Their last request: a session idle longer than MEETING_ROOM_PARTICIPANT_IDLE_HOURS ends
    # (empty for people who joined before this was kept: their joining time counts).
    last_seen_at: Optional[datetime] = Field(default_factory=now)
    needs_moment: bool = False  # said "I need a moment": the chair sees it until it has passed
    full_board: bool = False  # issue 22: a child the chair shows the full board instead of the three houses
    invited: Optional[str] = Field(default=None, max_length=20)  # issue 24: came by a personal link: invited, second_device


class Item(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("meeting_id", "client_token", name="uq_item_client_token"),
                      Index("ix_item_meeting_position", "meeting_id", "position"))  # the next position
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    meeting_id: str = Field(foreign_key="meeting.id", index=True, max_length=32)
    column: str = Field(max_length=10)
    section: Optional[str] = Field(default=None, max_length=20)
    text: str = Field(sa_column=Column(Text, nullable=False))
    author_id: str = Field(foreign_key="participant.id", max_length=32)
    recorded_for: Optional[str] = Field(default=None, max_length=60)
    position: int = 0
    version: int = 1
    removed: bool = False
    client_token: Optional[str] = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)
    # Who last changed the words, when it was not the author: every view then says so, and nobody
    # is shown as saying words they did not write.
    edited_by: Optional[str] = Field(default=None, max_length=32)
    # Next steps only: who will do it (a person in the meeting, or a named person or service) and by when.
    owner: Optional[str] = Field(default=None, max_length=100)
    due_on: Optional[date] = None
    professionals_only: bool = False  # never sent to family and child devices, nor to the shared screen
    # Carried over from an earlier meeting: the day it was first said and who said it; for a next
    # step, how it went (done, in_progress, not_done), set by the chair.
    carried_from: Optional[date] = None
    carried_by: Optional[str] = Field(default=None, max_length=100)
    review: Optional[str] = Field(default=None, max_length=12)
    goal_id: Optional[str] = Field(default=None, max_length=32)  # a next step: the safety goal it serves
    contingency: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))  # if it does not happen
    child_words: Optional[str] = Field(default=None, max_length=60)  # issue 22: a child's own words (first name)
    family_plan: bool = False  # issue 24: written in family time: "The family's plan"


class Event(SQLModel, table=True):
    """Append-only history: one row for every change, numbered per meeting."""
    __table_args__ = (UniqueConstraint("meeting_id", "seq", name="uq_event_meeting_seq"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id", max_length=32)
    seq: int
    actor_id: Optional[str] = Field(default=None, max_length=32)
    kind: str = Field(max_length=40)
    data: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=now)


class Decision(SQLModel, table=True):
    """The chair's decision for one child: a child protection plan or not, and its category."""
    __table_args__ = (UniqueConstraint("meeting_id", "child", name="uq_decision_child"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    meeting_id: str = Field(foreign_key="meeting.id", index=True, max_length=32)
    child: str = Field(max_length=60)
    plan: bool
    category: Optional[str] = Field(default=None, max_length=20)  # physical, emotional, sexual, neglect
    reasons: str = Field(sa_column=Column(Text, nullable=False))
    updated_at: datetime = Field(default_factory=now)
    answer: Optional[str] = Field(default=None, max_length=20)  # issue 23: a core group's "is the plan working"


class Dissent(SQLModel, table=True):
    """Someone who disagrees with the decision, in their own words and with their name."""
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    meeting_id: str = Field(foreign_key="meeting.id", index=True, max_length=32)
    name: str = Field(max_length=100)
    words: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=now)


class Agreement(SQLModel, table=True):
    """One person's view of a danger statement or safety goal: agree, disagree or not sure."""
    __table_args__ = (UniqueConstraint("item_id", "participant_id", name="uq_agreement_person"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    meeting_id: str = Field(foreign_key="meeting.id", index=True, max_length=32)
    item_id: str = Field(foreign_key="item.id", max_length=32)
    participant_id: str = Field(foreign_key="participant.id", max_length=32)
    answer: str = Field(max_length=10)  # agree, disagree, unsure
    updated_at: datetime = Field(default_factory=now)


class AuditEntry(SQLModel, table=True):
    """One access: who tried to get at what, and what came of it. Only ids and fixed words."""
    __tablename__ = "audit"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=now, index=True)
    actor: str = Field(default="", max_length=64)       # a participant's or chair's id; "" for nobody known
    role: str = Field(default="", max_length=20)        # chair, family, professional, child, or ""
    meeting_id: Optional[str] = Field(default=None, index=True, max_length=32)  # no foreign key: outlives purge
    action: str = Field(max_length=40)                  # join, admit, sign_in, record_view, refused_add_item…
    outcome: str = Field(max_length=10)                 # ok, refused, failed
    client: str = Field(default="", max_length=64)      # the client's address
    count: int = 1                                      # refusals: repeats within the hour (issue 25)
    last_at: Optional[datetime] = None                  # refusals: the last repeat counted here


class LimitCounter(SQLModel, table=True):
    """One limit's count for one key (a hash of what it counts: an address, a person), shared by
    every app process on PostgreSQL: this window's count and the last window's (`limits.py`)."""
    __tablename__ = "limit_counter"
    key: str = Field(primary_key=True, max_length=64)
    window_no: int = Field(sa_column=Column(BigInteger, nullable=False))  # seconds since 1970 // window
    count: int = 0
    previous: int = 0
    touched_at: datetime = Field(default_factory=now, index=True)


class LiveSocket(SQLModel, table=True):
    """An open live connection, on PostgreSQL, so that the sockets of one person are counted
    across processes. Its process renews it every few seconds; a dead process's rows expire."""
    __tablename__ = "live_socket"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    key: str = Field(index=True, max_length=64)
    process: str = Field(index=True, max_length=16)
    expires_at: datetime = Field(index=True)


Index("ix_participant_meeting_status", Participant.meeting_id, Participant.status)
Index("ix_item_meeting_column", Item.meeting_id, Item.column, Item.position)


class Scale(SQLModel, table=True):
    """A 0–10 question. Open → revealed → closed; one open at a time per meeting."""
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    meeting_id: str = Field(foreign_key="meeting.id", index=True, max_length=32)
    question: str = Field(max_length=200)
    ten: str = Field(max_length=200)
    zero: str = Field(max_length=200)
    anonymous: bool = False
    status: str = Field(default="open", max_length=10)
    prompt: Optional[str] = Field(default=None, max_length=20)
    about_item_id: Optional[str] = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=now)
    revealed_at: Optional[datetime] = None
    professionals_only: bool = False  # asked during a private discussion: never shown to the family
    child_named: bool = False  # issue 22: the chair chose to show a child's answer by name to everyone
    for_children: bool = False  # issue 22: a children's scale (children answer; never put with the adults')
    safety_seen: bool = False  # issue 24: the chair has seen to the talk a low answer called for


class Vote(SQLModel, table=True):
    """One person's answer. `on_behalf`: someone without a device, recorded by the chair (`voter_id`)."""
    __table_args__ = (UniqueConstraint("scale_id", "voter_id", "on_behalf", name="uq_vote_voter"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    scale_id: str = Field(foreign_key="scale.id", index=True, max_length=32)
    voter_id: str = Field(foreign_key="participant.id", max_length=32)
    on_behalf: str = Field(default="", max_length=60)
    value: int
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    updated_at: datetime = Field(default_factory=now)


# ---------------------------------------------------------------- rows
# What the database gives back (see db.py): one immutable named tuple per table, with its
# columns in order. Changing a row is an UPDATE, never an assignment.

def row_type(model: type[SQLModel]) -> type:
    return namedtuple(f"{model.__name__}Row", [c.key for c in model.__table__.columns])


UserRow = row_type(User)
ChairSessionRow = row_type(ChairSession)
SetupTokenRow = row_type(SetupToken)
CaseRow = row_type(Case)
MeetingRow = row_type(Meeting)
ParticipantRow = row_type(Participant)
ItemRow = row_type(Item)
EventRow = row_type(Event)
ScaleRow = row_type(Scale)
VoteRow = row_type(Vote)
DecisionRow = row_type(Decision)
DissentRow = row_type(Dissent)
AuditRow = row_type(AuditEntry)
AgreementRow = row_type(Agreement)
LimitCounterRow = row_type(LimitCounter)
LiveSocketRow = row_type(LiveSocket)

ROW_TYPES = {model.__table__: row for model, row in (
    (User, UserRow), (ChairSession, ChairSessionRow), (SetupToken, SetupTokenRow), (Case, CaseRow),
    (Meeting, MeetingRow), (Participant, ParticipantRow), (Item, ItemRow), (Event, EventRow),
    (Scale, ScaleRow), (Vote, VoteRow), (Decision, DecisionRow), (Dissent, DissentRow),
    (Agreement, AgreementRow), (AuditEntry, AuditRow), (LimitCounter, LimitCounterRow),
    (LiveSocket, LiveSocketRow))}


# ---- issue 26: staff accounts (the tables themselves are in staff_models.py, to keep this file short)
