"""People in a meeting: joining by code into the lobby, the chair's decisions, entering."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import bindparam, func, select, update

from meeting_room.core import rules
from meeting_room.core.errors import Invalid, NotFound, TooMany
from meeting_room.core.events import EventKind
from meeting_room.core.passwords import hash_secret, new_secret
from meeting_room.core.staff_roles import has_role
from meeting_room.core.text import NAME_MAX, checked, clean_line
from meeting_room.core.vocabulary import CONNECTION_ROLES
from meeting_room.domain.changes import Changes
from meeting_room.domain.meetings import meeting_by_code
from meeting_room.store.models import Meeting, Participant, ParticipantRow, now
from meeting_room.store.queries import MAX_WAITING, WAITING

log = logging.getLogger("meeting_room.people")

PARTICIPANTS, MEETINGS = Participant.__table__, Meeting.__table__
BY_SESSION = select(PARTICIPANTS).where(PARTICIPANTS.c.session_hash == bindparam("session_hash"))
SESSION = (select(PARTICIPANTS, MEETINGS.c.status.label("meeting_status"))
           .join(MEETINGS, MEETINGS.c.id == PARTICIPANTS.c.meeting_id)
           .where(PARTICIPANTS.c.session_hash == bindparam("session_hash")))
LAST_SEEN = func.coalesce(PARTICIPANTS.c.last_seen_at, PARTICIPANTS.c.created_at)  # (empty: joined before it was kept)
SIGNED_IN = select(PARTICIPANTS.c.id).where(
    PARTICIPANTS.c.meeting_id == bindparam("meeting_id"), PARTICIPANTS.c.session_hash.is_not(None),
    LAST_SEEN >= bindparam("since", type_=PARTICIPANTS.c.created_at.type))
END_SESSION = update(PARTICIPANTS).where(PARTICIPANTS.c.id == bindparam("id"),
                                         PARTICIPANTS.c.session_hash == bindparam("ending")).values(session_hash=None)
CHAIR_OF = select(PARTICIPANTS).where(PARTICIPANTS.c.meeting_id == bindparam("meeting_id"),
                                      PARTICIPANTS.c.user_id == bindparam("user_id"), PARTICIPANTS.c.role == "chair")
CLOSED_TO_JOIN = "That code does not match a meeting that is open to join."


RECORD_IDLE_HOURS = 30 * 24  # after the meeting closes, a phone that was in it may read the record a month


class People:
    def __init__(self, changes: Changes):
        self.changes = changes
        self.db = changes.db

    async def join(self, code: str, name: str, connection: str, agency: str,
                   user_id: str | None = None) -> tuple[ParticipantRow, str]:
        """Put someone in the lobby. Returns them and their session secret. A professional who
        joins while signed in to a staff account is bound to it (and may be made co-chair)."""
        name = checked(clean_line, name, "Your name", NAME_MAX)
        if connection not in CONNECTION_ROLES:
            raise Invalid("Please choose your connection to the child.")
        agency = checked(clean_line, agency, "Where you work", 80, required=False)
        if CONNECTION_ROLES[connection] == "professional" and not agency:
            raise Invalid("Please say where you work, for example: school, health visiting.")
        meeting = await meeting_by_code(self.db, code)
        if meeting is None:
            raise NotFound(CLOSED_TO_JOIN)
        secret = new_secret()
        async with self.changes.unchecked(meeting.id) as change:
            if not change.meeting.joining_open or change.meeting.status != "open":
                raise NotFound(CLOSED_TO_JOIN)
            waiting = (await change.conn.execute(WAITING, {"meeting_id": meeting.id})).scalar_one()
            if waiting >= MAX_WAITING:  # counted inside the lock: it holds across processes
                raise TooMany("The waiting room is full. Please tell the chair you are here.")
            person = await change.conn.insert(PARTICIPANTS, meeting_id=meeting.id, name=name, connection=connection,
                                              agency=agency, role=CONNECTION_ROLES[connection], status="waiting",
                                              session_hash=hash_secret(secret),
                                              user_id=user_id if CONNECTION_ROLES[connection] == "professional" else None)
            change.actor = rules.Actor(person.id, person.role, None)
            await change.record(EventKind.PARTICIPANT_WAITING, participant=person.id, name=name, connection=connection)
        return person, secret

    async def _decide(self, meeting_id: str, actor_id: str, pid: str, allowed_from: set[str], to: str,
                      kind: EventKind) -> None:
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            person = await change.conn.get(PARTICIPANTS, pid)
            if person is None or person.meeting_id != meeting_id:
                raise NotFound("That person could not be found.")
            if person.role == "chair":
                raise Invalid("The chair cannot be removed from their own meeting.")
            if person.status not in allowed_from:
                return  # already done (double tap): nothing to change
            # Turned away or removed: every device and link of theirs stops working.
            session = None if to in {"removed", "turned_away"} else person.session_hash
            await change.conn.set(PARTICIPANTS, pid, status=to, session_hash=session)
            await change.record(kind, participant=pid, before=person.status, after=to)
        log.info("chair decision %s", kind)

    async def admit(self, meeting_id: str, actor_id: str, pid: str) -> None:
        await self._decide(meeting_id, actor_id, pid, {"waiting"}, "admitted", EventKind.PARTICIPANT_ADMITTED)

    async def turn_away(self, meeting_id: str, actor_id: str, pid: str) -> None:
        await self._decide(meeting_id, actor_id, pid, {"waiting"}, "turned_away", EventKind.PARTICIPANT_TURNED_AWAY)

    async def remove(self, meeting_id: str, actor_id: str, pid: str) -> None:
        await self._decide(meeting_id, actor_id, pid, {"waiting", "admitted", "outside"}, "removed",
                           EventKind.PARTICIPANT_REMOVED)

    async def step_out(self, meeting_id: str, actor_id: str, pid: str) -> None:
        """Ask someone to wait outside for part of the meeting (parents attending separately):
        their devices show a calm waiting screen and are sent nothing of the meeting."""
        await self._decide(meeting_id, actor_id, pid, {"admitted"}, "outside", EventKind.PARTICIPANT_OUTSIDE)

    async def set_co_chair(self, meeting_id: str, actor_id: str, pid: str, co_chair: bool) -> None:
        """The chair makes a signed-in staff member of the meeting co-chair, or stops that."""
        async with self.changes.change(meeting_id, actor_id, rules.lead_chair) as change:
            person = await change.conn.get(PARTICIPANTS, pid)
            if person is None or person.meeting_id != meeting_id:
                raise NotFound("That person could not be found.")
            if co_chair and (person.role != "professional" or person.user_id is None or person.status != "admitted"):
                raise Invalid("Only a staff member who joined while signed in can be co-chair.")
            if person.co_chair == co_chair:
                return
            await change.conn.set(PARTICIPANTS, pid, co_chair=co_chair)
            await change.record(EventKind.PARTICIPANT_CO_CHAIR, participant=pid, co_chair=co_chair)

    async def bring_back(self, meeting_id: str, actor_id: str, pid: str) -> None:
        await self._decide(meeting_id, actor_id, pid, {"outside"}, "admitted", EventKind.PARTICIPANT_BACK)

    async def enter(self, meeting_id: str, secret: str | None) -> tuple[ParticipantRow, str] | None:
        """Swap the lobby secret of someone just admitted for a fresh one.

        A cookie or link copied while waiting is then useless. Returns None unless the secret
        belongs to an admitted participant of this meeting."""
        if not secret:
            return None
        fresh = new_secret()
        async with self.db.write() as c:
            person = (await c.execute(BY_SESSION, {"session_hash": hash_secret(secret)})).first()
            if person is None or person.meeting_id != meeting_id or person.status != "admitted" or person.entered:
                return None
            await c.set(PARTICIPANTS, person.id, session_hash=hash_secret(fresh), entered=True)
        return person._replace(session_hash=hash_secret(fresh), entered=True), fresh

    async def session(self, meeting_id: str, secret: str | None, idle_hours: float) -> tuple[ParticipantRow, bool] | None:
        """The person behind a participant cookie of this meeting, and whether the meeting is still
        open; None for no one. A session idle for `idle_hours` ends here, for good."""
        if not secret:
            return None
        key = hash_secret(secret)
        async with self.db.read() as c:
            row = (await c.execute(SESSION, {"session_hash": key})).first()
        if row is None or row.meeting_id != meeting_id:
            return None
        person, moment = ParticipantRow(*row[:-1]), now()
        seen = person.last_seen_at or person.created_at
        if row.meeting_status != "open":  # only the record is left to read, often days later
            idle_hours = max(idle_hours, RECORD_IDLE_HOURS)
        if moment - seen > timedelta(hours=idle_hours):
            async with self.db.write() as c:
                await c.execute(END_SESSION, {"id": person.id, "ending": key})
            log.info("a participant's session ended after a long idle")
            return None
        if moment - seen > timedelta(minutes=1):  # do not write on every request
            async with self.db.write() as c:
                await c.set(PARTICIPANTS, person.id, last_seen_at=moment)
        return person, row.meeting_status == "open"

    async def signed_in(self, meeting_id: str, idle_hours: float) -> set[str]:
        """The people of this meeting whose session has not ended (for the live hubs, every few
        seconds: an idle one loses its sockets on time)."""
        async with self.db.read() as c:
            rows = await c.execute(SIGNED_IN, {"meeting_id": meeting_id, "since": now() - timedelta(hours=idle_hours)})
        return {r.id for r in rows}

    async def chair_of(self, meeting_id: str, user) -> ParticipantRow | None:
        """The chair's own participant row, if `user` chairs this meeting and still holds the chair
        role (an account whose chair role was removed, or that was turned off, chairs nothing)."""
        if user is None or not has_role(user, "chair"):
            return None
        async with self.db.read() as c:
            return (await c.execute(CHAIR_OF, {"meeting_id": meeting_id, "user_id": user.id})).first()
