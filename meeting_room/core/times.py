"""Times as people in the council read them: stored in UTC, shown in the council's time zone with
the zone named ("10:42 GMT", "10:42 BST"), so an official record is never an hour out."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/London"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@lru_cache(maxsize=16)
def zone(name: str = DEFAULT_ZONE) -> ZoneInfo:
    return ZoneInfo(name)


def zone_known(name: str) -> bool:
    try:
        zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local(moment: datetime, zone_name: str = DEFAULT_ZONE) -> datetime:
    """The moment in the council's zone (a moment without a zone is taken as UTC, as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone(zone_name))


def clock(moment: datetime, zone_name: str = DEFAULT_ZONE, seconds: bool = False) -> str:
    """'10:42 BST' (or '10:42:07 BST')."""
    t = local(moment, zone_name)
    secs = f":{t.second:02d}" if seconds else ""
    return f"{t.hour:02d}:{t.minute:02d}{secs} {t.tzname()}"


def day_and_clock(moment: datetime, zone_name: str = DEFAULT_ZONE, seconds: bool = False) -> str:
    """'Tue 1 Dec, 10:42 GMT': the history's and the access log's times."""
    t = local(moment, zone_name)
    return f"{DAYS[t.weekday()]} {t.day} {MONTHS[t.month - 1][:3]}, {clock(moment, zone_name, seconds)}"


def full(moment: datetime, zone_name: str = DEFAULT_ZONE) -> str:
    """'10:42 BST on 1 June 2026': the record's times."""
    t = local(moment, zone_name)
    return f"{clock(moment, zone_name)} on {t.day} {MONTHS[t.month - 1]} {t.year}"
