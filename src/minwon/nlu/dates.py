"""The date of the life event a request mentions, resolved against ``today``."""

from __future__ import annotations

from datetime import date, datetime

from korean_datetime import Ambiguity, Cycle, Grain, Kind, ParseOptions, TemporalParser

from minwon.nlu.dates_en import find_english_date
from minwon.nlu.lexicon import Lexicon
from minwon.nlu.text import has_hangul

__all__ = ["DateExtractor"]


class DateExtractor:
    """Korean through korean-datetime, English through :mod:`minwon.nlu.dates_en`.

    Requests name past events ("지난달 30일에 이사했어요"), so a date without a year is read
    as the latest such day up to today (``Cycle.PAST``): "11월 30일에 이사했어요" said on
    11-28 means last year's 30 November. When the request speaks of a plan ("이사 갈 예정",
    "next week") the next such day is read instead. Only day-precise dates count: "지난주" or
    "다음 달" name no day, and a guessed day would be wrong more often than right.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self._past = TemporalParser(ParseOptions(cycle=Cycle.PAST))
        self._future = TemporalParser(ParseOptions(cycle=Cycle.FUTURE))
        self._markers = lexicon.future_markers

    def extract(self, text: str, today: date) -> date | None:
        """The first day-precise date in lower-cased ``text``, or None."""
        is_future = any(m in text for m in self._markers)
        if has_hangul(text):
            found = self._korean(text, today, is_future)
            if found is not None:
                return found
        return find_english_date(text, today, is_future)

    def _korean(self, text: str, today: date, is_future: bool) -> date | None:
        now = datetime(today.year, today.month, today.day, 12, 0)
        parser = self._future if is_future else self._past
        try:
            found = parser.parse_all(text, now=now)
        except Exception:
            return None
        for expr in found:
            if expr.kind is Kind.DATE and expr.grain is Grain.DAY and not expr.is_range:
                value = expr.start.date()
                if is_future or value <= today or Ambiguity.CYCLE_SHIFTED not in expr.ambiguities:
                    return value
        return None
