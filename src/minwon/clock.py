"""Time, injected: use cases take a Clock so tests control 'now' and 'today'."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

__all__ = ["KST", "Clock", "FixedClock", "SystemClock"]

# Deadlines run on the Korean calendar: "today" is the date in Seoul, not UTC.
KST = ZoneInfo("Asia/Seoul")


class Clock(Protocol):
    def now(self) -> dt.datetime: ...

    def today(self) -> dt.date: ...


class SystemClock:
    """The real clock, in Korea Standard Time."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(KST)

    def today(self) -> dt.date:
        return self.now().date()


class FixedClock:
    """A clock that says what a test tells it."""

    def __init__(self, now: dt.datetime) -> None:
        self._now = now if now.tzinfo else now.replace(tzinfo=KST)

    def now(self) -> dt.datetime:
        return self._now

    def today(self) -> dt.date:
        return self._now.astimezone(KST).date()

    def advance(self, delta: dt.timedelta) -> None:
        self._now += delta
