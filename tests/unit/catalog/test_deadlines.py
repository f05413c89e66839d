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
from minwon.catalog.schema import DeadlineRule, LegalBasis, Localized, PeriodCounting, Sourced

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


def _rule(first_day: str = "excluded", **period: int) -> DeadlineRule:
    text = Localized(ko="전입한 날부터 14일 이내", en="Within 14 days of moving in")
    known = Sourced(confidence="general-knowledge")
    return DeadlineRule(
        kind="period-from-event",
        event_field="move_in_date",
        event=Localized(ko="이사한 날", en="the day you moved in"),
        counting=PeriodCounting(
            first_day=first_day,  # type: ignore[arg-type]
            statute="민법",
            article="제157조",
            source=known,
        ),
        description=text,
        legal_basis=LegalBasis(statute="주민등록법", article="제16조", summary=text, source=known),
        source=known,
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


# -- counting rules (민법 제157조·제160조, 가족관계등록법 제37조 제1항, anchors) ----------------


def test_family_registration_counts_the_day_of_birth() -> None:
    # 가족관계등록법 제37조①: born 2026-01-13, the month is 01-13 … 02-12 (민법 제160조②).
    deadline = period_end(D(2026, 1, 13), months=1, first_day_counts=True)
    assert deadline.due == D(2026, 2, 12)
    assert period_end(D(2026, 3, 1), months=1, first_day_counts=True).due == D(2026, 3, 31)
    # The civil rule for the same birth would end a day later: that day already owes a 과태료.
    assert period_end(D(2026, 1, 13), months=1).due == D(2026, 2, 13)


def test_a_month_from_the_last_day_of_february_ends_at_the_end_of_march() -> None:
    # 민법 제157조·제160조②: counted from 03-01, the month ends on the day before 04-01.
    # Adding a month to the event (03-28) would cut three days off the citizen's period.
    assert period_end(D(2026, 2, 28), months=1).nominal_due == D(2026, 3, 31)


def test_a_period_anchored_on_the_last_day_of_the_month_of_death() -> None:
    # 안심상속: one year from the last day of the month of death (the anchor day not counted).
    deadline = period_end(D(2026, 12, 3), years=1, anchor="end-of-month")
    assert deadline.due == D(2027, 12, 31)
    february = period_end(D(2027, 2, 10), years=1, anchor="end-of-month")
    assert february.nominal_due == D(2028, 2, 29)  # 2027-02-28 → 2028-02-29 (a leap year)


def test_compute_deadline_reads_the_counting_rule_from_the_catalog() -> None:
    included = compute_deadline(D(2026, 1, 13), _rule(first_day="included", months=1))
    excluded = compute_deadline(D(2026, 1, 13), _rule(months=1))
    assert included is not None
    assert excluded is not None
    assert (included.due, excluded.due) == (D(2026, 2, 12), D(2026, 2, 13))


# An independent reference: it walks the calendar a day at a time, as a clerk counting on a
# wall calendar would, instead of computing month indexes.
_REFERENCE_HOLIDAYS = holidays.country_holidays("KR", years=range(2025, 2032))


def _reference_end(event: D, unit: str, n: int, first_day_counts: bool, anchor: str) -> D:
    start = event
    if anchor == "end-of-month":
        while (start + dt.timedelta(days=1)).month == start.month:
            start += dt.timedelta(days=1)
    first = start if first_day_counts else start + dt.timedelta(days=1)
    if unit == "days":
        day, counted = first, 1
        while counted < n:
            day, counted = day + dt.timedelta(days=1), counted + 1
        end = day
    else:
        months, crossed, day = (n if unit == "months" else 12 * n), 0, first
        while crossed < months:  # walk to the first day of the period's last month
            day += dt.timedelta(days=1)
            crossed += day.day == 1
        wanted = day.month
        while day.month == wanted and day.day < first.day:
            day += dt.timedelta(days=1)  # the day corresponding to the first day, if any
        end = day - dt.timedelta(days=1)  # 제160조②; or the month's last day (제160조③)
    while end.weekday() == 5 or end in _REFERENCE_HOLIDAYS or end.weekday() == 6:
        end += dt.timedelta(days=1)
    return end


_PERIODS = [("days", 14), ("days", 30), ("days", 60), ("months", 1), ("months", 3), ("years", 1)]


@pytest.mark.parametrize("anchor", ["event-day", "end-of-month"])
@pytest.mark.parametrize("first_day_counts", [False, True])
@pytest.mark.parametrize(("unit", "n"), _PERIODS)
def test_every_day_of_2025_to_2028_matches_the_reference(
    unit: str, n: int, first_day_counts: bool, anchor: str
) -> None:
    day = D(2025, 1, 1)
    while day <= D(2028, 12, 31):
        got = period_end(
            day,
            first_day_counts=first_day_counts,
            anchor=anchor,  # type: ignore[arg-type]
            **{unit: n},
        )
        expected = _reference_end(day, unit, n, first_day_counts, anchor)
        assert got.due == expected, (day, unit, n, first_day_counts, anchor)
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("event", "rule", "due"),
    [
        # Hand-checked on a 2026 wall calendar.
        (D(2026, 1, 13), "birth", D(2026, 2, 12)),  # Thursday
        (D(2026, 1, 31), "birth", D(2026, 3, 3)),  # 02-28 Sat, 03-01 삼일절, 03-02 대체공휴일
        (D(2026, 9, 24), "birth", D(2026, 10, 23)),  # Friday
        (D(2026, 11, 20), "move-in", D(2026, 12, 4)),  # Friday
        (D(2026, 9, 10), "move-in", D(2026, 9, 28)),  # 09-24…27 추석 and Sunday
        (D(2026, 12, 3), "ansim", D(2027, 12, 31)),  # Friday
    ],
)
def test_hand_checked_real_dates(event: D, rule: str, due: D) -> None:
    kwargs: dict[str, object] = {
        "birth": {"months": 1, "first_day_counts": True},
        "move-in": {"days": 14},
        "ansim": {"years": 1, "anchor": "end-of-month"},
    }[rule]  # type: ignore[assignment]
    assert period_end(event, **kwargs).due == due  # type: ignore[arg-type]
