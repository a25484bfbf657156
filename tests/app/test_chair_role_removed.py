"""Review finding 8: an account whose chair role is taken away no longer chairs its meetings: it
cannot read their history or move the agenda on (an account with the role still can)."""

from __future__ import annotations

from meeting_room.domain.accounts import USER_BY_EMAIL, USERS
from meeting_room.store.db import Database


async def _set_roles(database_url: str, roles: str) -> None:
    db = Database(database_url)
    try:
        async with db.write() as c:
            user = (await c.execute(USER_BY_EMAIL, {"email": "chair@example.org"})).first()
            await c.set(USERS, user.id, roles=roles)
    finally:
        await db.dispose()


async def test_a_chair_whose_role_was_removed_chairs_nothing(app, meeting, database_url):
    chair, _, meeting_id, _ = meeting
    assert (await chair.get(f"/meetings/{meeting_id}/history")).status_code == 200
    await _set_roles(database_url, "admin,lead")
    assert (await chair.get(f"/meetings/{meeting_id}/history")).status_code == 403
    r = await chair.post(f"/meetings/{meeting_id}/agenda/next")
    assert r.status_code == 403
    await _set_roles(database_url, "chair")
    assert (await chair.get(f"/meetings/{meeting_id}/history")).status_code == 200
