"""Review finding 6: answering feedback leaves nothing timed that points to who answered: no
access-log entry at that moment (the thanks is the answer itself, not a redirect to a noted record
read), and no history event."""

from __future__ import annotations

from sqlalchemy import func, select

from meeting_room.store.db import Database
from meeting_room.store.models import AuditEntry, Event


async def _counts(database_url: str, meeting_id: str) -> tuple[int, int]:
    db = Database(database_url)
    try:
        async with db.read() as c:
            audit = (await c.execute(select(func.count()).select_from(AuditEntry.__table__))).scalar_one()
            events = (await c.execute(select(func.count()).select_from(Event.__table__)
                                      .where(Event.__table__.c.meeting_id == meeting_id))).scalar_one()
    finally:
        await db.dispose()
    return audit, events


async def test_answering_feedback_notes_no_record_read_and_no_event(app, meeting, database_url):
    chair, mum, meeting_id, _ = meeting
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    assert (await mum.get(f"/meetings/{meeting_id}/record")).status_code == 200
    before = await _counts(database_url, meeting_id)
    r = await mum.post(f"/meetings/{meeting_id}/feedback", {"worked": "Being asked first"}, htmx=False)
    assert r.status_code == 200 and "Thank you. Your answers are saved without your name." in r.text
    assert "location" not in r.headers
    assert await _counts(database_url, meeting_id) == before  # no audit entry, no event
