"""Evaluate a service's eligibility conditions against what we know, on a given day.

Three-valued, with time: a condition is ``met``, ``not_met``, ``unknown`` (a fact is missing or
unreadable; ``missing`` names it), or ``not_yet`` (false today, true from ``opens_on``). A
``met`` verdict may carry ``closed_on``, the day it stops holding (an age limit reached).

Ages are 만 나이, counted from the birthday (민법 제158조: the day of birth counts). Someone
born on 29 February, or on the 31st, reaches an age in a month without that day on the first
day of the next month (민법 제160조③: the period ends on the month's last day).
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from minwon.catalog.deadlines import add_months
from minwon.catalog.fieldtypes_identity import birth_date_from_rrn
from minwon.catalog.schema import (
    AgeCondition,
    AllOf,
    AnyOf,
    Condition,
    EligibilityRule,
    FieldCondition,
    NotOf,
)

__all__ = [
    "RuleResult",
    "Status",
    "Verdict",
    "age_in_months",
    "age_reached_on",
    "evaluate",
    "evaluate_rules",
]

Status = Literal["met", "not_met", "not_yet", "unknown"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome of a condition today, and when that outcome changes."""

    status: Status
    opens_on: dt.date | None = None  # not_yet: the day it becomes met
    closed_on: dt.date | None = None  # met/not_yet: the day it stops holding; not_met: since when
    missing: list[str] = field(default_factory=list)  # unknown: the facts to ask for

    @property
    def is_met(self) -> bool:
        """Whether the condition holds today."""
        return self.status == "met"


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One eligibility rule of a service and its verdict."""

    rule: EligibilityRule
    verdict: Verdict

    @property
    def rule_id(self) -> str:
        """The rule's id in the catalog."""
        return self.rule.id


# -- ages ----------------------------------------------------------------------------------


def age_reached_on(birth: dt.date, months: int) -> dt.date:
    """The day someone born on ``birth`` reaches the age of ``months`` months (만 나이)."""
    anniversary = add_months(birth, months)
    if anniversary.day == birth.day:
        return anniversary
    return anniversary + dt.timedelta(days=1)  # no such day: the month's last day, plus one


def age_in_months(birth: dt.date, today: dt.date) -> int:
    """Whole months of age on ``today`` (negative before birth)."""
    months = (today.year - birth.year) * 12 + today.month - birth.month
    return months if age_reached_on(birth, months) <= today else months - 1


def _as_date(value: object) -> dt.date | None:
    """A date from a date, a datetime, an ISO string, or a 주민등록번호 (its birth date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.fromisoformat(t).date()):
        try:
            return parse(text)
        except ValueError:
            pass
    if re.fullmatch(r"\d{6}-?\d{7}", text):
        try:
            return birth_date_from_rrn(text)
        except ValueError:
            return None
    return None


def _evaluate_age(cond: AgeCondition, facts: Mapping[str, object], today: dt.date) -> Verdict:
    birth = _as_date(facts.get(cond.age_of))
    if birth is None:
        return Verdict("unknown", missing=[cond.age_of])
    opens = closes = None
    if cond.at_least is not None:
        opens = age_reached_on(birth, cond.at_least.total_months)
        if cond.opens == "start-of-previous-month":
            # 기초연금법 시행규칙: an application may be made from the month before the month
            # of the 65th birthday; the month is the birthday's, even when the day is missing.
            birthday_month = add_months(birth.replace(day=1), cond.at_least.total_months)
            opens = add_months(birthday_month, -1)
    if cond.under is not None:
        closes = age_reached_on(birth, cond.under.total_months)
    return _timeline(today, opens, closes)


def _timeline(today: dt.date, opens: dt.date | None, closes: dt.date | None) -> Verdict:
    """The verdict for "true from ``opens`` (inclusive) until ``closes`` (exclusive)"."""
    if closes is not None and (today >= closes or (opens is not None and opens >= closes)):
        return Verdict("not_met", closed_on=closes)
    if opens is not None and today < opens:
        return Verdict("not_yet", opens_on=opens, closed_on=closes)
    return Verdict("met", closed_on=closes)


# -- field comparisons -----------------------------------------------------------------------


def _comparable(fact: object, value: object) -> tuple[object, object]:
    """Bring a date written as text to a date when the other side is a date."""
    if isinstance(fact, dt.date) and isinstance(value, str):
        return fact, _as_date(value) or value
    if isinstance(value, dt.date) and isinstance(fact, str):
        return _as_date(fact) or fact, value
    return fact, value


_ORDER: dict[str, Callable[[Any, Any], Any]] = {
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}


def _compare(op: str, fact: object, value: object) -> bool | None:
    """The comparison's truth, or ``None`` when the two cannot be compared."""
    if op in ("in", "not_in"):
        options = value if isinstance(value, list) else [value]
        chosen = fact if isinstance(fact, list | tuple | set | frozenset) else [fact]
        hit = any(_comparable(c, o)[0] == _comparable(c, o)[1] for c in chosen for o in options)
        return hit if op == "in" else not hit
    left, right = _comparable(fact, value)
    if op == "eq":
        return left == right
    if op == "ne":
        return left != right
    try:
        return bool(_ORDER[op](left, right))
    except (TypeError, KeyError):
        return None


