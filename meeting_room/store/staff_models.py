"""Tables for staff accounts (issue 26): teams, the single-use links that invite a new member of
staff or let someone set a new password, recovery codes, single sign-on under way, and legal holds.
Their rows are registered with `models.ROW_TYPES`."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from meeting_room.store.models import ROW_TYPES, new_id, now, row_type


class Team(SQLModel, table=True):
    """A team of staff. Meetings belong to their chair's team."""
    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    name: str = Field(unique=True, max_length=80)
    created_at: datetime = Field(default_factory=now)


class StaffLink(SQLModel, table=True):
    """A single-use link: an invitation (`invite`: a new account with these roles and team) or a
    new set-up link for an existing account (`reset`). Only the hash of its secret is kept."""
    __tablename__ = "staff_link"
    token_hash: str = Field(primary_key=True, max_length=64)
    purpose: str = Field(max_length=10)  # invite, reset
    email: str = Field(max_length=254)
    roles: str = Field(default="", max_length=40)
    team_id: Optional[str] = Field(default=None, max_length=32)
    user_id: Optional[str] = Field(default=None, index=True, max_length=32)  # a reset's account
    created_by: str = Field(default="", max_length=32)
    created_at: datetime = Field(default_factory=now)
    expires_at: datetime
    used_at: Optional[datetime] = None


class RecoveryCode(SQLModel, table=True):
    """One of an account's recovery codes for two-step sign-in: its SHA-256 only; it works once."""
    __tablename__ = "recovery_code"
    code_hash: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(index=True, max_length=32)
    used_at: Optional[datetime] = None


class OidcState(SQLModel, table=True):
    """A single sign-on under way: what the client library keeps between sending someone to the
    provider and their coming back (state, nonce, PKCE verifier). Used once, then deleted."""
    __tablename__ = "oidc_state"
    key: str = Field(primary_key=True, max_length=200)
    value: str = Field(sa_column=Column(Text, nullable=False))
    expires_at: datetime = Field(index=True)


class LegalHold(SQLModel, table=True):
    """A family (case) whose meetings `purge` must keep until the hold is lifted."""
    __tablename__ = "legal_hold"
    case_id: str = Field(primary_key=True, max_length=32)
    reason: str = Field(max_length=300)
    placed_by: str = Field(max_length=32)
    placed_at: datetime = Field(default_factory=now)


class SsoLink(SQLModel, table=True):
    """Which account a council identity signs in: the provider's issuer and its `sub` for that
    person, which never changes and is never given to anyone else (an email address can be)."""
    __tablename__ = "sso_link"
    issuer: str = Field(primary_key=True, max_length=200)
    subject: str = Field(primary_key=True, max_length=255)
    user_id: str = Field(index=True, max_length=32)
    linked_at: datetime = Field(default_factory=now)


TeamRow = row_type(Team)
StaffLinkRow = row_type(StaffLink)
RecoveryCodeRow = row_type(RecoveryCode)
OidcStateRow = row_type(OidcState)
LegalHoldRow = row_type(LegalHold)
SsoLinkRow = row_type(SsoLink)
ROW_TYPES.update({Team.__table__: TeamRow, StaffLink.__table__: StaffLinkRow,
                  RecoveryCode.__table__: RecoveryCodeRow, OidcState.__table__: OidcStateRow,
                  LegalHold.__table__: LegalHoldRow, SsoLink.__table__: SsoLinkRow})
