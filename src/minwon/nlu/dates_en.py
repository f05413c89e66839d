"""English event dates: "yesterday", "3 days ago", "last Friday", "on November 20th", "the 2nd"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["EnglishDate", "find_english_date", "find_english_event_date", "months_before"]

_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
         ("thursday", "thu", "thurs"), ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun")]
    )
    for name in names
}  # fmt: skip
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2,
            "couple of": 2, "a few": 3, "few": 3}  # fmt: skip
# Counts that are a manner of speaking: the date they give is an estimate.
_VAGUE = frozenset({"a couple of", "couple of", "a few", "few"})

_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_NUMBER = r"\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"

_RELATIVE = re.compile(r"\b(day before yesterday|yesterday|today|tonight|this morning)\b")
_AGO = re.compile(rf"\b({_NUMBER})\s+(day|week|month)s?\s+ago\b")
_ORDINAL_DAY = re.compile(r"\b(?:on|since|from) the (\d{1,2})(?:st|nd|rd|th)\b")
_WEEKDAY_REF = re.compile(rf"\b(last|this|past|on|next)?\s*({_WEEKDAY})\.?\b")
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}){_ORD}\b(?:,?\s+(\d{{4}}))?")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}){_ORD}\s+(?:of\s+)?({_MONTH})\b(?:,?\s+(\d{{4}}))?")
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")


@dataclass(frozen=True, slots=True)
class EnglishDate:
    """A date found in English, and how sure it is (see :class:`minwon.nlu.Slots`)."""

    value: date
    approximate: bool = False
    year_assumed: bool = False


def find_english_date(text: str, today: date, future: bool) -> date | None:
    """The first day-precise date in lower-cased ``text``, relative to ``today``.

    A month and day without a year is the latest such day not after ``today`` (a past event),
    or the next one when ``future`` is true (the person speaks of a plan).
    """
    found = find_english_event_date(text, today, future)
    return found.value if found else None


def find_english_event_date(text: str, today: date, future: bool) -> EnglishDate | None:
    """Like :func:`find_english_date`, with the flags: ``approximate`` for a date derived from
    weeks, months or a vague count ("a few weeks ago"), ``year_assumed`` for a month and day
    without a year."""
    if (value := _relative(text, today, future)) is not None:
        return EnglishDate(value)
    if (match := _AGO.search(text)) is not None:
        value = _ago(text, today, future)
        vague = match.group(1) in _VAGUE or match.group(2) != "day"
        return EnglishDate(value, approximate=vague) if value else None
    if (value := _calendar(text, today, future)) is not None:
        stated_year = _ISO.search(text) or re.search(r"\b(19|20)\d{2}\b", text)
        return EnglishDate(value, year_assumed=stated_year is None)
    for finder in (_ordinal_day, _weekday):
        if (value := finder(text, today, future)) is not None:
            return EnglishDate(value)
    return None


def _relative(text: str, today: date, future: bool) -> date | None:
    match = _RELATIVE.search(text)
    if match is None:
        return None
    word = match.group(1)
    if word == "day before yesterday":
        return today - timedelta(days=2)
    return today - timedelta(days=1) if word == "yesterday" else today


def _ago(text: str, today: date, future: bool) -> date | None:
    match = _AGO.search(text)
    if match is None:
        return None
    raw = match.group(1)
    count = int(raw) if raw.isdigit() else _NUMBERS[raw]
    if match.group(2) == "month":
        return months_before(today, count)
    return today - timedelta(days=count * (7 if match.group(2) == "week" else 1))


def months_before(today: date, months: int) -> date:
    """The same day ``months`` earlier, or that month's last day when it has none."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    for day in range(today.day, 27, -1):
        if (found := _safe_date(year, month + 1, day)) is not None:
            return found
    return date(year, month + 1, min(today.day, 28))


def _ordinal_day(text: str, today: date, future: bool) -> date | None:
    """ "on the 2nd": a day of this month, or of the month before (after, for a plan) when
    that day is still ahead (already past)."""
    match = _ORDINAL_DAY.search(text)
    if match is None:
        return None
    day = int(match.group(1))
    this_month = _safe_date(today.year, today.month, day)
    if this_month is not None and (this_month <= today) != future:
        return this_month
    step = 1 if future else -1
    index = today.year * 12 + today.month - 1 + step
    return _safe_date(index // 12, index % 12 + 1, day)


def _calendar(text: str, today: date, future: bool) -> date | None:
    if match := _ISO.search(text):
        return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _MONTH_DAY.search(text):
        month, day, year = _MONTHS[match.group(1)], int(match.group(2)), match.group(3)
    elif match := _DAY_MONTH.search(text):
        month, day, year = _MONTHS[match.group(2)], int(match.group(1)), match.group(3)
    else:
        return None
    if year is not None:
        return _safe_date(int(year), month, day)
    return _nearest_year(today, month, day, future)


def _nearest_year(today: date, month: int, day: int, future: bool) -> date | None:
    this_year = _safe_date(today.year, month, day)
    if this_year is None:
        return None
    if future and this_year < today:
        return _safe_date(today.year + 1, month, day)
    if not future and this_year > today:
        return _safe_date(today.year - 1, month, day)
    return this_year


def _weekday(text: str, today: date, future: bool) -> date | None:
    match = _WEEKDAY_REF.search(text)
    if match is None or (match.group(1) is None and len(match.group(2)) <= 3):
        return None  # a bare "sat" or "sun" is too often another word
    target = _WEEKDAYS[match.group(2)]
    modifier = match.group(1)
    if modifier == "next" or (modifier != "last" and future):
        ahead = (target - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    if modifier == "this":  # "this Monday": the one in the current week (Monday-first)
        return today + timedelta(days=target - today.weekday())
    back = (today.weekday() - target) % 7 or 7
    return today - timedelta(days=back)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
