"""Field types for amounts and codes: money in won, decimals, 업종코드, bank accounts."""

from __future__ import annotations

import csv
import functools
import io
import math
import re
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from typing import Any, TypedDict

from minwon.catalog.fieldtypes_base import Messages, ParseContext, code_text, compact_code, fail

__all__ = [
    "BankAccount",
    "parse_bank_account",
    "parse_decimal",
    "parse_industry_code",
    "parse_money",
]

MESSAGES: Messages = {
    "not_money": (
        "금액을 30만원, 1억 2천만원, 60,000,000 처럼 입력해 주세요.",
        "Please give the amount in won, like 300000, 30만원 or 1억 2천만원.",
    ),
    "money_negative": ("금액은 0원 이상이어야 해요.", "The amount cannot be negative."),
    "money_fraction": ("금액을 원 단위로 입력해 주세요.", "Please give a whole number of won."),
    "money_too_large": ("금액이 너무 커요.", "That amount is too large."),
    "money_unit_order": (
        "금액 단위의 순서가 맞지 않아요 (예: 1억 2천만원).",
        "The units of the amount are out of order (e.g. 1억 2천만원).",
    ),
    "not_decimal": ("숫자로 입력해 주세요 (예: 84.5).", "Please enter a number (e.g. 84.5)."),
    "industry_shape": (
        "업종코드 6자리 숫자를 입력해 주세요 (예: 552101).",
        "Please enter the 6-digit industry code (e.g. 552101).",
    ),
    "bank_unknown": (
        "은행 이름을 알 수 없어요. "
        "계좌번호 앞에 은행 이름을 적어 주세요 (예: 국민은행 123456-01-234567).",
        "We could not tell the bank; please put its name before the account number.",
    ),
    "account_shape": (
        "계좌번호는 숫자 10~16자리예요. 은행 이름 다음에 계좌번호를 입력해 주세요.",
        "An account number has 10 to 16 digits; please give it after the bank's name.",
    ),
}

# Korean numerals: 조/억/만 group by four digits; 천/백/십 count inside a group.
_BIG_UNITS = {"조": 10**12, "억": 10**8, "만": 10**4}
_SMALL_UNITS = {"천": 1000, "백": 100, "십": 10}
_MONEY_TOKEN = re.compile(r"\d+(?:\.\d+)?|[조억만천백십]")
_CURRENCY_PREFIXES = ("₩", "krw")
_CURRENCY_SUFFIXES = ("원", "won", "krw")
# Hangul digits, as people write amounts out ("천오백", "오십만원", "이억 오천").
_HANGUL_DIGITS = str.maketrans("일이삼사오육칠팔구", "123456789")
# What people put around an amount: what it is ("보증금 2억", "월 35만") and how they end
# ("35만원이요", "3억 정도"). Only the amount is read.
_NUMERAL_WORD = re.compile(r"^[\d.조억만천백십일이삼사오육칠팔구원₩]+$")
_LABEL_BEFORE_DIGITS = re.compile(r"^[^\d]+(?=\d)")
_TRAILING_WORDS = ("이에요", "예요", "이요", "입니다", "이고", "정도", "쯤", "가량", "요")
_NEGATIVE_PREFIXES = ("-", "마이너스", "minus")
_MONEY_LIMIT = 10**16  # ten thousand 조: far above any amount a 민원 form asks for


# Ways to say "none" when asked for an amount.
_NOTHING = frozenset(
    {"없음", "없어요", "없습니다", "없어", "0원", "무", "none", "nothing", "zero", "no"}
)


def parse_money(raw: Any, ctx: ParseContext) -> int:
    """An amount in won as an int: ``"1억 2천만원"`` → 120000000, ``"60,000,000"``, ``"50만"``."""
    if isinstance(raw, bool):
        raise fail(MESSAGES, "not_money")
    if isinstance(raw, int | float | Decimal):
        return _whole_won(Decimal(str(raw)) if math.isfinite(raw) else Decimal(-1))
    text = compact_code(raw, limit=60).lower().replace(",", "")
    if text in _NOTHING:
        return 0  # "월세 없음": a jeonse lease has no monthly rent
    if text.startswith(_NEGATIVE_PREFIXES):
        raise fail(MESSAGES, "money_negative")
    text = _amount_only(code_text(raw, limit=60).lower().replace(",", ""))
    in_won = text.endswith(_CURRENCY_SUFFIXES)
    for suffix in _CURRENCY_SUFFIXES:
        text = text.removesuffix(suffix)
    text = text.translate(_HANGUL_DIGITS)
    tokens = _MONEY_TOKEN.findall(text)
    if not tokens or "".join(tokens) != text:
        raise fail(MESSAGES, "not_money")
    amount = _korean_amount(tokens)
    # "천오백", "50" for a deposit or a rent mean 만원 (1,500만원, 50만원): an amount below
    # 10,000 with no 만/억 and no 원 is read in the unit the field states.
    bare = not in_won and not any(t in _BIG_UNITS for t in tokens)
    if ctx.money_unit == "man" and bare and amount < 10**4:
        amount *= 10**4
    return _whole_won(amount)


