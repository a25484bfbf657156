"""Legal holds (issue 26, point 6): a chair keeps a family's meetings from `purge` (a court case,
a complaint, an inquiry) until they lift the hold. Only the family's own chair may place or lift
it; the hold names who placed it and why."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, select

from meeting_room.core.errors import Invalid, NotAllowed, NotFound
from meeting_room.core.staff_roles import has_role
from meeting_room.core.text import TextError, clean_line
from meeting_room.store.db import Database
from meeting_room.store.models import Case, Meeting, UserRow
from meeting_room.store.staff_models import LegalHold, LegalHoldRow

HOLDS, CASES, MEETINGS = LegalHold.__table__, Case.__table__, Meeting.__table__
# The family's row is locked while a hold is placed, as `retention.purge` locks it to delete: the
# two cannot pass each other.
CASE_LOCKED = select(CASES.c.id).where(CASES.c.id == bindparam("case_id")).with_for_update()


async def _case_of(c, user: UserRow, meeting_id: str):
    meeting = await c.get(MEETINGS, meeting_id)
    if meeting is None:
        raise NotFound("That meeting could not be found.")
    case = await c.get(CASES, meeting.case_id)
    if not has_role(user, "chair") or case is None or case.owner_id != user.id:
        raise NotAllowed("Only the family's chair can place or lift a legal hold.")
    return case


async def hold_of(db: Database, case_id: str) -> LegalHoldRow | None:
    async with db.read() as c:
        return await c.get(HOLDS, case_id)


async def place(db: Database, user: UserRow, meeting_id: str, reason: str) -> None:
    try:
        reason = clean_line(reason, "Why", 300)
    except TextError as e:
        raise Invalid(str(e)) from None
    async with db.write() as c:
        case = await _case_of(c, user, meeting_id)
        await c.execute(CASE_LOCKED, {"case_id": case.id})
        if await c.get(HOLDS, case.id) is None:
            await c.insert(HOLDS, case_id=case.id, reason=reason, placed_by=user.id)


async def lift(db: Database, user: UserRow, meeting_id: str) -> None:
    async with db.write() as c:
        case = await _case_of(c, user, meeting_id)
        await c.execute(delete(HOLDS).where(HOLDS.c.case_id == case.id))
