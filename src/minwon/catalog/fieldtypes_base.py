"""The building blocks every field-type parser shares: the error, the context, the type record.

Import these from :mod:`minwon.catalog.fieldtypes`; this module exists so that the parsers,
split over several modules, can use them without importing the registry.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FieldType",
    "FieldValueError",
    "Messages",
    "ParseContext",
    "clean_text",
    "code_text",
    "compact_code",
    "fail",
]

Messages = Mapping[str, tuple[str, str]]
"""A module's message catalog: error code -> (Korean, English), with ``{name}`` placeholders."""


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
    money_unit: str = "won"  # "man": a bare small amount is in 만원 (deposits, rents)


@dataclass(frozen=True, slots=True)
class FieldType:
    """A named parser. ``sensitive`` values are encrypted at rest and masked in logs."""

    name: str
    parse: Callable[[Any, ParseContext], Any]
    sensitive: bool = False
    personal: bool = False  # personal data: every read is recorded in the audit log


_BASE_MESSAGES: Messages = {
    "required": ("값을 입력해 주세요.", "Please enter a value."),
    "too_long": ("{limit}자 이내로 입력해 주세요.", "Please keep it under {limit} characters."),
}


def fail(messages: Messages, code: str, **params: object) -> FieldValueError:
    """The error ``code`` of a message catalog, its placeholders filled in (raise the result)."""
    ko, en = messages[code]
    return FieldValueError(code, ko.format(**params), en.format(**params))


def clean_text(raw: Any, limit: int = 500) -> str:
    """``raw`` as NFC text without surrounding blanks; an error if there is nothing, or too much.

    The limit keeps a pasted essay out of the regular expressions that follow.
    """
    if raw is None:
        raise fail(_BASE_MESSAGES, "required")
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if not text:
        raise fail(_BASE_MESSAGES, "required")
    if len(text) > limit:
        raise fail(_BASE_MESSAGES, "too_long", limit=limit)
    return text


# Hyphen look-alikes people paste from word processors and phones.
_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")


def code_text(raw: Any, limit: int = 100) -> str:
    """Text of a number-like answer: NFKC, ASCII hyphens, single spaces.

    NFKC turns full-width digits and letters ("０１０") into ASCII; it leaves Hangul intact.
    """
    text = unicodedata.normalize("NFKC", clean_text(raw, limit))
    return " ".join(_DASHES.sub("-", text).split())


def compact_code(raw: Any, limit: int = 100) -> str:
    """:func:`code_text` without any blanks (phone numbers, RRNs, plates)."""
    return code_text(raw, limit).replace(" ", "")
