"""Issue 23, point 5: times stored in UTC are shown in the council's zone, with the zone named."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from meeting_room.core.times import clock, day_and_clock, full, zone_known
from meeting_room.read.history import when
from meeting_room.web.settings import SettingsError, load_settings

SUMMER = datetime(2026, 6, 1, 9, 42, 7, tzinfo=timezone.utc)
WINTER = datetime(2026, 12, 1, 10, 42, 7, tzinfo=timezone.utc)


def test_london_is_named_gmt_in_winter_and_bst_in_summer():
    assert clock(WINTER) == "10:42 GMT" and clock(SUMMER) == "10:42 BST"
    assert clock(SUMMER, seconds=True) == "10:42:07 BST"
    assert full(SUMMER) == "10:42 BST on 1 June 2026" and full(WINTER) == "10:42 GMT on 1 December 2026"
    assert day_and_clock(WINTER) == "Tue 1 Dec, 10:42 GMT" and when(SUMMER) == "Mon 1 Jun, 10:42 BST"


def test_the_clocks_changing_and_a_moment_stored_without_its_zone():
    # 29 March 2026: 01:00 UTC the clocks go forward; 25 October 2026: 01:00 UTC they go back
    assert clock(datetime(2026, 3, 29, 0, 59, tzinfo=timezone.utc)) == "00:59 GMT"
    assert clock(datetime(2026, 3, 29, 1, 0, tzinfo=timezone.utc)) == "02:00 BST"
    assert clock(datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)) == "01:30 BST"
    assert clock(datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc)) == "01:30 GMT"
    assert clock(datetime(2026, 6, 1, 9, 42)) == "10:42 BST"  # naive = UTC, as stored
    assert clock(SUMMER.astimezone(timezone(timedelta(hours=-5)))) == "10:42 BST"


def test_another_council_zone_and_a_zone_that_does_not_exist():
    assert clock(WINTER, "Europe/Dublin") == "10:42 GMT" and clock(SUMMER, "Europe/Dublin") == "10:42 IST"
    assert zone_known("Europe/London") and not zone_known("Europe/Narnia") and not zone_known("../etc")
    assert load_settings({}, dotenv=None).time_zone == "Europe/London"
    assert load_settings({"MEETING_ROOM_TIME_ZONE": "Europe/Dublin"}).time_zone == "Europe/Dublin"
    with pytest.raises(SettingsError, match="MEETING_ROOM_TIME_ZONE"):
        load_settings({"MEETING_ROOM_TIME_ZONE": "Europe/Narnia"})
    assert load_settings({}).protective_marking == "OFFICIAL-SENSITIVE"
