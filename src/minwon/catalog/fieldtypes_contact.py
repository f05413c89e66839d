"""Field types for reaching a person: mobile and landline numbers, e-mail addresses."""

from __future__ import annotations

import re
from typing import Any

from minwon.catalog.fieldtypes_base import Messages, ParseContext, clean_text, compact_code, fail

__all__ = ["parse_email", "parse_mobile", "parse_phone"]

MESSAGES: Messages = {
    "mobile_shape": (
        "휴대전화 번호를 010-1234-5678 처럼 입력해 주세요.",
        "Please enter the mobile number like 010-1234-5678.",
    ),
    "mobile_is_landline": (
        "일반 전화번호예요. 010 등으로 시작하는 휴대전화 번호를 입력해 주세요.",
        "That is a landline number; please give a mobile number (010-…).",
    ),
    "phone_shape": (
        "전화번호를 02-123-4567 또는 010-1234-5678 처럼 입력해 주세요.",
        "Please enter the phone number like 02-123-4567 or 010-1234-5678.",
    ),
    "phone_area_code": (
        "'{prefix}'(으)로 시작하는 국내 전화번호는 없어요. 지역번호를 확인해 주세요.",
        "No Korean phone number starts with '{prefix}'; please check the area code.",
    ),
    "email_shape": (
        "이메일 주소를 name@example.com 처럼 입력해 주세요.",
        "Please enter the e-mail address like name@example.com.",
    ),
}

# 전기통신번호관리세칙: mobile prefixes, geographic area codes (02 Seoul, 0NN elsewhere),
# 070 internet phones, 080 free-phone, 050X personal numbers, and 15XX/16XX/18XX nationwide.
_MOBILE = re.compile(r"(01[016789])(\d{3,4})(\d{4})")
_AREA_CODES = frozenset({"031", "032", "033", "041", "042", "043", "044", "051", "052"})
_AREA_CODES |= {"053", "054", "055", "061", "062", "063", "064", "070", "080"}
_SEOUL = re.compile(r"(02)(\d{3,4})(\d{4})")
_AREA = re.compile(r"(0\d\d)(\d{3,4})(\d{4})")
_PERSONAL = re.compile(r"(050\d)(\d{3,4})(\d{4})")
_NATIONWIDE = re.compile(r"(1[568]\d\d)(\d{4})")


def _phone_digits(raw: Any) -> str | None:
    """Digits of a phone number, with +82 turned into the domestic 0; ``None`` if not digits."""
    text = re.sub(r"[-.()/]", "", compact_code(raw, limit=40))
    if text.startswith("+82"):
        text = "0" + text[3:].removeprefix("0")
    elif text.startswith("0082"):
        text = "0" + text[4:].removeprefix("0")
    return text if text.isdigit() and text.isascii() else None


def _mobile_match(digits: str | None) -> re.Match[str] | None:
    return _MOBILE.fullmatch(digits) if digits else None


def parse_mobile(raw: Any, ctx: ParseContext) -> str:
    """A mobile number (010, 011, 016–019) as ``"010-1234-5678"``; +82 is accepted."""
    digits = _phone_digits(raw)
    match = _mobile_match(digits)
    if match:
        return "-".join(match.groups())
    if digits and _landline_match(digits):
        raise fail(MESSAGES, "mobile_is_landline")
    raise fail(MESSAGES, "mobile_shape")


def _landline_match(digits: str) -> re.Match[str] | None:
    for pattern in (_SEOUL, _PERSONAL, _NATIONWIDE):
        match = pattern.fullmatch(digits)
        if match:
            return match
    match = _AREA.fullmatch(digits)
    return match if match and match[1] in _AREA_CODES else None


def parse_phone(raw: Any, ctx: ParseContext) -> str:
    """Any Korean phone number, mobile or landline, hyphenated: ``"02-123-4567"``."""
    digits = _phone_digits(raw)
    if digits is None:
        raise fail(MESSAGES, "phone_shape")
    match = _mobile_match(digits) or _landline_match(digits)
    if match:
        return "-".join(match.groups())
    area = re.fullmatch(r"(0\d\d)\d{7,8}", digits)
    if area:
        raise fail(MESSAGES, "phone_area_code", prefix=area[1])
    raise fail(MESSAGES, "phone_shape")


_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)


def parse_email(raw: Any, ctx: ParseContext) -> str:
    """An e-mail address (ASCII; RFC 5321 length limits); the domain is lower-cased."""
    text = clean_text(raw, limit=254)
    if not _EMAIL.fullmatch(text):
        raise fail(MESSAGES, "email_shape")
    local, domain = text.rsplit("@", 1)
    if len(local) > 64:
        raise fail(MESSAGES, "email_shape")
    return f"{local}@{domain.lower()}"
