"""Reusable field types: each parses a raw answer into a value or says, in ko and en, what is wrong.

The catalog names a type per field (``type: rrn``); :data:`FIELD_TYPES` is the registry the
catalog validator checks those names against.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FIELD_TYPES",
    "FieldType",
    "FieldValueError",
    "ParseContext",
    "parse_field_value",
]


class FieldValueError(ValueError):
    """An answer that does not fit its field type. ``ko``/``en`` are shown to the person."""

    def __init__(self, code: str, ko: str, en: str) -> None:
        self.code = code
        self.ko = ko
        self.en = en
        super().__init__(f"{code}: {en}")

    def message(self, lang: str) -> str:
        """The explanation in the person's language."""
        return self.en if lang == "en" else self.ko


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What a parser may need beyond the raw answer: today's date, the enum's options."""

    today: dt.date
    options: dict[str, list[str]] = field(default_factory=dict)  # value -> accepted spellings


@dataclass(frozen=True, slots=True)
class FieldType:
    """A named parser. ``sensitive`` values are encrypted at rest and masked in logs."""

    name: str
    parse: Callable[[Any, ParseContext], Any]
    sensitive: bool = False
    personal: bool = False  # personal data: every read is recorded in the audit log


def _text(raw: Any) -> str:
    if raw is None:
        raise FieldValueError("required", "값을 입력해 주세요.", "Please enter a value.")
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if not text:
        raise FieldValueError("required", "값을 입력해 주세요.", "Please enter a value.")
    return text


def parse_text(raw: Any, ctx: ParseContext) -> str:
    text = _text(raw)
    if len(text) > 500:
        raise FieldValueError("too_long", "500자 이내로 입력해 주세요.", "Please keep it under 500 characters.")
    return text


_TRUE = {"yes", "y", "true", "1", "예", "네", "응", "동의", "ㅇ", "ㅇㅇ", "agree", "ok", "좋아요", "네네"}
_FALSE = {"no", "n", "false", "0", "아니요", "아니오", "아니", "아뇨", "ㄴ", "ㄴㄴ", "비동의", "싫어요"}


def parse_boolean(raw: Any, ctx: ParseContext) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _text(raw).lower().rstrip(".!")
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise FieldValueError("not_yes_no", "'예' 또는 '아니요'로 답해 주세요.", "Please answer yes or no.")


def parse_integer(raw: Any, ctx: ParseContext) -> int:
    if isinstance(raw, bool):
        raise FieldValueError("not_integer", "숫자로 입력해 주세요.", "Please enter a whole number.")
    if isinstance(raw, int):
        return raw
    text = _text(raw).replace(",", "").removesuffix("명").removesuffix("개").removesuffix("통").strip()
    if not re.fullmatch(r"-?\d{1,12}", text):
        raise FieldValueError("not_integer", "숫자로 입력해 주세요.", "Please enter a whole number.")
    return int(text)


def parse_date(raw: Any, ctx: ParseContext) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = _text(raw)
    match = re.fullmatch(r"(\d{4})\s*[-./년]\s*(\d{1,2})\s*[-./월]\s*(\d{1,2})\s*일?", text)
    if not match:
        raise FieldValueError(
            "not_date", "날짜를 2026-11-20 처럼 입력해 주세요.", "Please give the date as 2026-11-20."
        )
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise FieldValueError("no_such_date", "없는 날짜예요.", "That date does not exist.") from exc


def parse_enum(raw: Any, ctx: ParseContext) -> str:
    text = _text(raw).lower()
    for value, spellings in ctx.options.items():
        if text == value or text in (s.lower() for s in spellings):
            return value
    choices = ", ".join(spellings[0] if spellings else value for value, spellings in ctx.options.items())
    raise FieldValueError(
        "not_an_option", f"다음 중에서 골라 주세요: {choices}", f"Please choose one of: {choices}"
    )


FIELD_TYPES: dict[str, FieldType] = {
    t.name: t
    for t in (
        FieldType("text", parse_text),
        FieldType("boolean", parse_boolean),
        FieldType("integer", parse_integer),
        FieldType("date", parse_date),
        FieldType("enum", parse_enum),
    )
}


def parse_field_value(type_name: str, raw: Any, ctx: ParseContext) -> Any:
    """Parse ``raw`` as a value of the named field type; raises :class:`FieldValueError`."""
    return FIELD_TYPES[type_name].parse(raw, ctx)
