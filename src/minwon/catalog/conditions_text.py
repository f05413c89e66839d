"""Conditions in words, so a citizen (or an officer) can read why a rule applies."""

from __future__ import annotations

from typing import Any, Literal

from minwon.catalog.schema import (
    AgeCondition,
    AgeSpan,
    AllOf,
    AnyOf,
    Condition,
    FieldCondition,
    NotOf,
)

__all__ = ["describe_condition"]

Lang = Literal["ko", "en"]

# Message table: the words used to render conditions, per language.
WORDS: dict[str, dict[str, str]] = {
    "ko": {
        "eq": "{f} = {v}",
        "ne": "{f} ≠ {v}",
        "in": "{f}: {v} 중 하나",
        "not_in": "{f}: {v} 아님",
        "gt": "{f} > {v}",
        "ge": "{f} ≥ {v}",
        "lt": "{f} < {v}",
        "le": "{f} ≤ {v}",
        "is_true": "{f}: 예",
        "is_false": "{f}: 아니요",
        "present": "{f} 있음",
        "and": " 그리고 ",
        "or": " 또는 ",
        "not": "다음이 아님: {c}",
        "at_least": "{f} 기준 만 {a} 이상",
        "under": "{f} 기준 만 {a} 미만",
        "years": "{n}세",
        "months": "{n}개월",
        "prev_month": " (생일 전달 1일부터)",
        "true": "예",
        "false": "아니요",
    },
    "en": {
        "eq": "{f} is {v}",
        "ne": "{f} is not {v}",
        "in": "{f} is one of {v}",
        "not_in": "{f} is not one of {v}",
        "gt": "{f} > {v}",
        "ge": "{f} ≥ {v}",
        "lt": "{f} < {v}",
        "le": "{f} ≤ {v}",
        "is_true": "{f}: yes",
        "is_false": "{f}: no",
        "present": "{f} given",
        "and": " and ",
        "or": " or ",
        "not": "not ({c})",
        "at_least": "aged at least {a} by {f}",
        "under": "aged under {a} by {f}",
        "years": "{n} years",
        "months": "{n} months",
        "prev_month": " (from the 1st of the month before the birthday)",
        "true": "yes",
        "false": "no",
    },
}


def describe_condition(condition: Condition, lang: Lang, labels: dict[str, str]) -> str:
    """Render ``condition`` in ``lang``, naming fields by their labels."""
    words = WORDS[lang]
    if isinstance(condition, FieldCondition):
        field = labels.get(condition.field, condition.field)
        return words[condition.op].format(f=field, v=_value(condition.value, words))
    if isinstance(condition, AgeCondition):
        return _age(condition, words, labels)
    if isinstance(condition, AllOf | AnyOf):
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        joiner = words["and"] if isinstance(condition, AllOf) else words["or"]
        rendered = [describe_condition(p, lang, labels) for p in parts]
        text = joiner.join(
            f"({r})" if isinstance(p, AllOf | AnyOf) else r
            for p, r in zip(parts, rendered, strict=True)
        )
        return text
    if not isinstance(condition, NotOf):
        raise TypeError(f"not a condition: {condition!r}")
    return words["not"].format(c=describe_condition(condition.not_, lang, labels))


def _value(value: Any, words: dict[str, str]) -> str:
    if isinstance(value, bool):
        return words["true" if value else "false"]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(_value(v, words) for v in value)
    return str(value)


def _span(span: AgeSpan, words: dict[str, str]) -> str:
    if span.months == 0:
        return words["years"].format(n=span.years)
    return words["months"].format(n=span.total_months)


def _age(condition: AgeCondition, words: dict[str, str], labels: dict[str, str]) -> str:
    field = labels.get(condition.age_of, condition.age_of)
    parts = []
    if condition.at_least is not None:
        text = words["at_least"].format(f=field, a=_span(condition.at_least, words))
        if condition.opens == "start-of-previous-month":
            text += words["prev_month"]
        parts.append(text)
    if condition.under is not None:
        parts.append(words["under"].format(f=field, a=_span(condition.under, words)))
    return words["and"].join(parts)
