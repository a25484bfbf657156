"""Issue 23, point 5: the record, the history and the access log show times in the council's zone,
with the zone named; the JSON keeps UTC."""

from __future__ import annotations

import re

import pytest

from meeting_room.core.times import clock, full
from tests.app.test_closing import a_decided_meeting

ZONED = re.compile(r"\b\d\d:\d\d(:\d\d)? (GMT|BST|IST)\b")
BARE = re.compile(r"\b\d\d:\d\d(:\d\d)?\b(?! (GMT|BST|IST))")


@pytest.fixture(params=["Europe/London", "Europe/Dublin"])
def settings(request, settings):
    settings.time_zone = request.param
    return settings


async def test_every_time_shown_names_the_council_zone(app, meeting, settings):
    chair, mum, meeting_id, _ = meeting
    await a_decided_meeting(app, chair, mum, meeting_id)
    for action in ("start", "end"):
        assert (await chair.post(f"/meetings/{meeting_id}/private/{action}")).status_code == 200
    r = await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    assert r.status_code == 303
    closed_at = (await app.state.mr.boards.board(meeting_id)).meeting.closed_at
    record = (await chair.get(f"/meetings/{meeting_id}/record")).text
    assert f"Closed at {full(closed_at, settings.time_zone)}" in record
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    access = (await chair.get(f"/meetings/{meeting_id}/access")).text
    for name, page in (("record", record), ("history", history), ("access log", access)):
        times = [m.group(0) for m in ZONED.finditer(page)]
        assert times, name
        assert not BARE.search(re.sub(ZONED, "", page)), (name, BARE.search(re.sub(ZONED, "", page)))
    assert clock(closed_at, settings.time_zone) in history
    assert "family devices were paused" in record
    data = (await chair.get(f"/meetings/{meeting_id}/record.json")).json()
    assert data["meeting"]["closed_at"].endswith(("+00:00", "Z"))
