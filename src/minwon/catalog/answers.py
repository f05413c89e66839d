"""Check one answer against its field: the field type's parser, then the field's own rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from minwon.catalog.fieldtypes import FIELD_TYPES, FieldValueError, ParseContext
from minwon.catalog.fieldtypes_base import Messages, fail
from minwon.catalog.schema import FieldRules, FieldSpec

__all__ = ["FieldValueError", "validate_answer"]  # the error, for callers that catch it

MESSAGES: Messages = {
    "below_min": ("{limit} 이상이어야 해요.", "It must be at least {limit}."),
    "above_max": ("{limit} 이하여야 해요.", "It must be at most {limit}."),
    "too_short": ("{limit}자 이상 입력해 주세요.", "Please enter at least {limit} characters."),
    "too_long": (
        "{limit}자 이내로 입력해 주세요.",
        "Please keep it to {limit} characters or fewer.",
    ),
    "in_future": ("오늘 이후의 날짜는 입력할 수 없어요.", "The date cannot be later than today."),
    "too_old": (
        "{days}일 이내의 날짜만 입력할 수 있어요.",
        "The date must be within the last {days} days.",
    ),
}


def _is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _number(value: Any) -> int | float | Decimal | None:
    if isinstance(value, bool):
        return None
    return value if isinstance(value, int | float | Decimal) else None


def _limit_text(limit: float) -> str:
    return f"{int(limit):,}" if float(limit).is_integer() else f"{limit:,}"


def _check_range(rules: FieldRules, value: Any) -> None:
    number = _number(value)
    if number is None:
        return
    if rules.min_value is not None and number < rules.min_value:
        raise fail(MESSAGES, "below_min", limit=_limit_text(rules.min_value))
    if rules.max_value is not None and number > rules.max_value:
        raise fail(MESSAGES, "above_max", limit=_limit_text(rules.max_value))


def _check_length(rules: FieldRules, value: Any) -> None:
    if not isinstance(value, str):
        return
    if rules.min_length is not None and len(value) < rules.min_length:
        raise fail(MESSAGES, "too_short", limit=rules.min_length)
    if rules.max_length is not None and len(value) > rules.max_length:
        raise fail(MESSAGES, "too_long", limit=rules.max_length)


def _check_date(rules: FieldRules, value: Any, today: dt.date) -> None:
    day = value.date() if isinstance(value, dt.datetime) else value
    if not isinstance(day, dt.date):
        return
    if rules.not_in_future and day > today:
        raise fail(MESSAGES, "in_future")
    if rules.not_before_days is not None and (today - day).days > rules.not_before_days:
        raise fail(MESSAGES, "too_old", days=rules.not_before_days)


def validate_answer(spec: FieldSpec, raw: Any, ctx: ParseContext) -> Any:
    """The parsed value of ``raw`` for the field ``spec``; :class:`FieldValueError` if it is wrong.

    An enum field takes its options (value, Korean and English labels, synonyms) from the spec.
    A blank answer to an optional field gives ``None``; whether a ``required_when`` field is
    required is for the caller to decide before calling. Rules apply to values of the kind they
    fit: value bounds to numbers, lengths to text, date rules to dates and datetimes.
    """
    if _is_blank(raw) and not spec.required:
        return None
    field_type = FIELD_TYPES.get(spec.type)
    if field_type is None:
        raise KeyError(f"field {spec.id!r} has unknown type {spec.type!r}")
    if spec.options:
        options = {o.value: [o.label.ko, o.label.en, *o.synonyms] for o in spec.options}
        ctx = replace(ctx, options=options)
    if spec.rules.money_unit != ctx.money_unit:
        ctx = replace(ctx, money_unit=spec.rules.money_unit)
    value = field_type.parse(raw, ctx)
    _check_range(spec.rules, value)
    _check_length(spec.rules, value)
    _check_date(spec.rules, value, ctx.today)
    return value
