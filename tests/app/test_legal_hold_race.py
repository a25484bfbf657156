"""Review finding 11 (second half): a legal hold placed after `purge` made its list, but before it
reached the family's meeting, still keeps that meeting: the hold is checked again inside the
meeting's own delete transaction."""

from __future__ import annotations

from datetime import timedelta

from meeting_room.domain import retention
from meeting_room.store.db import Database
from meeting_room.store.models import Meeting, now


async def test_a_hold_placed_while_purge_runs_keeps_the_meeting(app, meeting, database_url, monkeypatch):
    chair, _, meeting_id, _ = meeting
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    await chair.get(f"/meetings/{meeting_id}/record")
    real_delete = retention._delete

    async def hold_first(db, found):  # the chair places a hold just as purge reaches this meeting
        r = await chair.post(f"/meetings/{meeting_id}/hold", {"csrf_token": chair.csrf, "reason": "Court"},
                             htmx=False)
        assert r.status_code == 303
        return await real_delete(db, found)

    monkeypatch.setattr(retention, "_delete", hold_first)
    db = Database(database_url)
    try:
        async with db.write() as c:
            await c.set(Meeting.__table__, meeting_id, closed_at=now() - timedelta(days=400))
        assert await retention.purge(db, 30) == []
    finally:
        await db.dispose()
    assert await app.state.mr.boards.board(meeting_id) is not None
