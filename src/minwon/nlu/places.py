"""The 시군구 a request names ("마포구로", "수원 영통구", "분당", "Haeundae"), as a 5-digit code."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from minwon.catalog.regions import RegionTable, Sigungu
from minwon.nlu.lexicon import Lexicon, RegionAlias
from minwon.nlu.neighbourhoods import Neighbourhoods
from minwon.nlu.romanize import romanize

__all__ = ["PlaceFinder", "PlaceMatch"]

_SUFFIXES = ("시", "군", "구")
_LATIN_WORD = re.compile(r"[a-z]+")
_DONG = re.compile(r"동(\d+가)?$")
# A 동 name shared by more 시군구 than this ("중앙동": 17) names no place: not even worth asking.
_MAX_DONG_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """What a request says about place: a code when certain, candidates when ambiguous.

    ``code`` is the narrowest region certainly meant: "일산" is 고양시 (41280) even though it
    does not say which of 일산동구 and 일산서구, which ``candidates`` then lists.
    """

    surface: str
    code: str | None
    candidates: tuple[Sigungu, ...] = ()


@dataclass(frozen=True, slots=True)
class _Key:
    codes: frozenset[str]
    is_bare: bool  # a name without its 시/군/구 or a nickname: needs a word boundary
    is_strong: bool = False  # a nickname or a long name: also accepted before weak endings


class PlaceFinder:
    """Finds 시군구 names, short names, nicknames and romanisations in a request."""

    def __init__(
        self,
        table: RegionTable,
        aliases: tuple[RegionAlias, ...],
        lexicon: Lexicon,
        neighbourhoods: Neighbourhoods | None = None,
    ) -> None:
        self._table = table
        self._dongs = neighbourhoods
        self._particles = lexicon.place_particles
        self._weak = lexicon.place_particles_weak | lexicon.place_particles
        self._keys = _build_keys(table, aliases)
        self._max_key = max(len(k) for k in self._keys)

    def find(self, text: str) -> PlaceMatch | None:
        """The place named in lower-cased ``text``, or None."""
        sidos: set[str] = set()
        found: list[tuple[str, frozenset[str]]] = []
        for word in text.split():
            if not self._scan_word(word, sidos, found):
                self._scan_dong(word, found)
        self._scan_latin(text, sidos, found)
        found.extend(self._sole_sigungu_of(sidos, found))
        return self._resolve(found, sidos)

    def _scan_word(
        self, word: str, sidos: set[str], found: list[tuple[str, frozenset[str]]]
    ) -> bool:
        """Whether ``word`` names a 시도 or a 시군구 (recorded in ``sidos`` / ``found``)."""
        for end in range(min(len(word), self._max_key), 1, -1):
            head, rest = word[:end], word[end:]
            key = self._keys.get(head)
            if key is not None and not key.is_bare:
                found.append((head, key.codes))
                return True
            if rest in self._weak and self._table.find_sido(head):
                sidos.update(code for code, _ in self._table.find_sido(head))
                return True
            if key is not None and rest in (self._weak if key.is_strong else self._particles):
                found.append((head, key.codes))
                return True
        size = len(found)
        self._scan_inside(word, found)
        return len(found) > size

    def _scan_dong(self, word: str, found: list[tuple[str, frozenset[str]]]) -> None:
        """A 법정동 name ("성수동으로", "연남동에"): the reviewed nickname of its base ("성수")
        wins over the table, which may list the same name in several 시군구."""
        for end in range(len(word), 2, -1):
            head, rest = word[:end], word[end:]
            if rest not in self._weak or not _DONG.search(head):
                continue
            codes = self._dong_codes(head)
            if codes:
                found.append((head, codes))
                return

    def _dong_codes(self, name: str) -> frozenset[str]:
        alias = self._keys.get(_DONG.sub("", name))
        if alias is not None and alias.is_strong:
            return alias.codes
        codes = self._dongs.find(name) if self._dongs is not None else frozenset()
        return codes if len(codes) <= _MAX_DONG_CANDIDATES else frozenset()

    def _scan_inside(self, word: str, found: list[tuple[str, frozenset[str]]]) -> None:
        # Spacing errors glue a name to the words before it ("지난달30일에마포구로"): full names
        # of three or more letters are safe to find anywhere in a word.
        for start in range(1, len(word) - 2):
            for end in range(min(len(word), start + self._max_key), start + 2, -1):
                key = self._keys.get(word[start:end])
                if key is not None and not key.is_bare and word[end - 1] in _SUFFIXES:
                    found.append((word[start:end], key.codes))
                    return

    def _scan_latin(
        self, text: str, sidos: set[str], found: list[tuple[str, frozenset[str]]]
    ) -> None:
        words = _LATIN_WORD.findall(text.replace("-", ""))
        for index, word in enumerate(words):
            pair = word + words[index + 1] if index + 1 < len(words) else ""
            if pair in self._keys and words[index + 1] in ("gu", "si", "gun"):
                found.append((pair, self._keys[pair].codes))
            elif self._table.find_sido(word):
                sidos.update(code for code, _ in self._table.find_sido(word))
            elif word in self._keys:
                found.append((word, self._keys[word].codes))
            elif word.endswith("dong") and self._dong_codes_latin(word):
                found.append((word, self._dong_codes_latin(word)))

    def _dong_codes_latin(self, word: str) -> frozenset[str]:
        alias = self._keys.get(word.removesuffix("dong"))
        if alias is not None:
            return alias.codes
        codes = self._dongs.find(word) if self._dongs is not None else frozenset()
        return codes if len(codes) <= _MAX_DONG_CANDIDATES else frozenset()

    def _sole_sigungu_of(
        self, sidos: set[str], found: list[tuple[str, frozenset[str]]]
    ) -> list[tuple[str, frozenset[str]]]:
        # 세종 is a 시도 with a single 시군구-level code: naming the 시도 names that code.
        if found:
            return []
        sole: list[tuple[str, frozenset[str]]] = []
        for sido in sidos:
            codes = [s.code for s in self._table.all_sigungu() if s.sido_code == sido]
            if len(codes) == 1:
                sole.append((sido, frozenset(codes)))
        return sole

    def _resolve(
        self, found: list[tuple[str, frozenset[str]]], sidos: set[str]
    ) -> PlaceMatch | None:
        if not found:
            return None
        context = set(sidos) | {code for _, codes in found if len(codes) == 1 for code in codes}
        narrowed = [(surface, self._narrow(codes, context)) for surface, codes in found]
        inner = {c for _, codes in narrowed for c in codes}
        # A city named beside one of its 구 ("수원 영통구") stands for that 구.
        kept = [
            (s, codes)
            for s, codes in narrowed
            if not any(c != o and o in self._table.codes_within(c) for c in codes for o in inner)
        ]
        surface, codes = (kept or narrowed)[-1]  # several places: the last is the destination
        if len(codes) == 1:
            return PlaceMatch(surface, next(iter(codes)))
        candidates = tuple(self._table.sigungu(c) for c in sorted(codes))
        return PlaceMatch(surface, self._common_parent(codes), candidates)

    def _narrow(self, codes: frozenset[str], context: set[str]) -> frozenset[str]:
        if len(codes) == 1:
            return codes
        inside = frozenset(
            c
            for c in codes
            if any(
                c.startswith(x) if len(x) == 2 else c in self._table.codes_within(x)
                for x in context
            )
        )
        return inside or codes

    def _common_parent(self, codes: frozenset[str]) -> str | None:
        for sigungu in self._table.all_sigungu():
            within = set(self._table.codes_within(sigungu.code))
            if sigungu.code not in codes and codes <= within:
                return sigungu.code
        return None


def _build_keys(table: RegionTable, aliases: tuple[RegionAlias, ...]) -> dict[str, _Key]:
    full: defaultdict[str, set[str]] = defaultdict(set)
    bare: defaultdict[str, set[str]] = defaultdict(set)
    for sigungu in table.all_sigungu():
        for name, is_bare in _names(sigungu):
            target = bare if is_bare else full
            target[name].add(sigungu.code)
            latin = romanize(name)
            bare[latin].add(sigungu.code)  # English words are always matched whole
    strong = {a.alias for a in aliases} | {k for k in bare if len(k) >= 3}
    for alias in aliases:
        bare[alias.alias].update(alias.codes)
    keys = {k: _Key(frozenset(v), True, k in strong) for k, v in bare.items()}
    keys.update({k: _Key(frozenset(v), False) for k, v in full.items()})
    return keys


def _names(sigungu: Sigungu) -> list[tuple[str, bool]]:
    """(name, is_bare) pairs a person may use for ``sigungu``."""
    parts = sigungu.name.split()
    if not parts:
        return []
    names: list[tuple[str, bool]] = []
    for part in (parts[-1], "".join(parts)) if len(parts) == 2 else (parts[0],):
        names.append((part, False))
        if part.endswith(_SUFFIXES) and len(part) >= 3:
            names.append((part[:-1], True))
    if len(parts) == 2:
        names.append((parts[0][:-1] + parts[1], False))  # "수원영통구"
    return names
