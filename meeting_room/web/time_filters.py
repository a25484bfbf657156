"""Template filters that show a stored UTC moment in the council's time zone, the zone named."""

from __future__ import annotations

from functools import partial

from meeting_room.core.times import clock, day_and_clock, full


def add_time_filters(env, zone_name: str) -> None:
    """`{{ t | clock }}` "10:42 BST"; `{{ t | day_clock }}` "Tue 1 Dec, 10:42 GMT";
    `{{ t | day_clock_seconds }}`; `{{ t | full_time }}` "10:42 BST on 1 June 2026"."""
    env.filters["clock"] = partial(clock, zone_name=zone_name)
    env.filters["day_clock"] = partial(day_and_clock, zone_name=zone_name)
    env.filters["day_clock_seconds"] = partial(day_and_clock, zone_name=zone_name, seconds=True)
    env.filters["full_time"] = partial(full, zone_name=zone_name)
