"""Statutory deadlines and processing times, counted the way Korean law counts them.

Each catalog deadline says how its period is counted
(:class:`~minwon.catalog.schema.PeriodCounting`):

* 민법 제157조: by default a period in days, weeks, months or years does not count its first
  day (초일불산입); it starts on the day after the event.
* 가족관계의 등록 등에 관한 법률 제37조 제1항: its reporting periods count from the day of the
  event itself (출생신고, 사망신고 from the day the death became known, a marriage abroad …).
* An anchor other than the event day: 안심상속 runs from the last day of the month of death.
* 민법 제160조: weeks, months and years are counted by the calendar (제1항). A period that does
  not start at the beginning of a month ends on the day *before* the day of its last month that
  corresponds to its first day (제2항); when that month has no such day, on its last day (제3항).
* 민법 제161조: when the last day is a Saturday or a public holiday the period ends on the next
  day that is neither. Sundays are public holidays (관공서의 공휴일에 관한 규정 제2조);
  가족관계등록예규 제411호 applies the same rule to family-registration reports.
* 민원 처리에 관한 법률 제19조: see :func:`processing_due`.

Public holidays, substitute holidays and election days come from the ``holidays`` package
(``holidays.KR``); a day the government declares a holiday later can be added as ``extra``.
"""

from __future__ import annotations

import datetime as dt
import functools
from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple

import holidays

from minwon.catalog.schema import DeadlineRule

__all__ = [
    "Anchor",
    "Deadline",
    "HolidayCalendar",
    "SkippedDay",
    "add_months",
    "compute_deadline",
    "default_calendar",
    "period_end",
    "processing_due",
]

# Names of the weekend days, per language of the calendar: shown to the person as the reason
# a deadline moved.
_WEEKEND_NAMES = {"ko": ("토요일", "일요일"), "en": ("Saturday", "Sunday")}
_HOLIDAY_LANGUAGES = {"ko": "ko", "en": "en_US"}


class HolidayCalendar:
    """Korean working days: Monday to Friday, minus public and substitute holidays."""

    def __init__(self, language: str = "ko", extra: Mapping[dt.date, str] | None = None) -> None:
        """``language`` is ``"ko"`` or ``"en"``; ``extra`` adds holidays the package lacks."""
        self.language = language if language in _WEEKEND_NAMES else "ko"
        self._holidays = holidays.country_holidays("KR", language=_HOLIDAY_LANGUAGES[self.language])
        self._extra = dict(extra or {})

    def holiday_name(self, day: dt.date) -> str | None:
        """The public holiday's name on ``day``, or ``None`` (weekends are not holidays here)."""
        if day in self._extra:
            return self._extra[day]
        name = self._holidays.get(day)
        return str(name) if name is not None else None

    def is_working_day(self, day: dt.date) -> bool:
        """Whether public offices work on ``day``: a weekday that is not a public holiday."""
        return day.weekday() < 5 and self.holiday_name(day) is None

    def closed_reason(self, day: dt.date) -> str | None:
        """Why ``day`` is not a working day (the holiday's name first), or ``None``."""
        name = self.holiday_name(day)
        if name is not None:
            return name
        if day.weekday() >= 5:
            return _WEEKEND_NAMES[self.language][day.weekday() - 5]
        return None


@functools.cache
def default_calendar() -> HolidayCalendar:
    """The shared Korean-language calendar used when none is passed."""
    return HolidayCalendar()


class SkippedDay(NamedTuple):
    """A day that pushed a deadline later, and why (a holiday's name, or the weekday)."""

    day: dt.date
    reason: str


@dataclass(frozen=True, slots=True)
class Deadline:
    """The last day to act. ``nominal_due`` is before the 민법 제161조 move, ``due`` after it."""

    due: dt.date
    nominal_due: dt.date
    moved: bool
    skipped: tuple[SkippedDay, ...] = ()

    def days_left(self, today: dt.date) -> int:
        """Days from ``today`` to ``due``: 0 on the last day, negative once it has passed."""
        return (self.due - today).days

    def is_overdue(self, today: dt.date) -> bool:
        """Whether ``today`` is after the last day."""
        return today > self.due


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months; the month's last day when the day is missing."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


Anchor = Literal["event-day", "end-of-month"]