def _amount_only(spaced: str) -> str:
    """The amount without the words around it, compacted: "보증금 2억 5천이요" → "2억5천",
    "월35만" → "35만"; a word that is not a number ("많이") is never read as one."""
    words = spaced.split()
    while len(words) > 1 and not _NUMERAL_WORD.match(words[0]) and not _has_digit(words[0]):
        words.pop(0)  # "보증금", "월세", "deposit"
    text = "".join(words)
    for prefix in _CURRENCY_PREFIXES:
        text = text.removeprefix(prefix)
    text = _LABEL_BEFORE_DIGITS.sub("", text)
    for ending in _TRAILING_WORDS:
        if text.endswith(ending) and len(text) > len(ending):
            text = text[: -len(ending)]
            break
    return text


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def _whole_won(amount: Decimal) -> int:
    if amount < 0:
        raise fail(MESSAGES, "money_negative")
    if amount >= _MONEY_LIMIT:
        raise fail(MESSAGES, "money_too_large")
    if amount != amount.to_integral_value():
        raise fail(MESSAGES, "money_fraction")
    return int(amount)


def _korean_amount(tokens: list[str]) -> Decimal:
    """Evaluate "1억 2천만" style tokens; a bare unit counts as one of it ("만원" = 10,000)."""
    total = section = Decimal(0)
    number: Decimal | None = None
    last_big = last_small = math.inf
    for token in tokens:
        if token[0].isdigit():
            number = Decimal(token)
            if number >= _MONEY_LIMIT:
                raise fail(MESSAGES, "money_too_large")
        elif token in _SMALL_UNITS:
            unit = _SMALL_UNITS[token]
            if unit >= last_small:
                raise fail(MESSAGES, "money_unit_order")
            section += (Decimal(1) if number is None else number) * unit
            number, last_small = None, unit
        else:
            unit = _BIG_UNITS[token]
            if unit >= last_big:
                raise fail(MESSAGES, "money_unit_order")
            group = section + (number or 0) if (section or number is not None) else Decimal(1)
            total += group * unit
            section, number, last_big, last_small = Decimal(0), None, unit, math.inf
    rest = section + (number or 0)
    # "2억 5천", "1억 5000": after 억 a bare 천 or number counts in 만 (2억 5천만).
    if last_big == _BIG_UNITS["억"] and 0 < rest < 10**4:
        rest *= _BIG_UNITS["만"]
    return total + rest


def parse_decimal(raw: Any, ctx: ParseContext) -> Decimal:
    """A decimal number such as an area or a rate: ``"84.5"``, ``"1,234.5"``, ``"-3"``."""
    if isinstance(raw, bool):
        raise fail(MESSAGES, "not_decimal")
    if isinstance(raw, float) and not math.isfinite(raw):
        raise fail(MESSAGES, "not_decimal")
    text = str(raw) if isinstance(raw, int | float | Decimal) else compact_code(raw, limit=40)
    text = text.replace(",", "")
    if not re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", text) or len(text) > 30:
        raise fail(MESSAGES, "not_decimal")
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise fail(MESSAGES, "not_decimal") from exc


def parse_industry_code(raw: Any, ctx: ParseContext) -> str:
    """A 6-digit 업종코드 (국세청 사업자 업종 분류), e.g. ``"552101"``."""
    text = compact_code(raw, limit=20).replace("-", "")
    if not re.fullmatch(r"\d{6}", text) or not text.isascii():
        raise fail(MESSAGES, "industry_shape")
    return text


class BankAccount(TypedDict):
    """A bank account: 금융결제원 bank code, the bank's name, and the account's digits only.

    Hyphens are dropped because each bank places them differently; show the number as digits.
    """

    bank_code: str
    bank_name: str
    account_number: str


@functools.cache
def _banks() -> tuple[dict[str, str], dict[str, str]]:
    """(code -> name, alias -> code), from ``data/banks.csv``."""
    text = (files("minwon.catalog") / "data" / "banks.csv").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        names[row["code"]] = row["name"]
        for alias in [row["name"], *row["aliases"].split("|")]:
            aliases[alias.lower().replace(" ", "")] = row["code"]
    return names, aliases


def _split_bank(text: str) -> tuple[str, str] | None:
    """(bank code, the rest) when ``text`` starts or ends with a bank's name or code."""
    names, aliases = _banks()
    code_first = re.fullmatch(r"(\d{3})[\s:/]+(.+)", text)
    if code_first and code_first[1] in names:
        return code_first[1], code_first[2]
    compact = text.lower().replace(" ", "")
    for alias in sorted(aliases, key=len, reverse=True):
        if compact.startswith(alias):
            return aliases[alias], compact[len(alias) :]
        if compact.endswith(alias):
            return aliases[alias], compact[: -len(alias)]
    return None


def parse_bank_account(raw: Any, ctx: ParseContext) -> BankAccount:
    """A bank and an account number: ``"국민은행 123456-01-234567"`` or ``"004 12345601234567"``."""
    found = _split_bank(code_text(raw, limit=80))
    if found is None:
        raise fail(MESSAGES, "bank_unknown")
    code, rest = found
    rest = re.sub(r"[\s:/]", "", rest).strip("-")
    if not re.fullmatch(r"\d+(?:-\d+)*", rest):
        raise fail(MESSAGES, "account_shape")
    digits = rest.replace("-", "")
    if not 10 <= len(digits) <= 16 or not digits.isascii():
        raise fail(MESSAGES, "account_shape")
    return BankAccount(bank_code=code, bank_name=_banks()[0][code], account_number=digits)
