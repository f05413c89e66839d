"""Field types that identify a person, a business or a vehicle (korean-services.md §1.3).

Error messages never repeat the number that was typed: it may be someone's 주민등록번호 and the
message may end up in a log.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from minwon.catalog.fieldtypes_base import Messages, ParseContext, clean_text, compact_code, fail
from minwon.catalog.regions import load_region_table

__all__ = [
    "birth_date_from_rrn",
    "has_valid_corpno_check_digit",
    "parse_bizno",
    "parse_corpno",
    "parse_frn",
    "parse_passport_no",
    "parse_person_name",
    "parse_roman_name",
    "parse_rrn",
    "parse_rrn_or_frn",
    "parse_vehicle_no",
    "parse_vin",
]

MESSAGES: Messages = {
    "rrn_shape": (
        "주민등록번호 13자리를 900101-1234567 처럼 입력해 주세요.",
        "Please enter the 13-digit resident registration number, like 900101-1234567.",
    ),
    "frn_shape": (
        "외국인등록번호 13자리를 900101-5234567 처럼 입력해 주세요.",
        "Please enter the 13-digit alien registration number, like 900101-5234567.",
    ),
    "rrn_or_frn_shape": (
        "주민등록번호 또는 외국인등록번호 13자리를 900101-1234567 처럼 입력해 주세요.",
        "Please enter the 13-digit resident or alien registration number, like 900101-1234567.",
    ),
    "rrn_bad_birth_date": (
        "앞 6자리가 올바른 생년월일(YYMMDD)이 아니에요.",
        "The first six digits are not a valid date of birth (YYMMDD).",
    ),
    "rrn_future_birth_date": (
        "앞 6자리의 생년월일이 오늘 이후예요.",
        "The date of birth in the first six digits is in the future.",
    ),
    "frn_not_foreigner": (
        "외국인등록번호는 뒷자리 첫 숫자가 5, 6, 7, 8 중 하나예요.",
        "An alien registration number has 5, 6, 7 or 8 as the first digit of its second part.",
    ),
    "bizno_shape": (
        "사업자등록번호 10자리를 123-45-67890 처럼 입력해 주세요.",
        "Please enter the 10-digit business registration number, like 123-45-67890.",
    ),
    "bizno_check_digit": (
        "사업자등록번호의 마지막 검증 숫자가 맞지 않아요. 숫자를 다시 확인해 주세요.",
        "The check digit of the business registration number does not match; please re-check it.",
    ),
    "corpno_shape": (
        "법인등록번호 13자리를 110111-1234567 처럼 입력해 주세요.",
        "Please enter the 13-digit corporate registration number, like 110111-1234567.",
    ),
    "passport_shape": (
        "여권번호를 M12345678 또는 M123A4567 처럼 입력해 주세요.",
        "Please enter the passport number like M12345678 or M123A4567.",
    ),
    "vin_letters": (
        "차대번호에는 I, O, Q 글자를 쓰지 않아요 (숫자 1, 0 인지 확인해 주세요).",
        "A VIN never contains I, O or Q (did you mean 1 or 0?).",
    ),
    "vin_shape": (
        "차대번호 17자리(영문 대문자와 숫자)를 입력해 주세요.",
        "Please enter the 17-character vehicle identification number (letters and digits).",
    ),
    "vehicle_region": (
        "차량번호 앞의 지역 이름({region})을 알 수 없어요.",
        "The region on the plate ({region}) is not a Korean province or city.",
    ),
    "vehicle_shape": (
        "차량번호를 12가3456, 123가4567 또는 서울12가3456 처럼 입력해 주세요.",
        "Please enter the plate number like 12가3456, 123가4567 or 서울12가3456.",
    ),
    "roman_letters": (
        "영문 대문자와 띄어쓰기만 쓸 수 있어요 (예: HONG GILDONG).",
        "Only Latin letters and spaces are allowed (e.g. HONG GILDONG).",
    ),
    "name_digits": ("이름에는 숫자를 쓸 수 없어요.", "A name cannot contain digits."),
    "name_jamo": (
        "자음·모음만 따로 쓴 글자가 있어요. 이름을 완성된 한글로 입력해 주세요.",
        "The name contains separate Hangul letters; please type the full syllables.",
    ),
    "name_too_short": (
        "이름을 성과 이름을 합쳐 두 글자 이상으로 입력해 주세요.",
        "Please enter the full name, family name included (at least two characters).",
    ),
    "name_mixed": (
        "이름은 한글 또는 로마자 중 한 가지로만 입력해 주세요.",
        "Please write the name either in Hangul or in Latin letters, not both.",
    ),
    "name_chars": (
        "이름에 쓸 수 없는 문자가 있어요. 한글 또는 로마자로 입력해 주세요.",
        "The name contains characters that are not allowed; use Hangul or Latin letters.",
    ),
}

# 주민등록번호 digit 7: sex/nationality and the century of birth (9/0: born in the 1800s).
_CENTURY = {"1": 1900, "2": 1900, "3": 2000, "4": 2000, "5": 1900, "6": 1900, "7": 2000, "8": 2000}
_CENTURY |= {"9": 1800, "0": 1800}
_FOREIGNER_DIGITS = frozenset("5678")
_RESIDENT_NUMBER = re.compile(r"(\d{6})-?(\d{7})")


def _birth_date(front: str, sex_digit: str) -> dt.date | None:
    try:
        return dt.date(_CENTURY[sex_digit] + int(front[:2]), int(front[2:4]), int(front[4:6]))
    except ValueError:
        return None


def _resident_number(raw: Any, ctx: ParseContext, shape: str, foreigner_only: bool) -> str:
    match = _RESIDENT_NUMBER.fullmatch(compact_code(raw))
    if not match:
        raise fail(MESSAGES, shape)
    front, back = match[1], match[2]
    if foreigner_only and back[0] not in _FOREIGNER_DIGITS:
        raise fail(MESSAGES, "frn_not_foreigner")
    born = _birth_date(front, back[0])
    if born is None:
        raise fail(MESSAGES, "rrn_bad_birth_date")
    if born > ctx.today:
        raise fail(MESSAGES, "rrn_future_birth_date")
    # No check-digit test: numbers issued since 2020-10-05 have random digits after digit 7
    # (주민등록법 시행규칙 개정), so the legacy checksum rejects valid numbers.
    return f"{front}-{back}"


def parse_rrn(raw: Any, ctx: ParseContext) -> str:
    """A 주민등록번호 (any digit 7, foreigners' too) as ``"YYMMDD-NNNNNNN"``."""
    return _resident_number(raw, ctx, "rrn_shape", foreigner_only=False)


def parse_frn(raw: Any, ctx: ParseContext) -> str:
    """A 외국인등록번호 (digit 7 in 5–8) as ``"YYMMDD-NNNNNNN"``."""
    return _resident_number(raw, ctx, "frn_shape", foreigner_only=True)


def parse_rrn_or_frn(raw: Any, ctx: ParseContext) -> str:
    """Either number, for forms that take a Korean or a foreign applicant."""
    return _resident_number(raw, ctx, "rrn_or_frn_shape", foreigner_only=False)


def birth_date_from_rrn(value: str) -> dt.date:
    """The date of birth encoded in a 주민등록번호 or 외국인등록번호 (with or without hyphen)."""
    match = _RESIDENT_NUMBER.fullmatch(compact_code(value))
    if not match:
        raise fail(MESSAGES, "rrn_shape")
    born = _birth_date(match[1], match[2][0])
    if born is None:
        raise fail(MESSAGES, "rrn_bad_birth_date")
    return born


_BIZNO_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def _bizno_check_digit(digits: str) -> int:
    # 국세청 사업자등록번호 검증: weighted sum of the first 9 digits plus the tens of d9 × 5.
    values = [int(d) for d in digits[:9]]
    total = sum(v * w for v, w in zip(values, _BIZNO_WEIGHTS, strict=True))
    total += values[8] * 5 // 10
    return (10 - total % 10) % 10


def parse_bizno(raw: Any, ctx: ParseContext) -> str:
    """A 사업자등록번호 with a valid check digit, as ``"NNN-NN-NNNNN"``."""
    text = compact_code(raw)
    if not re.fullmatch(r"\d{3}-?\d{2}-?\d{5}", text):
        raise fail(MESSAGES, "bizno_shape")
    digits = text.replace("-", "")
    if _bizno_check_digit(digits) != int(digits[9]):
        raise fail(MESSAGES, "bizno_check_digit")
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"


def has_valid_corpno_check_digit(value: str) -> bool:
    """Whether a 법인등록번호 passes the usual 1-2-1-2 weighted check digit.

    Not enforced by :func:`parse_corpno`: most published numbers pass it, but not all that we
    found, and refusing a real company's number is worse than letting a typo through to the
    agency. Use it to ask "are you sure?".
    """
    digits = compact_code(value).replace("-", "")
    if not re.fullmatch(r"\d{13}", digits):
        return False
    total = sum(int(d) * (1 + i % 2) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


def parse_corpno(raw: Any, ctx: ParseContext) -> str:
    """A 법인등록번호 as ``"NNNNNN-NNNNNNN"``.

    Only the shape is checked; see :func:`has_valid_corpno_check_digit` for why.
    """
    match = re.fullmatch(r"(\d{6})-?(\d{7})", compact_code(raw))
    if not match:
        raise fail(MESSAGES, "corpno_shape")
    return f"{match[1]}-{match[2]}"


def parse_passport_no(raw: Any, ctx: ParseContext) -> str:
    """A Korean passport number: old ``M12345678`` or next-generation ``M123A4567``."""
    text = compact_code(raw).replace("-", "").upper()
    if not re.fullmatch(r"[MSRODG](?:\d{8}|\d{3}[A-Z]\d{4})", text):
        raise fail(MESSAGES, "passport_shape")
    return text


def parse_vin(raw: Any, ctx: ParseContext) -> str:
    """A 17-character VIN (차대번호), upper-case; I, O and Q are never used (ISO 3779)."""
    text = compact_code(raw).replace("-", "").upper()
    if len(text) == 17 and re.fullmatch(r"[A-Z0-9]+", text) and re.search(r"[IOQ]", text):
        raise fail(MESSAGES, "vin_letters")
    if not re.fullmatch(r"[A-HJ-NPR-Z0-9]{17}", text):
        raise fail(MESSAGES, "vin_shape")
    return text


# National plates since 2006 (3-digit prefix since 2019-09) and the older regional plates,
# whose first two syllables name a 시도 ("서울12가3456").
_NATIONAL_PLATE = re.compile(r"\d{2,3}[가-힣]\d{4}")
_REGIONAL_PLATE = re.compile(r"[가-힣]{2}\d{1,2}[가-힣]\d{4}")


def parse_vehicle_no(raw: Any, ctx: ParseContext) -> str:
    """A vehicle registration plate without spaces: ``"12가3456"`` or ``"서울12가3456"``."""
    text = compact_code(raw, limit=30).replace("-", "")
    if _NATIONAL_PLATE.fullmatch(text):
        return text
    if not _REGIONAL_PLATE.fullmatch(text):
        raise fail(MESSAGES, "vehicle_shape")
    if not load_region_table().find_sido(text[:2]):
        raise fail(MESSAGES, "vehicle_region", region=text[:2])
    return text


def parse_roman_name(raw: Any, ctx: ParseContext) -> str:
    """A name in Latin capitals as on a passport (``"HONG GILDONG"``); lower case is raised."""
    text = " ".join(clean_text(raw, limit=100).split()).upper()
    if not re.fullmatch(r"[A-Z]+(?: [A-Z]+)*", text):
        raise fail(MESSAGES, "roman_letters")
    return text


_HANGUL_NAME = re.compile(r"[가-힣]+(?: [가-힣]+)*")
_LATIN_NAME = re.compile(r"[A-Za-z]+(?:[ '.-]+[A-Za-z]+)*\.?")


def parse_person_name(raw: Any, ctx: ParseContext) -> str:
    """A person's name: Hangul syllables (2 or more), or Latin letters for a foreign name."""
    text = " ".join(clean_text(raw, limit=100).split())
    if re.search(r"\d", text):
        raise fail(MESSAGES, "name_digits")
    if re.search(r"[\u1100-\u11ff\u3131-\u318e]", text):
        raise fail(MESSAGES, "name_jamo")
    has_hangul = re.search(r"[가-힣]", text) is not None
    if has_hangul and re.search(r"[A-Za-z]", text):
        raise fail(MESSAGES, "name_mixed")
    if not (_HANGUL_NAME.fullmatch(text) or _LATIN_NAME.fullmatch(text)):
        raise fail(MESSAGES, "name_chars")
    if len(text.replace(" ", "")) < 2:
        raise fail(MESSAGES, "name_too_short")
    return text
