"""Field types for dates and times, in the spellings Korean forms and people use.

Only unambiguous forms are accepted: the year comes first and has four digits. "11/20/2026"
could be read as month/day or day/month, so it is refused with a hint rather than guessed.
Datetimes are naive and mean Korean local time (KST has no daylight saving).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from minwon.catalog.fieldtypes_base import Messages, ParseContext, clean_text, fail

__all__ = ["parse_date", "parse_datetime"]

MESSAGES: Messages = {
    "not_date": (
        "날짜를 2026-11-20 처럼 입력해 주세요.",
        "Please give the date as 2026-11-20.",
    ),
    "ambiguous_date": (
        "월/일 순서가 헷갈릴 수 있어요. 2026-11-20 처럼 연도부터 입력해 주세요.",
        "Day and month could be swapped; please start with the year, like 2026-11-20.",
    ),
    "two_digit_year": (
        "연도를 네 자리로 입력해 주세요 (예: 2026-11-20).",
        "Please give the year with four digits (e.g. 2026-11-20).",
    ),
    "no_such_date": ("없는 날짜예요.", "That date does not exist."),
    "not_datetime": (
        "날짜와 시각을 2026-11-20 14:30 처럼 입력해 주세요.",
        "Please give the date and time as 2026-11-20 14:30.",
    ),
    "time_missing": (
        "시각도 알려 주세요 (예: 2026-11-20 14:30).",
        "Please add the time as well (e.g. 2026-11-20 14:30).",
    ),
    "no_such_time": ("없는 시각이에요.", "That time does not exist."),
}

_DATE_FORMS = (
    re.compile(r"(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\s*\.?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
    re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?"),
)
_AMBIGUOUS = re.compile(r"\d{1,2}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{4}")
_TWO_DIGIT_YEAR = re.compile(r"\d{2}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2}\.?|\d{6}")
# Words for days relative to today; the dialogue hears "어제 이사했어요" often.
_RELATIVE_DAYS = {
    "오늘": 0,
    "today": 0,
    "어제": -1,
    "yesterday": -1,
    "그제": -2,
    "그저께": -2,
    "내일": 1,
    "tomorrow": 1,
}


def parse_date(raw: Any, ctx: ParseContext) -> dt.date:
    """A calendar date: ``2026-11-20``, ``2026.11.20``, ``20261120``, ``2026년 11월 20일``.

    "오늘", "어제" and the like are counted from ``ctx.today``.
    """
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = clean_text(raw, limit=40)
    offset = _RELATIVE_DAYS.get(text.lower().rstrip("."))
    if offset is not None:
        return ctx.today + dt.timedelta(days=offset)
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            return _make_date(int(match[1]), int(match[2]), int(match[3]))
    if _AMBIGUOUS.fullmatch(text):
        raise fail(MESSAGES, "ambiguous_date")
    if _TWO_DIGIT_YEAR.fullmatch(text):
        raise fail(MESSAGES, "two_digit_year")
    raise fail(MESSAGES, "not_date")


def _make_date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise fail(MESSAGES, "no_such_date") from exc


_PM = ("오후", "pm", "p.m.")
_MERIDIEM = r"(?P<{name}>오전|오후|am|pm|a\.m\.|p\.m\.)"
_TIME_FORMS = (
    re.compile(
        rf"(?:^|\s|t){_MERIDIEM.format(name='pre')}?\s*(?P<h>\d{{1,2}}):(?P<m>\d{{2}})"
        rf"(?::(?P<s>\d{{2}}))?\s*{_MERIDIEM.format(name='post')}?$"
    ),
    re.compile(
        rf"(?:^|\s){_MERIDIEM.format(name='pre')}?\s*(?P<h>\d{{1,2}})\s*시"
        r"(?:\s*(?P<m>\d{1,2})\s*분|\s*(?P<half>반))?$"
    ),
    re.compile(rf"(?:^|\s)(?P<h>\d{{1,2}})\s*{_MERIDIEM.format(name='post')}$"),
)


def parse_datetime(raw: Any, ctx: ParseContext) -> dt.datetime:
    """A date and a time of day: ``2026-11-20 14:30``, ``2026년 11월 20일 오후 2시 30분``."""
    if isinstance(raw, dt.datetime):
        return raw.replace(tzinfo=None) if raw.tzinfo is None else _to_kst(raw)
    text = clean_text(raw, limit=60).lower()
    for form in _TIME_FORMS:
        match = form.search(text)
        if match:
            date_part = text[: match.start()].strip()
            if not date_part:
                raise fail(MESSAGES, "not_datetime")
            day = parse_date(date_part, ctx)
            return dt.datetime.combine(day, _time_of(match))
    try:
        parse_date(text, ctx)
    except ValueError:
        raise fail(MESSAGES, "not_datetime") from None
    raise fail(MESSAGES, "time_missing")


def _to_kst(value: dt.datetime) -> dt.datetime:
    kst = dt.timezone(dt.timedelta(hours=9))
    return value.astimezone(kst).replace(tzinfo=None)


def _time_of(match: re.Match[str]) -> dt.time:
    groups = match.groupdict()
    hour = int(groups["h"])
    minute = 30 if groups.get("half") else int(groups.get("m") or 0)
    second = int(groups.get("s") or 0)
    meridiem = groups.get("pre") or groups.get("post")
    if meridiem is not None:
        if not 1 <= hour <= 12:
            raise fail(MESSAGES, "no_such_time")
        # 오후 12시 is noon and 오전 12시 is midnight, as on a 12-hour clock.
        hour = hour % 12 + (12 if meridiem in _PM else 0)
    try:
        return dt.time(hour, minute, second)
    except ValueError as exc:
        raise fail(MESSAGES, "no_such_time") from exc
