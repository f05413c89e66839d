"""Statutory deadlines and processing times, counted the way Korean law counts them.

* 민법 제157조: a period in days, weeks, months or years does not count its first day
  (초일불산입); it starts on the day after the event.
* 민법 제160조: weeks, months and years are counted by the calendar, and the period ends on the
  day before the day of the last month that corresponds to its first day; if that month has no
  such day, it ends on the last day of that month. With the first day not counted this is the
  event date plus N months, or the month's last day when that date does not exist.
* 민법 제161조: when the last day is a Saturday or a public holiday the period ends on the next
  day that is neither. Sundays are public holidays (관공서의 공휴일에 관한 규정 제2조).
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
from typing import NamedTuple

import holidays

from minwon.catalog.schema import DeadlineRule

__all__ = [
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


def period_end(
    event: dt.date,
    *,
    days: int | None = None,
    months: int | None = None,
    years: int | None = None,
    calendar: HolidayCalendar | None = None,
) -> Deadline:
    """The end of a period of ``days``, ``months`` or ``years`` after ``event`` (one of them).

    민법 제157조: the event day is not counted, so N days end on ``event + N``. 민법 제160조:
    months and years end on the same date N months later (or that month's last day).
    민법 제161조: a Saturday or public-holiday end moves to the next working day.
    """
    given = [v for v in (days, months, years) if v is not None]
    if len(given) != 1 or given[0] < 1:
        raise ValueError("give exactly one of days, months, years, at least 1")
    if days is not None:
        nominal = event + dt.timedelta(days=days)
    else:
        nominal = add_months(event, months if months is not None else 12 * (years or 0))
    return _move_to_working_day(nominal, calendar or default_calendar())


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
    if rule.kind == "none":
        return None
    return period_end(
        event, days=rule.days, months=rule.months, years=rule.years, calendar=holidays
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
