"""What a chair or practice lead sees of their team's meetings (issue 26): titles, dates and the
family's name for the list; the record itself is read through `read/record.py`."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from meeting_room.store.db import Database
from meeting_room.store.models import Case, Meeting, User

MEETINGS, CASES, USERS = Meeting.__table__, Case.__table__, User.__table__
OF_TEAM = (select(MEETINGS, CASES.c.family_name, USERS.c.name.label("chair_name"))
           .join(CASES, CASES.c.id == MEETINGS.c.case_id).join(USERS, USERS.c.id == MEETINGS.c.chair_id)
           .where(MEETINGS.c.team_id == bindparam("team_id"), MEETINGS.c.chair_id != bindparam("user_id"))
           .order_by(MEETINGS.c.held_on.desc(), MEETINGS.c.created_at.desc()).limit(200))


async def team_meetings(db: Database, user) -> list:
    """The meetings of this person's team that others chair, newest first (none without a team)."""
    if user is None or not user.team_id:
        return []
    async with db.read() as c:
        return (await c.execute(OF_TEAM, {"team_id": user.team_id, "user_id": user.id})).all()
