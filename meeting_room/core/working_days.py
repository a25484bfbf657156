"""Working days and the dates Working Together 2023 asks a conference to set: the first core group
within 10 working days, the review within 3 months of an initial conference (6 months after a
review). Bank holidays are England and Wales's, from the maintained `holidays` package."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import holidays

FIRST_CORE_GROUP_WORKING_DAYS = 10
REVIEW_MONTHS = {"initial": 3, "review": 6}  # months after the conference, by meeting type


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def bank_holiday_name(day: date) -> str | None:
    return holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day)


def add_working_days(start: date, count: int) -> date:
    """The `count`th working day after `start` (the day itself not counted)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def add_months(start: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month0 = start.month - 1 + months
    year, month = start.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def latest_first_core_group(held_on: date) -> date:
    return add_working_days(held_on, FIRST_CORE_GROUP_WORKING_DAYS)


def latest_review(kind: str, held_on: date) -> date | None:
    """The last working day the review may be held on, or None when the type sets no review."""
    months = REVIEW_MONTHS.get(kind)
    return working_day_on_or_before(add_months(held_on, months)) if months else None
