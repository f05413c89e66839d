"""Contrast and negation: which catalog services a request rules out, and which it wants only.

"등본 말고 가족관계 나오는 서류요" rules out the 등본 (and masks its words so that the model ranks
what is meant); "출생신고는 이미 했고 아동수당만" rules out the birth report and wants only the
child allowance; "I don't own a car, so skip that part" rules out the car's address change.
Mentions come from the catalog's names and keywords plus ``data/contrast.yaml``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, Literal

import yaml

from minwon.catalog import Catalog
from minwon.nlu.text import has_hangul

__all__ = ["Contrast", "ContrastReader"]

Cue = Literal["instead", "unwanted", "done", "only"]
_HANGUL_CHAR = re.compile(r"[\uac00-\ud7a3]")
_SPLIT = re.compile(r"[,()·/]")
_FILING_WORD = re.compile(r"\b(report|registration|certificate|allowance|voucher|pension|benefit)")


@dataclass(frozen=True, slots=True)
class Contrast:
    """What a request says against or for particular services."""

    masked: str  # the text with "instead" mentions and their cues blanked out
    excluded: tuple[str, ...] = ()  # ruled out (instead, done, unwanted), in text order
    only: tuple[str, ...] = ()  # wanted alone ("X만", "only X")
    positive: frozenset[str] = frozenset()  # mentioned without a cue
    named: frozenset[str] = frozenset()  # positive, and by a full name ("전입신고", "안심상속")
    together: bool = False  # the person asks for everything at once ("한꺼번에", "everything")


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    service: str

    def is_full_name(self, text: str) -> bool:
        """A name that leaves no doubt which service is meant: three Hangul syllables or more
        ("전입신고", not "전입"), or an English name with a filing word in it."""
        form = text[self.start : self.end]
        if not form.isascii():
            return len(form) >= 3
        return _FILING_WORD.search(form) is not None


@dataclass(frozen=True, slots=True)
class _Cues:
    after_ko: dict[Cue, re.Pattern[str]]
    before_en: dict[Cue, re.Pattern[str]]
    after_en: dict[Cue, re.Pattern[str]]


class ContrastReader:
    """Finds service mentions and the cues around them. Build once; read-only afterwards."""

    def __init__(self, catalog: Catalog) -> None:
        raw = _load_data()
        forms = _surface_forms(catalog, raw.get("mentions") or {})
        # One alternation, longest form first: a single scan finds the leftmost, longest
        # mention ("주민등록등본" before "등본") without overlaps.
        ordered = sorted(forms, key=len, reverse=True)
        self._service_of = forms
        self._finder = re.compile("|".join(re.escape(f) for f in ordered)) if ordered else None
        self._cues = _Cues(
            _patterns(raw.get("after_ko")),
            _patterns(raw.get("before_en")),
            _patterns(raw.get("after_en")),
        )
        self._together = re.compile(str(raw.get("together", "(?!)")))

    def read(self, text: str) -> Contrast:
        """The contrast in lower-cased ``text`` (empty when nothing is ruled out or singled)."""
        mentions = list(self._mentions(text))
        together = self._together.search(text) is not None
        if not mentions:
            return Contrast(text, together=together)
        cued = [(m, self._cue(text, m)) for m in mentions]
        positive = frozenset(m.service for m, cue in cued if cue is None or cue == "only")
        # A later plain mention of the same service corrects the exclusion ("초본 말고 등본이요":
        # one service); an earlier one only told the story ("passed away, the death report is
        # already done").
        excluded = _unique(
            m.service
            for m, cue in cued
            if cue not in (None, "only")
            and not any(
                o.service == m.service and o.start > m.start and c in (None, "only")
                for o, c in cued
            )
        )
        only = _unique(m.service for m, cue in cued if cue == "only")
        masked = _mask(text, [m for m, cue in cued if cue == "instead"], self._cues)
        named = frozenset(
            m.service for m, cue in cued if cue in (None, "only") and m.is_full_name(text)
        )
        return Contrast(masked, excluded, only, positive, named, together)

    def _mentions(self, text: str) -> Iterator[_Mention]:
        if self._finder is None:
            return
        for match in self._finder.finditer(text):
            start, end = match.span()
            if _is_word(text, start, end, match.group(0)):
                yield _Mention(start, end, self._service_of[match.group(0)])

    def _cue(self, text: str, mention: _Mention) -> Cue | None:
        after = text[mention.end : mention.end + 40]
        if has_hangul(text[mention.start : mention.end]):
            tables = [(self._cues.after_ko, after)]
        else:
            before = text[max(0, mention.start - 40) : mention.start]
            tables = [(self._cues.before_en, before), (self._cues.after_en, after)]
        for table, window in tables:
            for cue, pattern in table.items():
                if pattern.search(window):
                    return cue
        return None


def _is_word(text: str, start: int, end: int, form: str) -> bool:
    """A Latin form must stand as a word; a short Hangul form must start one ("차" is not the
    end of "주차"); a long Hangul form may sit anywhere ("아기출생신고는")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if form.isascii():
        return not before.isalnum() and not after.isalnum()
    return len(form) >= 3 or not _HANGUL_CHAR.match(before)


def _mask(text: str, mentions: list[_Mention], cues: _Cues) -> str:
    if not mentions:
        return text
    chars = list(text)
    for m in mentions:
        start, end = m.start, m.end
        if has_hangul(text[m.start : m.end]):
            found = cues.after_ko["instead"].search(text[m.end : m.end + 40])
            end = m.end + (found.end() if found else 0)
        else:
            found = cues.before_en["instead"].search(text[max(0, m.start - 40) : m.start])
            start = m.start - (len(found.group(0)) if found else 0)
        chars[start:end] = " " * (end - start)
    return " ".join("".join(chars).split())


def _unique(ids: Iterator[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


@functools.cache
def _load_data() -> dict[str, Any]:
    text = (files("minwon.nlu") / "data" / "contrast.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return data if isinstance(data, dict) else {}


def _patterns(raw: object) -> dict[Cue, re.Pattern[str]]:
    table = raw if isinstance(raw, dict) else {}
    return {key: re.compile(str(value)) for key, value in table.items()}


def _surface_forms(catalog: Catalog, extra: dict[str, list[str]]) -> dict[str, str]:
    """form -> service id; a form two services share names neither and is dropped."""
    owners: dict[str, set[str]] = {}
    for service in catalog.services.values():
        texts = [service.name.ko, service.name.en]
        if service.keywords is not None:
            texts += [service.keywords.ko, service.keywords.en]
        for text in texts:
            for part in _SPLIT.split(text.lower()):
                if len(part.strip()) >= 2:
                    owners.setdefault(part.strip(), set()).add(service.id)
    for service_id, forms in extra.items():
        if service_id in catalog.services:
            for form in forms:
                owners.setdefault(str(form).lower(), set()).add(service_id)
    return {form: next(iter(ids)) for form, ids in owners.items() if len(ids) == 1}
