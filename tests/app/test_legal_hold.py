"""A legal hold on a family (issue 26, point 6): `purge` keeps its closed meetings, however old,
until the chair lifts the hold; only the family's chair may place or lift it."""

from __future__ import annotations

from datetime import timedelta

from meeting_room.domain.retention import purge
from meeting_room.store.db import Database
from meeting_room.store.models import AuditEntry, Meeting, now


async def test_a_legal_hold_survives_purge_until_it_is_lifted(app, meeting, database_url):
    chair, mum, meeting_id, _ = meeting
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    page = await chair.get(f"/meetings/{meeting_id}/record")
    assert "Place a legal hold" in page.text
    r = await mum.post(f"/meetings/{meeting_id}/hold", {"reason": "Mine"}, htmx=False)
    assert r.status_code == 403
    r = await chair.post(f"/meetings/{meeting_id}/hold", {"csrf_token": chair.csrf, "reason": ""}, htmx=False)
    assert r.status_code == 400
    r = await chair.post(f"/meetings/{meeting_id}/hold", {"csrf_token": chair.csrf, "reason": "Care proceedings"},
                         htmx=False)
    assert r.status_code == 303
    page = await chair.get(f"/meetings/{meeting_id}/record")
    assert "on legal hold" in page.text and "Care proceedings" in page.text
    assert "Care proceedings" not in (await mum.get(f"/meetings/{meeting_id}/record")).text
    db = Database(database_url)
    try:
        async with db.write() as c:
            await c.set(Meeting.__table__, meeting_id, closed_at=now() - timedelta(days=400))
        assert await purge(db, 30) == []
        assert await app.state.mr.boards.board(meeting_id) is not None
        r = await chair.post(f"/meetings/{meeting_id}/hold/lift", {"csrf_token": chair.csrf}, htmx=False)
        assert r.status_code == 303
        assert [p.meeting_id for p in await purge(db, 30)] == [meeting_id]
        async with db.read() as c:
            actions = [e.action for e in (await c.execute(AuditEntry.__table__.select())).all()]
        assert "legal_hold_on" in actions and "legal_hold_off" in actions
    finally:
        await db.dispose()
