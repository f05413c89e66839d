"""An answer is parsed by its field type, then checked against the field's own rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from minwon.catalog.answers import FieldValueError, validate_answer
from minwon.catalog.fieldtypes import ParseContext
from minwon.catalog.schema import FieldSpec

TODAY = dt.date(2026, 11, 28)
CTX = ParseContext(today=TODAY)


def spec(type_name: str, **extra: Any) -> FieldSpec:
    return FieldSpec.model_validate(
        {
            "id": "answer",
            "type": type_name,
            "label": {"ko": "항목", "en": "Item"},
            "question": {"ko": "입력해 주세요", "en": "Please answer"},
            **extra,
        }
    )


def refused(field: FieldSpec, raw: Any) -> FieldValueError:
    with pytest.raises(FieldValueError) as info:
        validate_answer(field, raw, CTX)
    assert info.value.ko
    assert info.value.en
    return info.value


MOVE_IN_DATE = spec("date", rules={"not_in_future": True, "not_before_days": 90})


def test_move_in_date_within_the_window() -> None:
    assert validate_answer(MOVE_IN_DATE, "2026.11.20", CTX) == dt.date(2026, 11, 20)
    assert validate_answer(MOVE_IN_DATE, "오늘", CTX) == TODAY


def test_move_in_date_in_the_future_is_refused() -> None:
    error = refused(MOVE_IN_DATE, "2026-11-29")
    assert error.code == "in_future"


def test_move_in_date_too_long_ago_is_refused() -> None:
    error = refused(MOVE_IN_DATE, "2026-08-01")
    assert error.code == "too_old"
    assert "90" in error.ko
    assert "90" in error.en


def test_datetime_rules_apply_to_the_date_part() -> None:
    birth = spec("datetime", rules={"not_in_future": True})
    assert validate_answer(birth, "2026-11-28 23:59", CTX) == dt.datetime(2026, 11, 28, 23, 59)
    assert refused(birth, "2026-11-29 00:01").code == "in_future"


def test_money_bounds_are_shown_with_separators() -> None:
    deposit = spec("money", rules={"min_value": 1, "max_value": 60_000_000})
    assert validate_answer(deposit, "6천만원", CTX) == 60_000_000
    error = refused(deposit, "1억")
    assert error.code == "above_max"
    assert "60,000,000" in error.en
    assert refused(deposit, "0원").code == "below_min"


def test_integer_bounds() -> None:
    copies = spec("integer", rules={"min_value": 1, "max_value": 10})
    assert validate_answer(copies, "2통", CTX) == 2
    assert refused(copies, "0").code == "below_min"
    assert refused(copies, "11").code == "above_max"


def test_text_length() -> None:
    purpose = spec("text", rules={"min_length": 2, "max_length": 5})
    assert validate_answer(purpose, " 은행제출 ", CTX) == "은행제출"
    assert refused(purpose, "가").code == "too_short"
    assert refused(purpose, "여섯글자입니다").code == "too_long"


def test_type_errors_come_before_rules() -> None:
    assert refused(MOVE_IN_DATE, "지난주").code == "not_date"


def test_enum_takes_its_options_from_the_spec() -> None:
    kind = spec(
        "enum",
        options=[
            {"value": "deungbon", "label": {"ko": "등본", "en": "Household copy"}},
            {
                "value": "chobon",
                "label": {"ko": "초본", "en": "Individual abstract"},
                "synonyms": ["주민등록초본"],
            },
        ],
    )
    assert validate_answer(kind, "등본", CTX) == "deungbon"
    assert validate_answer(kind, "household copy", CTX) == "deungbon"
    assert validate_answer(kind, "주민등록초본", CTX) == "chobon"
    error = refused(kind, "가족관계증명서")
    assert error.code == "not_an_option"
    assert "등본" in error.ko
    assert "초본" in error.ko


def test_optional_field_left_blank_is_none() -> None:
    email = spec("email", required=False)
    assert validate_answer(email, "  ", CTX) is None
    assert validate_answer(email, None, CTX) is None
    assert refused(spec("email"), "").code == "required"


def test_rrn_field_checks_birth_date_against_today() -> None:
    field = spec("rrn")
    assert validate_answer(field, "2010154837261", CTX) == "201015-4837261"
    assert refused(field, "261231-4837261").code == "rrn_future_birth_date"


def test_unknown_type_is_a_programming_error() -> None:
    with pytest.raises(KeyError, match="no_such_type"):
        validate_answer(spec("no_such_type"), "x", CTX)
