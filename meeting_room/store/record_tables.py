"""Tables of issue 23 (a conference in good order): the conference plan's people and dates, the
record's issued versions and the requests to correct them. Kept beside models.py (which is full);
the migrations' env.py imports both, and every row type is registered in models.ROW_TYPES."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from meeting_room.store.models import ROW_TYPES, new_id, now, row_type


class ConferencePlan(SQLModel, table=True):
    """Who and when, for a conference that makes a plan: the lead practitioner, the core group,
    the first core group's date and the review's date."""
    __tablename__ = "conference_plan"
    meeting_id: str = Field(foreign_key="meeting.id", primary_key=True, max_length=32)
    lead_name: str = Field(default="", max_length=100)
    lead_agency: str = Field(default="", max_length=100)
    core_group: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # one name a line
    first_core_group_on: Optional[date] = None
    review_on: Optional[date] = None
    updated_at: datetime = Field(default_factory=now)


ConferencePlanRow = row_type(ConferencePlan)
ROW_TYPES[ConferencePlan.__table__] = ConferencePlanRow


class RecordVersion(SQLModel, table=True):
    """An issued record: never changed once written. A correction makes the next version."""
    __tablename__ = "record_version"
    __table_args__ = (UniqueConstraint("meeting_id", "number", name="uq_record_version_number"),)
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    meeting_id: str = Field(foreign_key="meeting.id", index=True, max_length=32)
    number: int
    content: str = Field(sa_column=Column(Text, nullable=False))  # the full record as exported (JSON)
    changes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # what changed, a line each
    issued_at: datetime = Field(default_factory=now)


class RecordCorrection(SQLModel, table=True):
    """Someone who was there asks for a correction of an issued record, in their own words."""
    __tablename__ = "record_correction"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    meeting_id: str = Field(foreign_key="meeting.id", index=True, max_length=32)
    participant_id: str = Field(foreign_key="participant.id", max_length=32)
    version: int
    words: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=10)  # pending, accepted, declined
    answer: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # what changed, or why not
    created_at: datetime = Field(default_factory=now)
    decided_at: Optional[datetime] = None


RecordVersionRow = row_type(RecordVersion)
RecordCorrectionRow = row_type(RecordCorrection)
ROW_TYPES[RecordVersion.__table__] = RecordVersionRow
ROW_TYPES[RecordCorrection.__table__] = RecordCorrectionRow


class FeedbackGiven(SQLModel, table=True):
    """Who has answered "How can we make this better for you?" (one answer each): kept apart from
    the answers, which carry no person, no time and no order."""
    __tablename__ = "feedback_given"
    meeting_id: str = Field(foreign_key="meeting.id", primary_key=True, max_length=32)
    participant_id: str = Field(foreign_key="participant.id", primary_key=True, max_length=32)


class FeedbackAnswer(SQLModel, table=True):
    """One anonymous answer: no participant, no time. Its id is random, so rows have no order."""
    __tablename__ = "feedback_answer"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    meeting_id: str = Field(foreign_key="meeting.id", index=True, max_length=32)
    worked: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    worried: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    better: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    listened: Optional[int] = None  # 0-10, or not answered


FeedbackGivenRow = row_type(FeedbackGiven)
FeedbackAnswerRow = row_type(FeedbackAnswer)
ROW_TYPES[FeedbackGiven.__table__] = FeedbackGivenRow
ROW_TYPES[FeedbackAnswer.__table__] = FeedbackAnswerRow
