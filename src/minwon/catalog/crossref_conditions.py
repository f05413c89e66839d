"""Checks on conditions: each names a known field, with an operator and a value that fit it.

A condition that cannot fit its field is never an error at run time: the evaluator answers
``unknown`` or ``not_met`` for ever (an enum compared with a misspelt option, ``gt`` on a
text). Only the catalog validator can catch it, so it checks every condition against the
field it names: eligibility rules, ``required_when`` of fields and documents, bundle
``include_when``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from minwon.catalog.errors import Problem
from minwon.catalog.fieldtypes import FIELD_TYPES
from minwon.catalog.schema import (
    AgeCondition,
    AllOf,
    AnyOf,
    Condition,
    FieldCondition,
    FieldSpec,
    NotOf,
)
from minwon.catalog.yamlnodes import LocatedDocument

__all__ = ["DATE_TYPES", "FieldFacts", "check_condition", "field_table"]

DATE_TYPES = ("date", "datetime")
Loc = list[str | int]


@dataclass(frozen=True, slots=True)
class FieldFacts:
    """What a condition needs to know about the field it names."""

    type: str
    options: tuple[str, ...] | None = None  # enum option values; None: not known here


def field_table(specs: Iterable[FieldSpec]) -> dict[str, FieldFacts]:
    """The facts of each field, by id."""
    return {
        spec.id: FieldFacts(spec.type, tuple(o.value for o in spec.options) or None)
        for spec in specs
    }


_ORDERED = ("eq", "ne", "in", "not_in", "gt", "ge", "lt", "le", "present")
_EQUALITY = ("eq", "ne", "in", "not_in", "present")

# How each field type can be compared, by the Python value its parser returns.
_KIND_OF_TYPE = {
    "boolean": "boolean",
    "enum": "enum",
    "integer": "integer",
    "money": "integer",  # whole won
    "decimal": "number",
    "date": "date",
    "datetime": "date",
    "text": "text",
    "postal_code": "text",
    "sigungu": "text",
    "legal_dong": "text",
    "bizno": "text",
    "corpno": "text",
    "industry_code": "text",
}
# Every other type only has "present": its value is structured (RoadAddress, BankAccount,
# LotNumber), so a literal never equals it, or it is personal data, which a condition must
# not compare with a literal written in the catalog.
_OPS_OF_KIND = {
    "boolean": ("is_true", "is_false", "present"),
    "enum": _EQUALITY,
    "integer": _ORDERED,
    "number": _ORDERED,
    "date": _ORDERED,
    "text": _EQUALITY,
    "opaque": ("present",),
}
_EXPECTED = {
    "integer": "a whole number",
    "number": "a number",
    "date": "a date (YYYY-MM-DD)",
    "text": "a text in quotes",
}


def check_condition(
    condition: Condition, fields: Mapping[str, FieldFacts], doc: LocatedDocument, loc: Loc
) -> Iterator[Problem]:
    """Every problem of ``condition`` and its parts, located at its line."""
    if isinstance(condition, FieldCondition):
        yield from _check_field_condition(condition, fields, doc, loc)
    elif isinstance(condition, AgeCondition):
        facts = fields.get(condition.age_of)
        if facts is None or facts.type not in DATE_TYPES:
            yield doc.problem(
                [*loc, "age_of"], f"age_of {condition.age_of!r} must name a date field"
            )
    elif isinstance(condition, AllOf | AnyOf):
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        key = "all" if isinstance(condition, AllOf) else "any"
        for index, part in enumerate(parts):
            yield from check_condition(part, fields, doc, [*loc, key, index])
    elif isinstance(condition, NotOf):
        yield from check_condition(condition.not_, fields, doc, [*loc, "not"])


def _check_field_condition(
    condition: FieldCondition, fields: Mapping[str, FieldFacts], doc: LocatedDocument, loc: Loc
) -> Iterator[Problem]:
    facts = fields.get(condition.field)
    if facts is None:
        yield doc.problem([*loc, "field"], f"condition names unknown field {condition.field!r}")
        return
    if facts.type not in FIELD_TYPES:
        return  # the field's own check reports the unknown type
    kind = _KIND_OF_TYPE.get(facts.type, "opaque")
    allowed = _OPS_OF_KIND[kind]
    if condition.op not in allowed:
        yield doc.problem(
            [*loc, "op"],
            f"op {condition.op!r} does not fit {facts.type} field {condition.field!r}"
            f" (use one of: {', '.join(allowed)})",
        )
        return
    yield from _check_values(condition, facts, kind, doc, loc)


def _check_values(
    condition: FieldCondition, facts: FieldFacts, kind: str, doc: LocatedDocument, loc: Loc
) -> Iterator[Problem]:
    if condition.value is None:
        return  # is_true, is_false, present: the schema already refuses a value
    if not isinstance(condition.value, list):
        message = _value_problem(condition.value, condition.field, facts, kind)
        if message is not None:
            yield doc.problem([*loc, "value"], message)
        return
    if not condition.value:
        yield doc.problem([*loc, "value"], f"op {condition.op!r} with an empty list never matches")
    for index, value in enumerate(condition.value):
        message = _value_problem(value, condition.field, facts, kind)
        if message is not None:
            yield doc.problem([*loc, "value", index], message)


def _value_problem(value: object, field: str, facts: FieldFacts, kind: str) -> str | None:
    """What is wrong with comparing the field with ``value``, or None."""
    if kind == "enum":
        return _option_problem(value, field, facts)
    if _fits(value, kind):
        return None
    return f"{facts.type} field {field!r} is compared with {value!r}: expected {_EXPECTED[kind]}"


def _option_problem(value: object, field: str, facts: FieldFacts) -> str | None:
    if facts.options is None or value in facts.options:
        return None
    message = f"{value!r} is not an option of enum field {field!r}"
    message += f" (options: {', '.join(facts.options)})"
    # Option values are text, but YAML 1.1 reads an unquoted yes/no/on/off as a boolean and 26
    # as a number: the maintainer wrote the right word and needs to be told why it fails.
    if isinstance(value, bool):
        message += "; YAML reads an unquoted yes, no, on, off as a boolean: put it in quotes"
    elif isinstance(value, int | float):
        message += "; YAML reads an unquoted number as a number: put it in quotes"
    return message


def _fits(value: object, kind: str) -> bool:
    if isinstance(value, bool):
        return False  # a bool is an int to Python, never a number or a date to a maintainer
    if kind == "integer":
        return isinstance(value, int)
    if kind == "number":
        return isinstance(value, int | float)
    if kind == "date":
        return isinstance(value, dt.date) or (isinstance(value, str) and _is_iso_date(value))
    return isinstance(value, str)


def _is_iso_date(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return False
    return True
