"""The child at the centre: a child's pictures. Kept apart from models.py to keep that file short;
the migrations' env.py imports it, and its row type is registered in models.ROW_TYPES."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from meeting_room.store.models import ROW_TYPES, new_id, now, row_type


class ChildPicture(SQLModel, table=True):
    """A picture a child made (a photo of their Three Houses drawing), decoded and encoded again
    with no metadata, kept in the database and served only to the people of its meeting."""
    __tablename__ = "child_picture"
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    meeting_id: str = Field(foreign_key="meeting.id", index=True, max_length=32)
    child: str = Field(max_length=60)             # the child's first name
    column: Optional[str] = Field(default=None, max_length=10)  # the house it belongs to, if any
    description: str = Field(max_length=300)      # what it shows, in words (its alternative text)
    content_type: str = Field(max_length=20)      # image/jpeg or image/png: set by us, never by the sender
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    width: int
    height: int
    added_by: str = Field(foreign_key="participant.id", max_length=32)
    professionals_only: bool = False             # hidden from family devices, the screen and the family's record
    created_at: datetime = Field(default_factory=now)


ChildPictureRow = row_type(ChildPicture)
ROW_TYPES[ChildPicture.__table__] = ChildPictureRow