def _evaluate_field(cond: FieldCondition, facts: Mapping[str, object]) -> Verdict:
    fact = facts.get(cond.field)
    if cond.op == "present":
        return Verdict("met" if fact not in (None, "", []) else "not_met")
    if fact is None:
        return Verdict("unknown", missing=[cond.field])
    if cond.op in ("is_true", "is_false"):
        if not isinstance(fact, bool):
            return Verdict("unknown", missing=[cond.field])
        return Verdict("met" if fact is (cond.op == "is_true") else "not_met")
    outcome = _compare(cond.op, fact, cond.value)
    if outcome is None:
        return Verdict("unknown", missing=[cond.field])
    return Verdict("met" if outcome else "not_met")


# -- combinations --------------------------------------------------------------------------


def _missing(verdicts: Sequence[Verdict]) -> list[str]:
    names: list[str] = []
    for verdict in verdicts:
        names.extend(n for n in verdict.missing if n not in names)
    return names


def _all_of(verdicts: list[Verdict], today: dt.date) -> Verdict:
    failed = [v for v in verdicts if v.status == "not_met"]
    if failed:
        return Verdict(
            "not_met", closed_on=max((v.closed_on for v in failed if v.closed_on), default=None)
        )
    if any(v.status == "unknown" for v in verdicts):
        return Verdict("unknown", missing=_missing(verdicts))
    opens = max((v.opens_on for v in verdicts if v.opens_on), default=None)
    closes = min((v.closed_on for v in verdicts if v.closed_on), default=None)
    return _timeline(today, opens, closes)


def _any_of(verdicts: list[Verdict]) -> Verdict:
    met = [v for v in verdicts if v.status == "met"]
    if met:
        open_ended = any(v.closed_on is None for v in met)
        return Verdict(
            "met", closed_on=None if open_ended else max(v.closed_on for v in met if v.closed_on)
        )
    if any(v.status == "unknown" for v in verdicts):
        return Verdict("unknown", missing=_missing(verdicts))
    waiting = [v for v in verdicts if v.status == "not_yet"]
    if waiting:
        first = min(waiting, key=lambda v: v.opens_on or dt.date.max)
        return Verdict("not_yet", opens_on=first.opens_on, closed_on=first.closed_on)
    return Verdict("not_met")


def _not(verdict: Verdict) -> Verdict:
    if verdict.status == "unknown":
        return verdict
    if verdict.status == "met":
        # True until closed_on: its negation is false until then, true afterwards.
        if verdict.closed_on is None:
            return Verdict("not_met")
        return Verdict("not_yet", opens_on=verdict.closed_on)
    if verdict.status == "not_yet":
        return Verdict("met", closed_on=verdict.opens_on)
    return Verdict("met")


def evaluate(condition: Condition, facts: Mapping[str, object], today: dt.date) -> Verdict:
    """The verdict of ``condition`` on ``today`` given the ``facts`` (field id -> value)."""
    if isinstance(condition, FieldCondition):
        return _evaluate_field(condition, facts)
    if isinstance(condition, AgeCondition):
        return _evaluate_age(condition, facts, today)
    if isinstance(condition, AllOf):
        return _all_of([evaluate(c, facts, today) for c in condition.all], today)
    if isinstance(condition, AnyOf):
        return _any_of([evaluate(c, facts, today) for c in condition.any])
    if isinstance(condition, NotOf):
        return _not(evaluate(condition.not_, facts, today))
    raise TypeError(f"not a condition: {type(condition).__name__}")


def evaluate_rules(
    rules: Sequence[EligibilityRule], facts: Mapping[str, object], today: dt.date
) -> list[RuleResult]:
    """Each rule of a service in force on ``today`` with its verdict, in the catalog's order."""
    return [
        RuleResult(rule, evaluate(rule.condition, facts, today))
        for rule in rules
        if rule.in_force(today)
    ]
