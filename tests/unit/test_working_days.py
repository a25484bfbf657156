"""Issue 23, point 2: working-day dates with England and Wales bank holidays."""

from __future__ import annotations

from datetime import date

from meeting_room.core.working_days import (
    add_months,
    add_working_days,
    bank_holiday_name,
    is_working_day,
    latest_first_core_group,
    latest_review,
)


def test_ten_working_days_across_christmas_and_the_new_year():
    # Mon 21 Dec 2026: 25 Dec (Fri), 28 Dec (Mon, Boxing Day substitute) and 1 Jan 2027 are holidays
    assert not is_working_day(date(2026, 12, 25)) and not is_working_day(date(2026, 12, 28))
    assert not is_working_day(date(2027, 1, 1)) and is_working_day(date(2026, 12, 29))
    assert bank_holiday_name(date(2026, 12, 28)) is not None
    # 22, 23, 24, 29, 30, 31 Dec, 4, 5, 6, 7 Jan
    assert latest_first_core_group(date(2026, 12, 21)) == date(2027, 1, 7)


def test_ten_working_days_across_a_spring_bank_holiday():
    # Fri 22 May 2026; Mon 25 May 2026 is the spring bank holiday
    assert not is_working_day(date(2026, 5, 25))
    assert add_working_days(date(2026, 5, 22), 10) == date(2026, 6, 8)
    # without a holiday in the way: Mon 1 Jun 2026 + 10 working days = Mon 15 Jun
    assert add_working_days(date(2026, 6, 1), 10) == date(2026, 6, 15)
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March
    assert add_working_days(date(2027, 3, 24), 2) == date(2027, 3, 30)


def test_review_dates_three_months_after_an_initial_six_after_a_review():
    assert latest_review("initial", date(2026, 6, 1)) == date(2026, 9, 1)
    assert latest_review("review", date(2026, 6, 1)) == date(2026, 12, 1)
    # three months after 28 Sep 2026 is Mon 28 Dec 2026, a bank holiday: the Thursday before
    assert latest_review("initial", date(2026, 9, 28)) == date(2026, 12, 24)
    # across the year's end, and a month that is shorter
    assert latest_review("review", date(2026, 8, 31)) == date(2027, 2, 26)  # 28 Feb 2027 is a Sunday
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert latest_review("core_group", date(2026, 6, 1)) is None
