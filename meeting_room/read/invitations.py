"""Issue 24: reading the people the chair invited before the meeting (the chair's list, the record)."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from meeting_room.core.vocabulary import describe
from meeting_room.store.db import Database
from meeting_room.store.invite_tables import Invitation, InvitationRow

INVITATIONS = Invitation.__table__
OF_MEETING = (select(INVITATIONS).where(INVITATIONS.c.meeting_id == bindparam("meeting_id"))
              .order_by(INVITATIONS.c.created_at, INVITATIONS.c.id))


async def invitations_on(c, meeting_id: str) -> list[InvitationRow]:
    return list((await c.execute(OF_MEETING, {"meeting_id": meeting_id})).all())


async def invitations_of(db: Database, meeting_id: str) -> list[InvitationRow]:
    async with db.read() as c:
        return await invitations_on(c, meeting_id)


def came(invitation: InvitationRow, attended) -> bool:
    """Someone invited came: by their link, or (having typed the join code) under the same name."""
    name = invitation.name.casefold()
    return any(p.id == invitation.participant_id or p.name.casefold() == name for p in attended)


def absent(invitations: list[InvitationRow], attended, apologies: list[str]) -> list[InvitationRow]:
    """Invited, not withdrawn, never let in, and not among those who sent apologies."""
    return [i for i in invitations
            if not i.withdrawn and not came(i, attended) and describe(i) not in apologies]


def state_of(invitation: InvitationRow, person) -> str:
    """Where an invited person is now, in the chair's words."""
    if invitation.withdrawn:
        return "Withdrawn"
    if person is None:
        return "Let in ahead: not come yet" if invitation.admit_ahead else "Not come yet"
    return {"waiting": "Waiting to be let in", "outside": "Waiting outside", "turned_away": "Turned away",
            "removed": "Removed"}.get(person.status, "In the meeting" if person.entered else "Let in, coming in")