def period_end(
    event: dt.date,
    *,
    days: int | None = None,
    months: int | None = None,
    years: int | None = None,
    first_day_counts: bool = False,
    anchor: Anchor = "event-day",
    calendar: HolidayCalendar | None = None,
) -> Deadline:
    """The last day of a period of ``days``, ``months`` or ``years`` (one of them) after ``event``.

    ``anchor`` moves the starting point to the last day of the event's month. The first counted
    day is that starting point itself when ``first_day_counts`` (가족관계등록법 제37조 제1항), else
    the day after it (민법 제157조). Days end after N counted days; months and years end per
    민법 제160조 제2항·제3항; a Saturday or holiday end moves to the next working day (제161조).
    """
    given = [v for v in (days, months, years) if v is not None]
    if len(given) != 1 or given[0] < 1:
        raise ValueError("give exactly one of days, months, years, at least 1")
    start = _last_of_month(event) if anchor == "end-of-month" else event
    first = start if first_day_counts else start + dt.timedelta(days=1)
    if days is not None:
        nominal = first + dt.timedelta(days=days - 1)
    else:
        nominal = _calendar_period_end(first, months if months is not None else 12 * (years or 0))
    return _move_to_working_day(nominal, calendar or default_calendar())


def _last_of_month(day: dt.date) -> dt.date:
    return day.replace(day=monthrange(day.year, day.month)[1])


def _calendar_period_end(first: dt.date, months: int) -> dt.date:
    """민법 제160조: the day before the day of the last month that corresponds to ``first``
    (제2항), or that month's last day when it has no such day (제3항). A period starting on the
    1st thus ends on the last day of its last month, as 제160조 제1항 counts by the calendar."""
    index = first.year * 12 + first.month - 1 + months
    year, month = divmod(index, 12)
    last = monthrange(year, month + 1)[1]
    if first.day > last:
        return dt.date(year, month + 1, last)
    return dt.date(year, month + 1, first.day) - dt.timedelta(days=1)


def _move_to_working_day(nominal: dt.date, cal: HolidayCalendar) -> Deadline:
    due = nominal
    skipped: list[SkippedDay] = []
    while (reason := cal.closed_reason(due)) is not None:
        skipped.append(SkippedDay(due, reason))
        due += dt.timedelta(days=1)
    return Deadline(due=due, nominal_due=nominal, moved=due != nominal, skipped=tuple(skipped))


def compute_deadline(
    event: dt.date, rule: DeadlineRule, holidays: HolidayCalendar | None = None
) -> Deadline | None:
    """The deadline a catalog rule sets after ``event``; ``None`` when the rule has no deadline."""
    if rule.kind == "none" or rule.counting is None:
        return None
    return period_end(
        event,
        days=rule.days,
        months=rule.months,
        years=rule.years,
        first_day_counts=rule.counting.first_day == "included",
        anchor=rule.anchor,
        calendar=holidays,
    )


# 국가공무원 복무규정 제9조: office hours 09:00–18:00 with a lunch hour 12:00–13:00, which makes
# the 8-hour working day of 민원처리법 제19조①.
_WORKING_SPANS = ((dt.time(9), dt.time(12)), (dt.time(13), dt.time(18)))
_HOURS_PER_DAY = 8
_DAY_COUNTED_LIMIT = 5


def processing_due(
    received: dt.datetime | dt.date, working_days: int, calendar: HolidayCalendar | None = None
) -> dt.datetime:
    """When a 민원 with a processing time of ``working_days`` must be decided.

    Our reading of 민원 처리에 관한 법률 제19조:

    * ① up to 5 days: counted in hours from the moment of receipt, 1 day = 8 working hours
      (09:00–12:00 and 13:00–18:00 on working days). A 민원 received outside office hours
      starts counting at the next office hour. A bare date means receipt at 09:00.
    * ② 6 days or more: counted in days, the day of receipt included; the result is 18:00 on
      the last counted day. A day of receipt that is not a working day is not counted.
    * ①② Saturdays and public holidays (Sundays included) are never counted.

    ``working_days`` 0 means "immediately" and returns the moment of receipt.
    """
    if working_days < 0:
        raise ValueError("working_days must not be negative")
    cal = calendar or default_calendar()
    start = (
        received if isinstance(received, dt.datetime) else dt.datetime.combine(received, dt.time(9))
    )
    if working_days == 0:
        return start
    if working_days <= _DAY_COUNTED_LIMIT:
        return _add_working_hours(start, working_days * _HOURS_PER_DAY, cal)
    day, counted = start.date(), 0
    while True:
        counted += cal.is_working_day(day)
        if counted == working_days:
            return dt.datetime.combine(day, _WORKING_SPANS[-1][1])
        day += dt.timedelta(days=1)


def _add_working_hours(start: dt.datetime, hours: int, cal: HolidayCalendar) -> dt.datetime:
    remaining = dt.timedelta(hours=hours)
    day, moment = start.date(), start
    while True:
        if cal.is_working_day(day):
            for begin, end in _WORKING_SPANS:
                span_start = max(moment, dt.datetime.combine(day, begin))
                span_end = dt.datetime.combine(day, end)
                if span_start >= span_end:
                    continue
                if span_end - span_start >= remaining:
                    return span_start + remaining
                remaining -= span_end - span_start
        day += dt.timedelta(days=1)
        moment = dt.datetime.combine(day, dt.time(0))
