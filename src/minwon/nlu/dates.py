"""The date of the life event a request mentions, resolved against ``today``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from korean_datetime import Ambiguity, Cycle, Grain, Kind, ParseOptions, TemporalParser

from minwon.nlu.dates_en import find_english_event_date, months_before
from minwon.nlu.lexicon import Lexicon
from minwon.nlu.text import has_hangul

__all__ = ["DateExtractor", "EventDate"]

_DAY_GRAINS = (Grain.DAY, Grain.HOUR, Grain.MINUTE, Grain.SECOND)  # "어제 새벽" is yesterday
_NUMERALS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8,
             "아홉": 9, "열": 10, "몇": 3}  # fmt: skip
# Durations said as one word: "일주일", "열흘", "보름".
_DAY_WORDS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7,
              "일주일": 7, "열흘": 10, "보름": 15}  # fmt: skip
_DAY_WORD = "|".join(sorted(_DAY_WORDS, key=len, reverse=True))
# "열흘쯤 됐어요, 이사 온 지", "이사 온 지 일주일 됐어요": a duration and "since" in either order.
_SINCE_WORD = re.compile(
    rf"(?:지\s*({_DAY_WORD})|({_DAY_WORD})\s*(?:쯤|정도|가량)?\s*(?:이|가)?\s*"
    rf"(?:됐|되었|지났|넘었).{{0,12}}지(?:\s|$|나))"
)
# "이사 온 지 3주 넘었는데요", "장례 치른 지 40일 됐어요": a duration since the event.
_SINCE = re.compile(
    r"지\s*(\d{1,3}|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|몇)\s*(일|주일|주|달|개월|년)\s*"
    r"(?:이|가|은|는)?\s*(?:넘|됐|되었|되어|지났|지나|째|쯤|정도|다\s*돼|다\s*되|가까이|조금|좀|밖에|도\s*안)"
)
# Durations measured in weeks, months, years or loosely ("보름", "몇"): the date is an estimate.
_LOOSE = re.compile(r"(\d+|한|두|세|네|몇)\s*(주|주일|달|개월|년)\s*(전|前)|보름|몇\s*일\s*전")
_MONTH_DAY = re.compile(r"\d{1,2}\s*월\s*\d{1,2}\s*일")


@dataclass(frozen=True, slots=True)
class EventDate:
    """The event's date, and whether it is an estimate or its year was chosen for the person."""

    value: date
    approximate: bool = False
    year_assumed: bool = False


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
        found = self.find(text, today)
        return found.value if found else None

    def find(self, text: str, today: date) -> EventDate | None:
        """The event date in lower-cased ``text`` with its flags, or None.

        A duration since the event ("이사 온 지 3주 넘었는데요") gives today minus the duration,
        flagged ``approximate``; a month and day without a year ("12월 20일에 낳았어요" said in
        November) gives the latest such day not in the future, flagged ``year_assumed``.
        """
        is_future = any(m in text for m in self._markers)
        if has_hangul(text):
            found = self._korean(text, today, is_future) or _since(text, today)
            if found is not None:
                return found
        english = find_english_event_date(text, today, is_future)
        if english is None:
            return None
        return EventDate(english.value, english.approximate, english.year_assumed)

    def _korean(self, text: str, today: date, is_future: bool) -> EventDate | None:
        now = datetime(today.year, today.month, today.day, 12, 0)
        parser = self._future if is_future else self._past
        try:
            found = parser.parse_all(text, now=now)
        except Exception:
            return None
        for expr in found:
            if expr.kind in (Kind.DATE, Kind.DATETIME) and expr.grain in _DAY_GRAINS:
                if expr.is_range:
                    continue
                value = expr.start.date()
                if is_future or value <= today or Ambiguity.CYCLE_SHIFTED not in expr.ambiguities:
                    said = str(expr.text)
                    year_assumed = bool(_MONTH_DAY.search(said)) and "년" not in said
                    return EventDate(value, bool(_LOOSE.search(said)), year_assumed)
        return None


def _since(text: str, today: date) -> EventDate | None:
    worded = _SINCE_WORD.search(text)
    if worded is not None:
        days = _DAY_WORDS[worded.group(1) or worded.group(2)]
        return EventDate(today - timedelta(days=days), approximate=True)
    match = _SINCE.search(text)
    if match is None:
        return None
    raw, unit = match.group(1), match.group(2)
    count = int(raw) if raw.isdigit() else _NUMERALS[raw]
    if unit in ("달", "개월", "년"):
        value = months_before(today, count * (12 if unit == "년" else 1))
    else:
        value = today - timedelta(days=count * (7 if unit.startswith("주") else 1))
    return EventDate(value, approximate=True)
