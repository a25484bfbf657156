"""With PostgreSQL, the process that commits rings its own hub at once, and the hub skips the
notification's ring for a change it has drawn already (issue 28)."""

from __future__ import annotations

from meeting_room.live.broker.postgres import PostgresBroker
from meeting_room.live.hub import Hub, HubParts, Sessions


async def test_a_hub_skips_a_ring_for_a_change_it_has_drawn_already():
    """With PostgreSQL, a process rings its own hub at the commit and PostgreSQL's notification
    rings it again a moment later: the second ring must not cost a second read."""
    hub = Hub("m", HubParts(boards=None, render=None, sessions=Sessions(chair_valid=None)), on_empty=lambda hub: None)
    hub.seq = 7
    for seq in (5, 7):
        hub.ring(seq)
        assert not hub.wake.is_set() and not hub.rung
    hub.ring(-1)  # someone came or went on another process: no number, always looked at
    assert hub.wake.is_set() and hub.rung
    hub.wake.clear()
    hub.rung = False
    hub.ring(8)
    assert hub.wake.is_set() and hub.rung


async def test_postgresql_rings_this_processs_hub_at_the_commit(pg_url):
    """...without waiting for its own notification to come back (the others still hear it)."""
    rung: list[tuple[str, int]] = []
    broker = PostgresBroker(pg_url)
    await broker.start(lambda meeting_id, seq: rung.append((meeting_id, seq)), lambda: None)
    try:
        broker.committed("m", 5)
        assert rung == [("m", 5)]  # at once, before any round trip
    finally:
        await broker.stop()
