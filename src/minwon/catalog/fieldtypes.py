"""Reusable field types: each parses a raw answer into a value or says, in ko and en, what is wrong.

The catalog names a type per field (``type: rrn``); :data:`FIELD_TYPES` is the registry the
catalog validator checks those names against. The parsers live in ``fieldtypes_*`` modules by
subject (identity, contact, time, numbers, address); this module holds the basic ones and the
registry.
"""

from __future__ import annotations

import re
from typing import Any

from minwon.catalog.fieldtypes_address import (
    LotNumber,
    RoadAddress,
    parse_legal_dong,
    parse_lot_number,
    parse_postal_code,
    parse_road_address,
    parse_sigungu,
)
from minwon.catalog.fieldtypes_base import (
    FieldType,
    FieldValueError,
    Messages,
    ParseContext,
    clean_text,
    fail,
)
from minwon.catalog.fieldtypes_contact import parse_email, parse_mobile, parse_phone
from minwon.catalog.fieldtypes_identity import (
    birth_date_from_rrn,
    has_valid_corpno_check_digit,
    parse_bizno,
    parse_corpno,
    parse_frn,
    parse_passport_no,
    parse_person_name,
    parse_roman_name,
    parse_rrn,
    parse_rrn_or_frn,
    parse_vehicle_no,
    parse_vin,
)
from minwon.catalog.fieldtypes_numbers import (
    BankAccount,
    parse_bank_account,
    parse_decimal,
    parse_industry_code,
    parse_money,
)
from minwon.catalog.fieldtypes_time import parse_date, parse_datetime

__all__ = [
    "FIELD_TYPES",
    "BankAccount",
    "FieldType",
    "FieldValueError",
    "LotNumber",
    "ParseContext",
    "RoadAddress",
    "birth_date_from_rrn",
    "has_valid_corpno_check_digit",
    "parse_field_value",
]

MESSAGES: Messages = {
    "not_yes_no": ("'예' 또는 '아니요'로 답해 주세요.", "Please answer yes or no."),
    "not_integer": ("숫자로 입력해 주세요.", "Please enter a whole number."),
    "not_an_option": ("다음 중에서 골라 주세요: {choices}", "Please choose one of: {choices}"),
}

# Spellings of yes and no in chat: the dialogue asks consent questions this way.
_TRUE = {
    "yes",
    "y",
    "true",
    "1",
    "예",
    "네",
    "응",
    "동의",
    "ㅇ",
    "ㅇㅇ",
    "agree",
    "ok",
    "좋아요",
    "네네",
}
_FALSE = {
    "no",
    "n",
    "false",
    "0",
    "아니요",
    "아니오",
    "아니",
    "아뇨",
    "ㄴ",
    "ㄴㄴ",
    "비동의",
    "싫어요",
}
# Korean answers to "…있으세요?" (do you have …?) say have / have not rather than yes / no.
_HAVE = {"있어요", "있습니다", "있어", "있음", "있지요", "있죠"}
_HAVE_NOT = {"없어요", "없습니다", "없어", "없음", "없지요", "없죠", "안했어요", "안 했어요"}
# Counters people put after a number ("2명", "3통"): persons, items, copies.
_COUNTERS = ("명", "개", "통", "부", "매")


def parse_text(raw: Any, ctx: ParseContext) -> str:
    """Free text up to 500 characters."""
    return clean_text(raw)


def parse_boolean(raw: Any, ctx: ParseContext) -> bool:
    """Yes or no, in Korean or English chat spellings."""
    if isinstance(raw, bool):
        return raw
    text = clean_text(raw, limit=40).lower().rstrip(".!")
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    words = text.replace(",", " ").split()
    # "아니 없어요", "네 있어요", "no, I don't": a chat answer starts with its yes or no.
    if words and words[0] in _FALSE | _HAVE_NOT:
        return False
    if words and words[0] in _TRUE | _HAVE:
        return True
    raise fail(MESSAGES, "not_yes_no")


def parse_integer(raw: Any, ctx: ParseContext) -> int:
    """A whole number; thousands separators and a counter word ("2명") are accepted."""
    if isinstance(raw, bool):
        raise fail(MESSAGES, "not_integer")
    if isinstance(raw, int):
        return raw
    text = clean_text(raw, limit=40).replace(",", "")
    for counter in _COUNTERS:
        text = text.removesuffix(counter)
    text = text.strip()
    if not re.fullmatch(r"-?[0-9]{1,12}", text):
        raise fail(MESSAGES, "not_integer")
    return int(text)


def parse_enum(raw: Any, ctx: ParseContext) -> str:
    """One of ``ctx.options``: its value or any accepted spelling, case-insensitive."""
    text = clean_text(raw, limit=100).lower()
    for value, spellings in ctx.options.items():
        if text == value or text in (s.lower() for s in spellings):
            return value
    # Spellings are (Korean label, English label, synonyms…): each language lists its labels.
    ko = ", ".join(s[0] if s else v for v, s in ctx.options.items())
    en = ", ".join(s[1] if len(s) > 1 else v for v, s in ctx.options.items())
    ko_text, _ = MESSAGES["not_an_option"]
    _, en_text = MESSAGES["not_an_option"]
    raise FieldValueError("not_an_option", ko_text.format(choices=ko), en_text.format(choices=en))


# sensitive: 고유식별정보 (개인정보 보호법 제24조, 시행령 제19조: 주민등록번호, 여권번호,
# 외국인등록번호) and bank accounts, encrypted at rest. personal: anything that identifies or
# locates a person (개인정보 보호법 제2조 제1호).
FIELD_TYPES: dict[str, FieldType] = {
    t.name: t
    for t in (
        FieldType("text", parse_text),
        FieldType("boolean", parse_boolean),
        FieldType("integer", parse_integer),
        FieldType("decimal", parse_decimal),
        FieldType("money", parse_money),
        FieldType("date", parse_date),
        FieldType("datetime", parse_datetime),
        FieldType("enum", parse_enum),
        FieldType("person_name", parse_person_name, personal=True),
        FieldType("roman_name", parse_roman_name, personal=True),
        FieldType("rrn", parse_rrn, sensitive=True, personal=True),
        FieldType("frn", parse_frn, sensitive=True, personal=True),
        FieldType("rrn_or_frn", parse_rrn_or_frn, sensitive=True, personal=True),
        FieldType("passport_no", parse_passport_no, sensitive=True, personal=True),
        FieldType("mobile", parse_mobile, personal=True),
        FieldType("phone", parse_phone, personal=True),
        FieldType("email", parse_email, personal=True),
        FieldType("road_address", parse_road_address, personal=True),
        FieldType("postal_code", parse_postal_code),
        FieldType("sigungu", parse_sigungu),
        FieldType("legal_dong", parse_legal_dong),
        FieldType("lot_number", parse_lot_number),
        FieldType("bank_account", parse_bank_account, sensitive=True, personal=True),
        FieldType("bizno", parse_bizno),
        FieldType("corpno", parse_corpno),
        FieldType("industry_code", parse_industry_code),
        FieldType("vehicle_no", parse_vehicle_no, personal=True),
        FieldType("vin", parse_vin, personal=True),
    )
}


def parse_field_value(type_name: str, raw: Any, ctx: ParseContext) -> Any:
    """Parse ``raw`` as a value of the named field type; raises :class:`FieldValueError`."""
    return FIELD_TYPES[type_name].parse(raw, ctx)
