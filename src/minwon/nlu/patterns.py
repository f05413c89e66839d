"""Word patterns kept as data (``data/crisis.yaml``, ``data/misuse.yaml``), matched two ways.

Korean patterns see the text lower-cased without spaces, so spacing errors do not hide a word;
English patterns see it lower-cased with single spaces, so ``\\b`` keeps its meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["PatternSet", "TextViews"]

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class TextViews:
    """The two forms of a message that patterns are matched on."""

    spaced: str
    compact: str

    @classmethod
    def of(cls, text: str) -> TextViews:
        """Lower-cased views of ``text``."""
        spaced = _SPACES.sub(" ", text.lower()).strip()
        return cls(spaced, spaced.replace(" ", ""))


def _compile(raw: object) -> tuple[re.Pattern[str], ...]:
    items = raw if isinstance(raw, list) else []
    return tuple(re.compile(str(p)) for p in items)


def _any(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(p.search(text) for p in patterns)


@dataclass(frozen=True, slots=True)
class PatternSet:
    """``ko``/``en`` patterns that fire unless an ``unless`` pattern also matches."""

    ko: tuple[re.Pattern[str], ...]
    en: tuple[re.Pattern[str], ...]
    unless_ko: tuple[re.Pattern[str], ...] = ()
    unless_en: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> PatternSet:
        """From a mapping with ``ko``, ``en`` and optional ``unless: {ko, en}`` lists."""
        unless = entry.get("unless") or {}
        return cls(
            _compile(entry.get("ko")),
            _compile(entry.get("en")),
            _compile(unless.get("ko")),
            _compile(unless.get("en")),
        )

    def fires(self, views: TextViews) -> bool:
        """Whether a pattern matches and no ``unless`` pattern does."""
        if not (_any(self.ko, views.compact) or _any(self.en, views.spaced)):
            return False
        return not (_any(self.unless_ko, views.compact) or _any(self.unless_en, views.spaced))
