"""Issue 24: people the chair invites before the meeting. Kept apart from models.py to keep that
file short; the migrations' env.py imports it, and its row type is registered in models.ROW_TYPES."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlmodel import Field, SQLModel

from meeting_room.store.models import ROW_TYPES, new_id, now, row_type


class Invitation(SQLModel, table=True):
    """Someone the chair expects at a meeting, with a personal link. Only the hash of the link's
    secret is stored; the secret is worked out again from the app's secret key, the invitation's
    id and `link_version` (domain/invitations.py), so the chair can print it again."""
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    meeting_id: str = Field(foreign_key="meeting.id", index=True, max_length=32)
    name: str = Field(max_length=60)
    connection: str = Field(max_length=30)
    agency: str = Field(default="", max_length=80)
    role: str = Field(max_length=20)  # family, professional, child: from the connection, as when joining
    email: str = Field(default="", max_length=254)  # only for a mailto: link; the app sends no mail
    link_hash: str = Field(index=True, unique=True, max_length=64)
    link_version: int = 1
    withdrawn: bool = False  # the chair withdrew it: the link stops working
    admit_ahead: bool = False  # "Admit all who were invited" before they came: their first device goes straight in
    participant_id: Optional[str] = Field(default=None, foreign_key="participant.id", max_length=32)  # the first device
    created_at: datetime = Field(default_factory=now)
    used_at: Optional[datetime] = None


InvitationRow = row_type(Invitation)
ROW_TYPES[Invitation.__table__] = InvitationRow
