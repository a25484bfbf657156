"""Issue 24: inviting people before the meeting. The chair adds the people expected; each gets a
personal link that skips the join code and the typing. The link's secret is never stored: it is
an HMAC of the invitation's id (and `link_version`) under the app's secret key, so the chair can
print it again; only its SHA-256 is kept, to find the invitation when the link is opened."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging

from sqlalchemy import bindparam, func, select

from meeting_room.core import rules
from meeting_room.core.errors import Invalid, NotFound, TooMany
from meeting_room.core.events import EventKind
from meeting_room.core.passwords import hash_secret, new_secret
from meeting_room.core.text import NAME_MAX, checked, clean_line
from meeting_room.core.vocabulary import CONNECTION_ROLES, describe
from meeting_room.domain.changes import Changes
from meeting_room.domain.decide_form import save_apologies
from meeting_room.store.invite_tables import Invitation, InvitationRow
from meeting_room.store.models import Meeting, Participant, ParticipantRow, new_id, now
from meeting_room.store.queries import MAX_WAITING, WAITING

log = logging.getLogger("meeting_room.invitations")

INVITATIONS, PARTICIPANTS = Invitation.__table__, Participant.__table__
MAX_INVITATIONS = 60  # people invited to one meeting
LINK_STOPPED = "This link no longer works. Please ask the chair for the join code."
BY_LINK = select(INVITATIONS).where(INVITATIONS.c.link_hash == bindparam("link_hash"))
COUNT = select(func.count()).select_from(INVITATIONS).where(INVITATIONS.c.meeting_id == bindparam("meeting_id"))
INVITED_WAITING = select(PARTICIPANTS).where(PARTICIPANTS.c.meeting_id == bindparam("meeting_id"),
                                             PARTICIPANTS.c.status == "waiting", PARTICIPANTS.c.invited == "invited")
NOT_COME = select(INVITATIONS).where(INVITATIONS.c.meeting_id == bindparam("meeting_id"),
                                     INVITATIONS.c.participant_id.is_(None), INVITATIONS.c.withdrawn.is_(False),
                                     INVITATIONS.c.admit_ahead.is_(False))


def link_secret(secret_key: str, invitation_id: str, version: int) -> str:
    """The secret in an invitation's link: 192 bits, worked out again whenever it is printed."""
    mac = hmac.new(secret_key.encode(), f"invitation:{invitation_id}:{version}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:24]).decode().rstrip("=")


def _email(value: str) -> str:
    email = checked(clean_line, value, "Email", 254, required=False)
    if email and (email.count("@") != 1 or " " in email or email.startswith("@") or email.endswith("@")):
        raise Invalid("Please check the email address, or leave it empty.")
    return email


class Invitations:
    def __init__(self, changes: Changes, secret_key: str):
        self.changes, self.db, self.secret_key = changes, changes.db, secret_key

    def secret_of(self, invitation: InvitationRow) -> str:
        return link_secret(self.secret_key, invitation.id, invitation.link_version)

    async def invite(self, meeting_id: str, actor_id: str, name: str, connection: str, agency: str,
                     email: str) -> InvitationRow:
        """Someone the chair expects (the chair or a co-chair)."""
        name = checked(clean_line, name, "Their name", NAME_MAX)
        if connection not in CONNECTION_ROLES:
            raise Invalid("Please choose their connection to the child.")
        agency = checked(clean_line, agency, "Where they work", 80, required=False)
        if CONNECTION_ROLES[connection] == "professional" and not agency:
            raise Invalid("Please say where they work, for example: school, health visiting.")
        email = _email(email)
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            if (await change.conn.execute(COUNT, {"meeting_id": meeting_id})).scalar_one() >= MAX_INVITATIONS:
                raise TooMany(f"A meeting can have {MAX_INVITATIONS} invitations at most.")
            invitation_id = new_id()
            invitation = await change.conn.insert(
                INVITATIONS, id=invitation_id, meeting_id=meeting_id, name=name, connection=connection, agency=agency,
                role=CONNECTION_ROLES[connection], email=email,
                link_hash=hash_secret(link_secret(self.secret_key, invitation_id, 1)))
            await change.record(EventKind.INVITATION_ADDED, invitation=invitation.id, name=name)
        return invitation

    async def _invitation(self, change, invitation_id: str) -> InvitationRow:
        invitation = await change.conn.get(INVITATIONS, invitation_id)
        if invitation is None or invitation.meeting_id != change.meeting.id:
            raise NotFound("That invitation could not be found.")
        return invitation

    async def withdraw(self, meeting_id: str, actor_id: str, invitation_id: str) -> None:
        """The link stops working. Someone already in the meeting stays in (the chair has "Remove")."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            invitation = await self._invitation(change, invitation_id)
            if invitation.withdrawn:
                return
            await change.conn.set(INVITATIONS, invitation.id, withdrawn=True, admit_ahead=False)
            await change.record(EventKind.INVITATION_WITHDRAWN, invitation=invitation.id, name=invitation.name,
                                withdrawn=True)

    async def admit_all(self, meeting_id: str, actor_id: str) -> tuple[int, int]:
        """Let in everyone waiting who came by their own link (never a second device), and let the
        invited who have not come yet go straight in with their link. Returns both counts."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            params = {"meeting_id": meeting_id}
            waiting = (await change.conn.execute(INVITED_WAITING, params)).all()
            ahead = (await change.conn.execute(NOT_COME, params)).all()
            for person in waiting:
                await change.conn.set(PARTICIPANTS, person.id, status="admitted")
                await change.record(EventKind.PARTICIPANT_ADMITTED, participant=person.id, before="waiting",
                                    after="admitted")
            for invitation in ahead:
                await change.conn.set(INVITATIONS, invitation.id, admit_ahead=True)
            if waiting or ahead:
                await change.record(EventKind.INVITATIONS_ADMITTED, admitted=len(waiting), ahead=len(ahead))
        return len(waiting), len(ahead)

    async def set_apologies(self, meeting_id: str, actor_id: str, invitation_id: str, sent: bool) -> None:
        """Tick or untick "Sent apologies" for someone invited: their line in the meeting's apologies."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            line = describe(await self._invitation(change, invitation_id))
            lines = [n for n in (change.meeting.apologies or "").splitlines() if n and n != line]
            await save_apologies(change, lines + [line] if sent else lines)

    async def check_link(self, meeting_id: str, secret: str) -> InvitationRow:
        """The invitation behind a link, if it works for this meeting now; NotFound otherwise."""
        async with self.db.read() as c:
            invitation = (await c.execute(BY_LINK, {"link_hash": hash_secret(secret)})).first()
            meeting = await c.get(Meeting.__table__, meeting_id)
        _check_works(invitation, meeting, meeting_id)
        return invitation

    async def open_link(self, meeting_id: str, secret: str, current_id: str | None,
                        user_id: str | None) -> tuple[ParticipantRow, str] | None:
        """Someone opened their link. Their first device goes to the lobby (or straight in, when the
        chair let the invited in ahead); the same link on another device waits in the lobby, marked,
        always. A device that is someone of this meeting already changes nothing (None)."""
        fresh = new_secret()
        async with self.changes.unchecked(meeting_id) as change:
            invitation = (await change.conn.execute(BY_LINK, {"link_hash": hash_secret(secret)})).first()
            _check_works(invitation, change.meeting, meeting_id)
            if current_id is not None:
                return None
            first = invitation.participant_id is None
            ahead = first and invitation.admit_ahead
            if not ahead and (await change.conn.execute(WAITING, {"meeting_id": meeting_id})).scalar_one() >= MAX_WAITING:
                raise TooMany("The waiting room is full. Please tell the chair you are here.")
            person = await change.conn.insert(
                PARTICIPANTS, meeting_id=meeting_id, name=invitation.name, connection=invitation.connection,
                agency=invitation.agency, role=invitation.role, status="admitted" if ahead else "waiting",
                session_hash=hash_secret(fresh), invited="invited" if first else "second_device",
                user_id=user_id if invitation.role == "professional" else None)
            if first:
                await change.conn.set(INVITATIONS, invitation.id, participant_id=person.id, used_at=now())
            change.actor = rules.Actor(person.id, person.role, None)
            await change.record(EventKind.INVITATION_USED, invitation=invitation.id, participant=person.id,
                                second_device=not first, ahead=ahead)
            if not ahead:  # last: the chair's screen reader hears that someone is waiting
                await change.record(EventKind.PARTICIPANT_WAITING, participant=person.id, name=person.name,
                                    connection=person.connection)
        log.info("an invitation link was opened")
        return person, fresh


def _check_works(invitation, meeting, meeting_id: str) -> None:
    if (invitation is None or invitation.meeting_id != meeting_id or invitation.withdrawn or meeting is None
            or meeting.status != "open"):
        raise NotFound(LINK_STOPPED)
