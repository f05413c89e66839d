"""Deadlines land where Korean law puts them, on real 2026 calendar dates."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from minwon.catalog.deadlines import (
    HolidayCalendar,
    SkippedDay,
    add_months,
    compute_deadline,
    period_end,
    processing_due,
)
from minwon.catalog.schema import DeadlineRule, Localized, Sourced

D = dt.date
KR = holidays.country_holidays("KR", years=[2026, 2027])


def test_the_2026_holidays_these_tests_rely_on() -> None:
    # If the holidays package changes its view of 2026, the tests below need re-checking.
    for day in ("2026-09-24", "2026-09-25", "2026-09-26", "2026-10-03", "2026-10-05"):
        assert D.fromisoformat(day) in KR, day
    assert D(2026, 10, 9) in KR  # 한글날
    assert D(2026, 3, 1) in KR
    assert D(2026, 3, 2) in KR
    assert D(2026, 10, 8) not in KR
    assert D(2026, 10, 6) not in KR
    assert D(2027, 1, 14) not in KR


def test_move_in_on_chuseok_eve_ends_after_the_holidays_unmoved() -> None:
    # 14 days from 2026-09-24 is Thursday 2026-10-08: a working day, nothing moves.
    deadline = period_end(D(2026, 9, 24), days=14)
    assert deadline.nominal_due == D(2026, 10, 8) == deadline.due
    assert deadline.due.weekday() == 3
    assert not deadline.moved
    assert deadline.skipped == ()


def test_deadline_on_chuseok_moves_to_the_next_working_day() -> None:
    deadline = period_end(D(2026, 9, 10), days=14)
    assert deadline.nominal_due == D(2026, 9, 24)
    assert deadline.due == D(2026, 9, 28)
    assert deadline.moved
    assert [s.day for s in deadline.skipped] == [
        D(2026, 9, 24),
        D(2026, 9, 25),
        D(2026, 9, 26),
        D(2026, 9, 27),
    ]
    assert "추석" in deadline.skipped[1].reason


def test_deadline_on_gaecheonjeol_saturday_skips_sunday_and_the_substitute() -> None:
    deadline = period_end(D(2026, 9, 19), days=14)
    assert deadline.nominal_due == D(2026, 10, 3)
    assert deadline.due == D(2026, 10, 6)
    assert [s.day for s in deadline.skipped] == [D(2026, 10, 3), D(2026, 10, 4), D(2026, 10, 5)]
    assert deadline.skipped[1] == SkippedDay(D(2026, 10, 4), "일요일")
    assert "대체" in deadline.skipped[2].reason


def test_one_month_from_the_31st_ends_on_the_last_day_of_february_then_moves() -> None:
    # 민법 제160조③: February has no 31st, so the month ends on 2026-02-28, a Saturday; then
    # 삼일절 (Sunday) and its substitute Monday: the birth report is due Tuesday 2026-03-03.
    deadline = period_end(D(2026, 1, 31), months=1)
    assert deadline.nominal_due == D(2026, 2, 28)
    assert deadline.due == D(2026, 3, 3)
    assert [s.day for s in deadline.skipped] == [D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 2)]


def test_period_crossing_the_year() -> None:
    deadline = period_end(D(2026, 12, 31), days=14)
    assert deadline.due == deadline.nominal_due == D(2027, 1, 14)


def test_years_and_months_by_the_calendar() -> None:
    assert period_end(D(2024, 2, 29), years=1).nominal_due == D(2025, 2, 28)
    assert period_end(D(2026, 3, 15), months=3).nominal_due == D(2026, 6, 15)
    assert add_months(D(2026, 12, 31), 2) == D(2027, 2, 28)
    assert add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)


def test_period_needs_exactly_one_length() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        period_end(D(2026, 1, 1))
    with pytest.raises(ValueError, match="exactly one"):
        period_end(D(2026, 1, 1), days=3, months=1)
    with pytest.raises(ValueError, match="exactly one"):
        period_end(D(2026, 1, 1), days=0)


def test_days_left_and_overdue() -> None:
    deadline = period_end(D(2026, 9, 10), days=14)  # due 2026-09-28
    assert deadline.days_left(D(2026, 9, 20)) == 8
    assert deadline.days_left(D(2026, 9, 28)) == 0
    assert not deadline.is_overdue(D(2026, 9, 28))
    assert deadline.is_overdue(D(2026, 9, 29))
    assert deadline.days_left(D(2026, 9, 30)) == -2


def _rule(**period: int) -> DeadlineRule:
    text = Localized(ko="전입한 날부터 14일 이내", en="Within 14 days of moving in")
    return DeadlineRule(
        kind="period-from-event",
        event_field="move_in_date",
        event=Localized(ko="이사한 날", en="the day you moved in"),
        description=text,
        source=Sourced(confidence="general-knowledge"),
        **period,
    )


def test_compute_deadline_from_a_catalog_rule() -> None:
    deadline = compute_deadline(D(2026, 9, 19), _rule(days=14))
    assert deadline is not None
    assert deadline.due == D(2026, 10, 6)
    birth = compute_deadline(D(2026, 1, 31), _rule(months=1))
    assert birth is not None
    assert birth.due == D(2026, 3, 3)


def test_a_rule_without_deadline_gives_none() -> None:
    rule = DeadlineRule(
        kind="none",
        description=Localized(ko="기한 없음", en="No deadline"),
        source=Sourced(confidence="general-knowledge"),
    )
    assert compute_deadline(D(2026, 9, 19), rule) is None


def test_holiday_calendar_names_and_working_days() -> None:
    calendar = HolidayCalendar()
    assert calendar.holiday_name(D(2026, 9, 25)) == "추석"
    assert calendar.holiday_name(D(2026, 10, 9)) == "한글날"
    assert calendar.holiday_name(D(2026, 10, 8)) is None
    assert not calendar.is_working_day(D(2026, 10, 5))
    assert not calendar.is_working_day(D(2026, 10, 10))  # a plain Saturday
    assert calendar.is_working_day(D(2026, 10, 8))
    english = HolidayCalendar(language="en")
    assert english.closed_reason(D(2026, 10, 10)) == "Saturday"
    assert "Chuseok" in (english.holiday_name(D(2026, 9, 25)) or "")


def test_extra_holidays_move_deadlines_too() -> None:
    calendar = HolidayCalendar(extra={D(2026, 10, 8): "임시공휴일"})
    deadline = period_end(D(2026, 9, 24), days=14, calendar=calendar)
    assert deadline.due == D(2026, 10, 12)  # Thursday off, then 한글날 Friday and the weekend
    assert deadline.skipped[0] == SkippedDay(D(2026, 10, 8), "임시공휴일")


# -- 민원 처리기간 (민원 처리에 관한 법률 제19조) ----------------------------------------


def test_short_processing_time_counts_eight_hour_days() -> None:
    # Received Wednesday 14:00 before 추석: 4 hours that day, then 4 on Monday 09:00–14:00.
    assert processing_due(dt.datetime(2026, 9, 23, 14, 0), 1) == dt.datetime(2026, 9, 28, 14, 0)


def test_short_processing_time_received_after_hours_starts_next_morning() -> None:
    assert processing_due(dt.datetime(2026, 9, 23, 20, 0), 3) == dt.datetime(2026, 9, 30, 18, 0)


def test_lunch_hour_is_not_counted() -> None:
    # 11:00 + 8 working hours: 1 before lunch, 5 after it, 2 the next morning.
    due = processing_due(dt.datetime(2026, 11, 23, 11, 0), 1)
    assert due == dt.datetime(2026, 11, 24, 11, 0)
    assert processing_due(D(2026, 11, 23), 1) == dt.datetime(2026, 11, 23, 18, 0)


def test_long_processing_time_counts_the_first_day_and_skips_holidays() -> None:
    # 7 days from Wednesday 2026-09-23: 23, 28, 29, 30, 1, 2, (5 is a holiday) 6.
    assert processing_due(D(2026, 9, 23), 7) == dt.datetime(2026, 10, 6, 18, 0)


def test_long_processing_time_received_on_a_saturday() -> None:
    # Saturday is not counted: Mon 12 … Fri 16 are 5 days, Mon 19 the 6th.
    assert processing_due(D(2026, 10, 10), 6) == dt.datetime(2026, 10, 19, 18, 0)


def test_immediate_processing_and_bad_input() -> None:
    moment = dt.datetime(2026, 11, 23, 10, 0)
    assert processing_due(moment, 0) == moment
    with pytest.raises(ValueError, match="negative"):
        processing_due(moment, -1)
