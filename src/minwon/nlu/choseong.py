"""초성 shorthand ("ㄷㅂ" for 등본, "ㅈㅇㅅㄱ" for 전입신고), expanded to the catalog word.

The table is built from the catalog's Korean names and keywords, so it grows with the catalog.
Shorthand shared by two words, or used for chat ("ㅎㅇ" hello, "ㅇㅋ" okay: ``data/choseong.yaml``)
is left alone.
"""

from __future__ import annotations

import re
from importlib.resources import files

import yaml

from minwon.catalog import Catalog

__all__ = ["ChoseongExpander", "choseong_of"]

_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JAMO_WORD = re.compile(r"[\u3131-\u314e]{2,}")
_SPLIT = re.compile(r"[,()·/\s]+")


def choseong_of(word: str) -> str | None:
    """The initial consonants of a Hangul word ("등본" -> "ㄷㅂ"), or None if not all Hangul."""
    out = []
    for char in word:
        code = ord(char) - 0xAC00
        if not 0 <= code < 11172:
            return None
        out.append(_INITIALS[code // 588])
    return "".join(out)


class ChoseongExpander:
    """Replaces whole 초성 words that abbreviate exactly one catalog word."""

    def __init__(self, catalog: Catalog) -> None:
        stop = yaml.safe_load((files("minwon.nlu") / "data" / "choseong.yaml").read_text("utf-8"))
        owners: dict[str, set[str]] = {}
        for word in _catalog_words(catalog):
            key = choseong_of(word)
            if key is not None and len(key) >= 2:
                owners.setdefault(key, set()).add(word)
        ignored = {str(s) for s in stop.get("ignore", [])}
        self._table = {
            k: next(iter(v)) for k, v in owners.items() if len(v) == 1 and k not in ignored
        }

    def expand(self, text: str) -> str:
        """``text`` with known 초성 words replaced by the words they abbreviate."""
        if not _JAMO_WORD.search(text):
            return text
        return _JAMO_WORD.sub(lambda m: self._table.get(m.group(0), m.group(0)), text)


def _catalog_words(catalog: Catalog) -> set[str]:
    words: set[str] = set()
    for service in catalog.services.values():
        texts = [service.name.ko] + ([service.keywords.ko] if service.keywords else [])
        for text in texts:
            words.update(w for w in _SPLIT.split(text) if len(w) >= 2)
    return words
