"""Field types accept what people type and explain, in Korean and English, what is wrong."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minwon.catalog.fieldtypes import (
    FIELD_TYPES,
    FieldValueError,
    LotNumber,
    ParseContext,
    birth_date_from_rrn,
    has_valid_corpno_check_digit,
    parse_field_value,
)
from minwon.catalog.fieldtypes_numbers import MESSAGES as MONEY_MESSAGES
from minwon.catalog.fieldtypes_numbers import parse_money

TODAY = dt.date(2026, 11, 28)
CTX = ParseContext(today=TODAY, options={"yes": ["예"], "no": ["아니요"]})

CATALOG_TYPE_NAMES = {
    "text", "person_name", "rrn", "frn", "rrn_or_frn", "road_address", "postal_code",
    "sigungu", "legal_dong", "mobile", "phone", "email", "bizno", "corpno", "vehicle_no",
    "vin", "passport_no", "roman_name", "date", "datetime", "money", "integer", "decimal",
    "boolean", "enum", "bank_account", "lot_number", "industry_code",
}  # fmt: skip


def parse(type_name: str, raw: Any) -> Any:
    return parse_field_value(type_name, raw, CTX)


def rejection(type_name: str, raw: Any) -> FieldValueError:
    with pytest.raises(FieldValueError) as info:
        parse(type_name, raw)
    error = info.value
    assert error.ko
    assert error.en
    assert error.ko != error.en
    assert error.message("ko") == error.ko
    assert error.message("en") == error.en
    return error


def legacy_rrn_checksum_ok(number: str) -> bool:
    digits = [int(d) for d in number.replace("-", "")]
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    total = sum(d * w for d, w in zip(digits, weights, strict=False))
    return (11 - total % 11) % 10 == digits[12]


def test_registry_holds_every_type_the_catalog_uses() -> None:
    assert set(FIELD_TYPES) == CATALOG_TYPE_NAMES
    for name, field_type in FIELD_TYPES.items():
        assert field_type.name == name


@pytest.mark.parametrize("name", ["rrn", "frn", "rrn_or_frn", "passport_no", "bank_account"])
def test_unique_identifiers_are_sensitive_and_personal(name: str) -> None:
    assert FIELD_TYPES[name].sensitive
    assert FIELD_TYPES[name].personal


@pytest.mark.parametrize("name", ["mobile", "phone", "email", "person_name", "road_address"])
def test_contact_details_are_personal(name: str) -> None:
    assert FIELD_TYPES[name].personal


# -- 주민등록번호 / 외국인등록번호 -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("900101-1234567", "900101-1234567"),
        ("9001011234567", "900101-1234567"),
        (" 900101 - 1234567 ", "900101-1234567"),
        ("９００１０１－１２３４５６７", "900101-1234567"),
        ("050101-3123456", "050101-3123456"),
        ("900101-5123456", "900101-5123456"),  # foreigners' numbers are 주민등록번호-shaped
    ],
)
def test_rrn_accepts_common_spellings(raw: str, expected: str) -> None:
    assert parse("rrn", raw) == expected


def test_rrn_issued_after_2020_10_with_random_digits_is_accepted() -> None:
    number = "201015-4837261"  # born 2020-10-15; digits after the sex digit are random
    assert not legacy_rrn_checksum_ok(number)
    assert parse("rrn", number) == number
    assert birth_date_from_rrn(number) == dt.date(2020, 10, 15)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("850505-123456", "rrn_shape"),
        ("90010112345678", "rrn_shape"),
        ("abc", "rrn_shape"),
        ("901301-1234567", "rrn_bad_birth_date"),
        ("900230-1234567", "rrn_bad_birth_date"),
        ("010229-3123456", "rrn_bad_birth_date"),  # 2001 is not a leap year
        ("271231-3123456", "rrn_future_birth_date"),
    ],
)
def test_rrn_rejections_say_why(raw: str, code: str) -> None:
    error = rejection("rrn", raw)
    assert error.code == code
    assert raw not in error.ko
    assert raw not in error.en


def test_rrn_error_messages_in_both_languages() -> None:
    error = rejection("rrn", "901301-1234567")
    assert "생년월일" in error.ko
    assert "date of birth" in error.en


@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("900101-1234567", dt.date(1990, 1, 1)),
        ("050101-4234567", dt.date(2005, 1, 1)),
        ("850615-6234567", dt.date(1985, 6, 15)),
        ("100615-8234567", dt.date(2010, 6, 15)),
        ("991231-9234567", dt.date(1899, 12, 31)),
        ("991231-0234567", dt.date(1899, 12, 31)),
    ],
)
def test_century_comes_from_the_seventh_digit(number: str, born: dt.date) -> None:
    assert birth_date_from_rrn(number) == born


def test_frn_needs_a_foreigner_digit() -> None:
    assert parse("frn", "1001017234567") == "100101-7234567"
    assert rejection("frn", "900101-1234567").code == "frn_not_foreigner"
    assert parse("rrn_or_frn", "900101-1234567") == "900101-1234567"
    assert parse("rrn_or_frn", "900101-6234567") == "900101-6234567"


# -- phones and e-mail -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("010-1234-5678", "010-1234-5678"),
        ("01012345678", "010-1234-5678"),
        ("010 1234 5678", "010-1234-5678"),
        ("010.1234.5678", "010-1234-5678"),
        ("+82 10-1234-5678", "010-1234-5678"),
        ("011-123-4567", "011-123-4567"),
    ],
)
def test_mobile_numbers(raw: str, expected: str) -> None:
    assert parse("mobile", raw) == expected


def test_mobile_rejects_a_landline_and_says_so() -> None:
    assert rejection("mobile", "02-123-4567").code == "mobile_is_landline"
    assert rejection("mobile", "010-12-5678").code == "mobile_shape"
    assert rejection("mobile", "012-1234-5678").code == "mobile_shape"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("02-123-4567", "02-123-4567"),
        ("0212345678", "02-1234-5678"),
        ("031 123 4567", "031-123-4567"),
        ("064-710-1234", "064-710-1234"),
        ("070-1234-5678", "070-1234-5678"),
        ("1588-1234", "1588-1234"),
        ("010-1234-5678", "010-1234-5678"),
    ],
)
def test_phone_numbers(raw: str, expected: str) -> None:
    assert parse("phone", raw) == expected


def test_phone_with_unknown_area_code() -> None:
    error = rejection("phone", "099-123-4567")
    assert error.code == "phone_area_code"
    assert "099" in error.en


def test_email() -> None:
    assert parse("email", " Hong.GD@Example.COM ") == "Hong.GD@example.com"
    for bad in ("hong", "hong@", "a@@b.com", "a@b", "a b@c.com"):
        assert rejection("email", bad).code == "email_shape"


# -- businesses and vehicles -----------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "124-81-00998",  # 삼성전자
        "220-81-62517",  # 네이버
        "120-81-47521",  # 카카오
        "107-86-14075",  # LG전자
    ],
)
def test_real_business_numbers_pass_the_check_digit(number: str) -> None:
    assert parse("bizno", number) == number
    assert parse("bizno", number.replace("-", "")) == number


def test_bizno_with_a_wrong_digit_is_refused() -> None:
    assert rejection("bizno", "124-81-00997").code == "bizno_check_digit"
    assert rejection("bizno", "124-81-0099").code == "bizno_shape"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_exactly_one_check_digit_fits_any_bizno(body: str) -> None:
    accepted = []
    for last in "0123456789":
        try:
            parse("bizno", body + last)
            accepted.append(last)
        except FieldValueError:
            pass
    assert len(accepted) == 1


def test_corpno_shape_and_check_digit_helper() -> None:
    assert parse("corpno", "1301110006246") == "130111-0006246"  # 삼성전자
    assert has_valid_corpno_check_digit("130111-0006246")
    assert not has_valid_corpno_check_digit("130111-0006247")
    assert rejection("corpno", "130111-000624").code == "corpno_shape"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12가3456", "12가3456"),
        ("12가 3456", "12가3456"),
        ("123 가 4567", "123가4567"),
        ("서울12가3456", "서울12가3456"),
        ("경기 1가 1234", "경기1가1234"),
    ],
)
def test_vehicle_plates(raw: str, expected: str) -> None:
    assert parse("vehicle_no", raw) == expected


def test_vehicle_plate_rejections() -> None:
    assert rejection("vehicle_no", "12가34567").code == "vehicle_shape"
    assert rejection("vehicle_no", "1234가3456").code == "vehicle_shape"
    assert rejection("vehicle_no", "뉴욕12가3456").code == "vehicle_region"


def test_vin() -> None:
    assert parse("vin", "kmhsh81dblu123456") == "KMHSH81DBLU123456"
    assert rejection("vin", "KMHSH81DBLU12345O").code == "vin_letters"
    assert rejection("vin", "KMHSH81DBLU1234").code == "vin_shape"


def test_passport_numbers_old_and_new() -> None:
    assert parse("passport_no", "m12345678") == "M12345678"
    assert parse("passport_no", "M123A4567") == "M123A4567"
    assert rejection("passport_no", "X12345678").code == "passport_shape"
    assert rejection("passport_no", "M1234567").code == "passport_shape"


# -- names -----------------------------------------------------------------------------------


def test_roman_name_is_upper_cased() -> None:
    assert parse("roman_name", "hong  gildong") == "HONG GILDONG"
    assert rejection("roman_name", "HONG-GILDONG").code == "roman_letters"
    assert rejection("roman_name", "홍길동").code == "roman_letters"


@pytest.mark.parametrize("raw", ["홍길동", "남궁민수", "남궁 민수", "John Smith", "O'Brien"])
def test_person_names(raw: str) -> None:
    assert parse("person_name", raw) == raw


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("홍길동2", "name_digits"),
        ("김", "name_too_short"),
        ("ㅎㄱㄷ", "name_jamo"),
        ("홍John", "name_mixed"),
        ("홍@길동", "name_chars"),
    ],
)
def test_person_name_rejections(raw: str, code: str) -> None:
    assert rejection("person_name", raw).code == code


# -- dates and times -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "2026-11-20",
        "2026.11.20",
        "2026. 11. 20.",
        "2026/11/20",
        "20261120",
        "2026년 11월 20일",
        "2026년11월20일",
        dt.date(2026, 11, 20),
        dt.datetime(2026, 11, 20, 9, 30),
    ],
)
def test_date_spellings(raw: Any) -> None:
    assert parse("date", raw) == dt.date(2026, 11, 20)


def test_relative_dates_count_from_today() -> None:
    assert parse("date", "오늘") == TODAY
    assert parse("date", "어제") == TODAY - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("11/20/2026", "ambiguous_date"),
        ("20.11.2026", "ambiguous_date"),
        ("26.11.20", "two_digit_year"),
        ("2026-02-30", "no_such_date"),
        ("지난주", "not_date"),
    ],
)
def test_date_rejections(raw: str, code: str) -> None:
    assert rejection("date", raw).code == code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-20 14:30", dt.datetime(2026, 11, 20, 14, 30)),
        ("2026-11-20T14:30:15", dt.datetime(2026, 11, 20, 14, 30, 15)),
        ("2026.11.20 09:05", dt.datetime(2026, 11, 20, 9, 5)),
        ("2026년 11월 20일 오후 2시 30분", dt.datetime(2026, 11, 20, 14, 30)),
        ("2026년 11월 20일 오전 9시", dt.datetime(2026, 11, 20, 9, 0)),
        ("2026년 11월 20일 오후 12시", dt.datetime(2026, 11, 20, 12, 0)),
        ("2026년 11월 20일 오전 12시 반", dt.datetime(2026, 11, 20, 0, 30)),
        ("2026-11-20 2 pm", dt.datetime(2026, 11, 20, 14, 0)),
    ],
)
def test_datetime_spellings(raw: str, expected: dt.datetime) -> None:
    assert parse("datetime", raw) == expected


def test_aware_datetime_is_read_in_korean_time() -> None:
    utc = dt.datetime(2026, 11, 20, 0, 0, tzinfo=dt.UTC)
    assert parse("datetime", utc) == dt.datetime(2026, 11, 20, 9, 0)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("2026-11-20", "time_missing"),
        ("2026-11-20 25:00", "no_such_time"),
        ("2026-11-20 오후 13시", "no_such_time"),
        ("오후 2시", "not_datetime"),
        ("언젠가", "not_datetime"),
    ],
)
def test_datetime_rejections(raw: str, code: str) -> None:
    assert rejection("datetime", raw).code == code


# -- money and numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("6천만원", 60_000_000),
        ("60,000,000", 60_000_000),
        ("3000만", 30_000_000),
        ("30만 원", 300_000),
        ("1억 2천만원", 120_000_000),
        ("50만", 500_000),
        ("1.5억", 150_000_000),
        ("만원", 10_000),
        ("2천5백만원", 25_000_000),
        ("₩1,000", 1_000),
        ("0원", 0),
        (1_500_000, 1_500_000),
    ],
)
def test_money_spellings(raw: Any, expected: int) -> None:
    assert parse("money", raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("-5만원", "money_negative"),
        ("마이너스 5만원", "money_negative"),
        (-1, "money_negative"),
        ("1.5", "money_fraction"),
        ("1만 1억", "money_unit_order"),
        ("오만 원이 넘어요", "not_money"),
        ("많이", "not_money"),
        ("99999999999999999999", "money_too_large"),
    ],
)
def test_money_rejections(raw: Any, code: str) -> None:
    assert rejection("money", raw).code == code


@given(st.integers(min_value=0, max_value=10**15))
def test_money_written_in_korean_units_reads_back(amount: int) -> None:
    eok, rest = divmod(amount, 10**8)
    man, won = divmod(rest, 10**4)
    parts = [f"{eok}억" if eok else "", f"{man}만" if man else "", f"{won}" if won else ""]
    text = " ".join(p for p in parts if p) or "0"
    assert parse("money", text + "원") == amount
    assert parse("money", f"{amount:,}") == amount


def test_decimal_and_integer() -> None:
    assert parse("decimal", "1,234.5") == Decimal("1234.5")
    assert parse("decimal", "-3") == Decimal(-3)
    assert rejection("decimal", "NaN").code == "not_decimal"
    assert rejection("decimal", "84.5㎡").code == "not_decimal"
    assert parse("integer", "3명") == 3
    assert rejection("integer", "셋").code == "not_integer"


def test_industry_code() -> None:
    assert parse("industry_code", "552101") == "552101"
    assert rejection("industry_code", "55210").code == "industry_shape"


@pytest.mark.parametrize(
    ("raw", "code", "number"),
    [
        ("국민은행 123456-01-234567", "004", "12345601234567"),
        ("KB국민 123456 01 234567", "004", "12345601234567"),
        ("004 12345601234567", "004", "12345601234567"),
        ("카카오뱅크 3333-01-1234567", "090", "3333011234567"),
        ("신한 110-123-456789", "088", "110123456789"),
        ("110-123-456789 신한은행", "088", "110123456789"),
    ],
)
def test_bank_accounts(raw: str, code: str, number: str) -> None:
    value = parse("bank_account", raw)
    assert value["bank_code"] == code
    assert value["account_number"] == number
    assert value["bank_name"]


def test_bank_account_rejections() -> None:
    assert rejection("bank_account", "123456-01-234567").code == "bank_unknown"
    assert rejection("bank_account", "국민은행 1234").code == "account_shape"
    assert rejection("bank_account", "국민은행 계좌").code == "account_shape"


# -- places ----------------------------------------------------------------------------------


def test_sigungu_resolves_to_its_code() -> None:
    assert parse("sigungu", "서울 중구") == "11140"
    assert parse("sigungu", "수원시 영통구") == "41117"
    assert rejection("sigungu", "없는구").code == "unknown_sigungu"


def test_ambiguous_sigungu_lists_the_candidates() -> None:
    error = rejection("sigungu", "중구")
    assert error.code == "ambiguous_sigungu"
    for city in ("서울특별시 중구", "부산광역시 중구", "울산광역시 중구"):
        assert city in error.ko
        assert city in error.en


def test_legal_dong_resolves_to_ten_digits() -> None:
    assert parse("legal_dong", "마포구 서교동") == "1144012000"
    error = rejection("legal_dong", "서교동")
    assert error.code == "ambiguous_legal_dong"
    assert "전라남도 여수시 서교동" in error.ko
    assert rejection("legal_dong", "없는동").code == "unknown_legal_dong"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("123-4", LotNumber(123, 4, mountain=False)),
        ("123", LotNumber(123, 0, mountain=False)),
        ("산 12-3", LotNumber(12, 3, mountain=True)),
        ("산12", LotNumber(12, 0, mountain=True)),
        ("7번지", LotNumber(7, 0, mountain=False)),
        ("123 - 4 번지", LotNumber(123, 4, mountain=False)),
    ],
)
def test_lot_numbers(raw: str, expected: LotNumber) -> None:
    assert parse("lot_number", raw) == expected


def test_lot_number_rejections() -> None:
    for bad in ("0", "abc", "12-3-4", "산"):
        assert rejection("lot_number", bad).code == "lot_shape"


def test_postal_code() -> None:
    assert parse("postal_code", "04001") == "04001"
    assert rejection("postal_code", "121-750").code == "postal_old"
    assert rejection("postal_code", "0400").code == "postal_shape"


# -- robustness ------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(FIELD_TYPES)), st.text(max_size=80))
def test_no_parser_raises_anything_but_field_value_error(type_name: str, raw: str) -> None:
    with contextlib.suppress(FieldValueError):
        parse(type_name, raw)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(sorted(FIELD_TYPES)),
    st.text(alphabet="0123456789-. 가나다산억만천년월일시분로길동호,()", max_size=40),
)
def test_no_parser_crashes_on_near_miss_input(type_name: str, raw: str) -> None:
    with contextlib.suppress(FieldValueError):
        parse(type_name, raw)


@pytest.mark.parametrize(
    ("raw", "unit", "won"),
    [
        ("500만원", "won", 5_000_000),
        ("천오백", "man", 15_000_000),  # a deposit said the way people say it: 1,500만원
        ("천오백", "won", 1_500),  # an amount field without that convention reads it as written
        ("월 35만", "man", 350_000),
        ("35만", "man", 350_000),
        ("보증금 2억 5천", "man", 250_000_000),  # after 억 a bare 천 is 천만
        ("1억 5000", "won", 150_000_000),
        ("오십만원", "won", 500_000),
        ("월세 50", "man", 500_000),
        ("35만원이요", "won", 350_000),
        ("1500원", "man", 1_500),  # 원 said: as written
    ],
)
def test_amounts_as_people_say_them(raw: str, unit: str, won: int) -> None:
    assert parse_money(raw, ParseContext(today=dt.date(2026, 12, 3), money_unit=unit)) == won


def test_a_refused_amount_quotes_examples_it_accepts() -> None:
    ctx = ParseContext(today=dt.date(2026, 12, 3))
    for text in MONEY_MESSAGES["not_money"]:
        examples = re.findall(r"[0-9][0-9,]*(?:만원|천만원)?|1억 2천만원|30만원", text)
        assert examples, text
        for example in examples:
            assert parse_money(example, ctx) > 0, example
