"""Eligibility: met, not met, not yet (and from when), or unknown (and which fact to ask)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import TypeAdapter

from minwon.catalog.eligibility import (
    Verdict,
    age_in_months,
    age_reached_on,
    evaluate,
    evaluate_rules,
)
from minwon.catalog.schema import Condition, EligibilityRule, Localized, Sourced

D = dt.date
CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)


def cond(data: dict[str, Any]) -> Condition:
    return CONDITION.validate_python(data)


BASIC_PENSION_AGE = cond(
    {"age_of": "birth_date", "at_least": {"years": 65}, "opens": "start-of-previous-month"}
)
CHILD_UNDER_8 = cond({"age_of": "child_birth_date", "under": {"years": 8}})
LOW_INCOME = cond({"field": "income_rank", "op": "le", "value": 70})


# -- ages ------------------------------------------------------------------------------------


def test_man_nai_counts_from_the_birthday() -> None:
    birth = D(1961, 8, 15)
    assert age_in_months(birth, D(2026, 8, 14)) == 64 * 12 + 11
    assert age_in_months(birth, D(2026, 8, 15)) == 65 * 12
    assert age_reached_on(birth, 65 * 12) == D(2026, 8, 15)


def test_leap_day_births_come_of_age_on_the_first_of_march() -> None:
    birth = D(2008, 2, 29)
    assert age_reached_on(birth, 12 * 18) == D(2026, 3, 1)
    assert age_in_months(birth, D(2026, 2, 28)) == 12 * 18 - 1
    assert age_in_months(birth, D(2026, 3, 1)) == 12 * 18


def test_basic_pension_opens_the_month_before_the_65th_birthday() -> None:
    facts = {"birth_date": D(1961, 8, 15)}
    waiting = evaluate(BASIC_PENSION_AGE, facts, D(2026, 6, 30))
    assert waiting == Verdict("not_yet", opens_on=D(2026, 7, 1))
    assert evaluate(BASIC_PENSION_AGE, facts, D(2026, 7, 1)).status == "met"
    assert evaluate(BASIC_PENSION_AGE, facts, D(2030, 1, 1)).status == "met"


def test_age_on_the_birthday_itself() -> None:
    adult = cond({"age_of": "birth_date", "at_least": {"years": 19}})
    facts = {"birth_date": "2007-11-28"}
    assert evaluate(adult, facts, D(2026, 11, 27)) == Verdict("not_yet", opens_on=D(2026, 11, 28))
    assert evaluate(adult, facts, D(2026, 11, 28)).status == "met"


def test_under_an_age_closes_on_that_birthday() -> None:
    facts = {"child_birth_date": D(2018, 12, 10)}
    still = evaluate(CHILD_UNDER_8, facts, D(2026, 11, 28))
    assert still == Verdict("met", closed_on=D(2026, 12, 10))
    closed = evaluate(CHILD_UNDER_8, facts, D(2026, 12, 10))
    assert closed == Verdict("not_met", closed_on=D(2026, 12, 10))


def test_age_window_in_months() -> None:
    # A child of four weeks is not yet one month old: it opens on the same day next month.
    window = cond({"age_of": "child", "at_least": {"months": 1}})
    assert evaluate(window, {"child": D(2026, 11, 1)}, D(2026, 11, 28)) == Verdict(
        "not_yet", opens_on=D(2026, 12, 1)
    )
    span = cond({"age_of": "child", "at_least": {"months": 12}, "under": {"months": 24}})
    assert evaluate(span, {"child": D(2025, 11, 28)}, D(2026, 11, 28)) == Verdict(
        "met", closed_on=D(2027, 11, 28)
    )


def test_birth_date_as_iso_string_datetime_or_rrn() -> None:
    for value in ("1961-08-15", dt.datetime(1961, 8, 15, 3, 0), "610815-1234567"):
        verdict = evaluate(BASIC_PENSION_AGE, {"birth_date": value}, D(2026, 7, 1))
        assert verdict.status == "met", value


@pytest.mark.parametrize("value", [None, "someday", 1961, "1961-13-45"])
def test_missing_or_unreadable_birth_date_is_unknown(value: object) -> None:
    facts = {} if value is None else {"birth_date": value}
    verdict = evaluate(BASIC_PENSION_AGE, facts, D(2026, 7, 1))
    assert verdict == Verdict("unknown", missing=["birth_date"])


# -- field conditions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "facts", "status"),
    [
        ({"field": "rank", "op": "le", "value": 70}, {"rank": 50}, "met"),
        ({"field": "rank", "op": "le", "value": 70}, {"rank": 71}, "not_met"),
        ({"field": "rank", "op": "gt", "value": 70}, {"rank": 71}, "met"),
        ({"field": "kind", "op": "eq", "value": "new"}, {"kind": "new"}, "met"),
        ({"field": "kind", "op": "ne", "value": "new"}, {"kind": "new"}, "not_met"),
        ({"field": "kind", "op": "in", "value": ["a", "b"]}, {"kind": "b"}, "met"),
        ({"field": "kind", "op": "not_in", "value": ["a", "b"]}, {"kind": "b"}, "not_met"),
        ({"field": "kinds", "op": "in", "value": ["a", "b"]}, {"kinds": ["c", "a"]}, "met"),
        ({"field": "agree", "op": "is_true"}, {"agree": True}, "met"),
        ({"field": "agree", "op": "is_false"}, {"agree": True}, "not_met"),
        ({"field": "note", "op": "present"}, {"note": "x"}, "met"),
        ({"field": "note", "op": "present"}, {}, "not_met"),
        ({"field": "day", "op": "ge", "value": "2026-01-01"}, {"day": D(2026, 3, 1)}, "met"),
        ({"field": "day", "op": "lt", "value": D(2027, 1, 1)}, {"day": "2026-03-01"}, "met"),
        ({"field": "day", "op": "lt", "value": D(2026, 1, 1)}, {"day": "2026-03-01"}, "not_met"),
    ],
)
def test_field_conditions(condition: dict[str, Any], facts: dict[str, Any], status: str) -> None:
    assert evaluate(cond(condition), facts, D(2026, 11, 28)).status == status


@pytest.mark.parametrize(
    ("condition", "facts"),
    [
        ({"field": "rank", "op": "le", "value": 70}, {}),
        ({"field": "rank", "op": "le", "value": 70}, {"rank": None}),
        ({"field": "rank", "op": "le", "value": 70}, {"rank": "high"}),  # not comparable
        ({"field": "agree", "op": "is_true"}, {"agree": "maybe"}),
    ],
)
def test_unknown_facts_are_named(condition: dict[str, Any], facts: dict[str, Any]) -> None:
    verdict = evaluate(cond(condition), facts, D(2026, 11, 28))
    assert verdict.status == "unknown"
    assert verdict.missing == [condition["field"]]


# -- combinations ----------------------------------------------------------------------------


def test_all_of_is_not_met_as_soon_as_one_part_fails() -> None:
    both = cond({"all": [BASIC_PENSION_AGE.model_dump(), LOW_INCOME.model_dump()]})
    assert evaluate(both, {"income_rank": 90}, D(2026, 7, 1)).status == "not_met"


def test_all_of_lists_every_missing_fact() -> None:
    both = cond({"all": [BASIC_PENSION_AGE.model_dump(), LOW_INCOME.model_dump()]})
    verdict = evaluate(both, {}, D(2026, 7, 1))
    assert verdict == Verdict("unknown", missing=["birth_date", "income_rank"])


def test_all_of_opens_when_the_last_part_opens() -> None:
    both = cond({"all": [BASIC_PENSION_AGE.model_dump(), LOW_INCOME.model_dump()]})
    facts = {"birth_date": D(1961, 8, 15), "income_rank": 50}
    assert evaluate(both, facts, D(2026, 6, 1)) == Verdict("not_yet", opens_on=D(2026, 7, 1))
    assert evaluate(both, facts, D(2026, 7, 1)).status == "met"


def test_all_of_that_closes_before_it_opens_is_never_met() -> None:
    never = cond(
        {
            "all": [
                {"age_of": "b", "at_least": {"years": 10}},
                {"age_of": "b", "under": {"years": 8}},
            ]
        }
    )
    assert evaluate(never, {"b": D(2024, 1, 1)}, D(2026, 1, 1)).status == "not_met"


def test_any_of_is_met_by_one_part_even_with_unknowns() -> None:
    either = cond({"any": [LOW_INCOME.model_dump(), {"field": "disabled", "op": "is_true"}]})
    assert evaluate(either, {"disabled": True}, D(2026, 7, 1)).status == "met"
    verdict = evaluate(either, {"disabled": False}, D(2026, 7, 1))
    assert verdict == Verdict("unknown", missing=["income_rank"])
    assert evaluate(either, {"disabled": False, "income_rank": 99}, D(2026, 1, 1)).status == (
        "not_met"
    )


def test_any_of_not_yet_opens_at_the_earliest_part() -> None:
    either = cond(
        {
            "any": [
                {"age_of": "b", "at_least": {"years": 65}},
                {"age_of": "b", "at_least": {"years": 60}},
            ]
        }
    )
    verdict = evaluate(either, {"b": D(1970, 5, 5)}, D(2026, 1, 1))
    assert verdict == Verdict("not_yet", opens_on=D(2030, 5, 5))


def test_not_inverts_and_keeps_the_timeline() -> None:
    not_low = cond({"not": LOW_INCOME.model_dump()})
    assert evaluate(not_low, {"income_rank": 50}, D(2026, 1, 1)).status == "not_met"
    assert evaluate(not_low, {"income_rank": 90}, D(2026, 1, 1)).status == "met"
    assert evaluate(not_low, {}, D(2026, 1, 1)).missing == ["income_rank"]
    not_child = cond({"not": CHILD_UNDER_8.model_dump()})
    facts = {"child_birth_date": D(2018, 12, 10)}
    assert evaluate(not_child, facts, D(2026, 11, 28)) == Verdict(
        "not_yet", opens_on=D(2026, 12, 10)
    )
    not_senior = cond({"not": BASIC_PENSION_AGE.model_dump()})
    assert evaluate(not_senior, {"birth_date": D(1961, 8, 15)}, D(2026, 1, 1)) == Verdict(
        "met", closed_on=D(2026, 7, 1)
    )


def test_evaluate_rules_keeps_the_catalog_order() -> None:
    source = Sourced(confidence="general-knowledge")
    rules = [
        EligibilityRule(
            id=rule_id,
            description=Localized(ko="조건", en="Condition"),
            when_not_met=Localized(ko="대상이 아니에요", en="Not eligible"),
            condition=condition,
            source=source,
        )
        for rule_id, condition in (("age", BASIC_PENSION_AGE), ("income", LOW_INCOME))
    ]
    results = evaluate_rules(rules, {"birth_date": "1961-08-15"}, D(2026, 7, 1))
    assert [(r.rule_id, r.verdict.status) for r in results] == [
        ("age", "met"),
        ("income", "unknown"),
    ]
    assert results[1].verdict.missing == ["income_rank"]
    assert results[0].verdict.is_met
    assert not results[1].verdict.is_met
