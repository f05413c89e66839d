"""Korean administrative regions: 시도, 시군구 and 법정동 codes, found by the names people use.

The tables in ``data/`` are a copy of the 행정안전부 법정동코드 list (see korean-services.md §5):
``sido_sigungu_codes.csv`` (17 시도, 264 시군구-level codes), ``bjdong_code_active.tsv`` (every
active 법정동 and 리) and ``sido_aliases.csv`` (the short and old names of each 시도). The product
reads them through :mod:`importlib.resources`, never from the source checkout.

법정동 codes identify land and buildings; the 주민센터 that handles a 민원 is chosen by 행정동,
which this table does not hold. Never join the two on the name alone.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files

from minwon.catalog.romanize import romanize, romanize_place

__all__ = ["RegionTable", "Sigungu", "load_region_table", "normalize_region_name"]

# The last syllable of a 시군구 name says its kind; people often leave it off ("마포" for
# "마포구"), so a name is also indexed without it when at least two syllables remain.
_SIGUNGU_SUFFIXES = ("시", "군", "구")
_HANGUL = re.compile(r"[가-힣]")


@dataclass(frozen=True, slots=True)
class Sigungu:
    """A 시군구-level region: a 구, a 군, a city, or a city's 일반구 ("수원시 영통구")."""

    code: str  # 5 digits
    sido_code: str  # 2 digits
    sido_name: str  # "서울특별시"
    name: str  # "마포구", "수원시 영통구"; "" for 세종특별자치시, which has no 시군구
    full_name: str  # "서울특별시 마포구"


def normalize_region_name(text: str) -> str:
    """NFC, lower-case, single spaces: the form every lookup compares."""
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


def _compact(text: str) -> str:
    # Romanised names are compared without their hyphens: "Mapo-gu", "mapogu", "Mapo gu".
    return normalize_region_name(text).replace(" ", "").replace("-", "")


def _read_rows(name: str, delimiter: str) -> Iterator[dict[str, str]]:
    text = (files("minwon.catalog") / "data" / name).read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(text), delimiter=delimiter):
        yield {key: value.strip() for key, value in row.items()}


def _stems(name: str) -> Iterable[str]:
    """``name`` and, if it ends in 시/군/구 with two syllables before it, the name without it."""
    yield name
    if name.endswith(_SIGUNGU_SUFFIXES) and len(name) >= 3:
        yield name[:-1]


class RegionTable:
    """Lookups over the 시도 / 시군구 / 법정동 tables. Build it with :func:`load_region_table`."""

    def __init__(
        self,
        sido: dict[str, str],
        sido_aliases: dict[str, set[str]],
        sigungu: list[Sigungu],
        legal_dongs: dict[str, str],
        sido_english: dict[str, str] | None = None,
    ) -> None:
        self._sido = sido
        self._sido_english = sido_english or {}
        self._sido_by_alias = sido_aliases
        self._sigungu = {s.code: s for s in sigungu}
        self._sigungu_keys = _index_sigungu(sigungu, sido_aliases)
        self._descendants = _descendants(sigungu)
        self._legal_dong = legal_dongs
        self._dong_keys = _index_legal_dongs(legal_dongs, self._sigungu)
        self._alias_order = sorted(sido_aliases, key=len, reverse=True)

    # -- 시도 ---------------------------------------------------------------------------------

    def find_sido(self, name: str) -> list[tuple[str, str]]:
        """``[(code, full name)]`` of the 시도 called ``name`` ("서울", "강원도", "Busan")."""
        codes = self._sido_by_alias.get(_compact(name), set())
        return [(code, self._sido[code]) for code in sorted(codes)]

    def sido_name(self, code: str) -> str:
        """The full name of a 2-digit 시도 code; ``KeyError`` if unknown."""
        return self._sido[code]

    def english_name(self, code: str) -> str:
        """A 시군구 or 시도 code in English as road signs write it: "Mapo-gu, Seoul",
        "Suwon-si Yeongtong-gu, Gyeonggi-do", "Sejong"; ``KeyError`` if unknown."""
        if len(code) == 2:
            return self._sido_english.get(code) or romanize_place(self._sido[code])
        region = self._sigungu[code]
        sido = self._sido_english.get(region.sido_code) or romanize_place(region.sido_name)
        return f"{romanize_place(region.name)}, {sido}" if region.name else sido

    # -- 시군구 -------------------------------------------------------------------------------

    def sigungu(self, code: str) -> Sigungu:
        """The 시군구 with this 5-digit code; ``KeyError`` if unknown."""
        return self._sigungu[code]

    def all_sigungu(self) -> list[Sigungu]:
        """Every 시군구-level region, ordered by code."""
        return sorted(self._sigungu.values(), key=lambda s: s.code)

    def find_sigungu(self, name: str, sido: str | None = None) -> list[Sigungu]:
        """The 시군구 a person may mean by ``name``; several when it is ambiguous ("중구").

        ``name`` may carry its 시도 ("서울 마포구", "경기도 수원시 영통구"), may leave out the
        city of a 일반구 ("영통구") or the final 시/군/구 ("마포"). A city with 일반구 ("수원시")
        gives its own city-level code. ``sido`` narrows the search; an unknown ``sido`` finds
        nothing.
        """
        allowed: set[str] | None = None
        if sido is not None:
            allowed = {code for code, _ in self.find_sido(sido)}
            if not allowed:
                return []
        codes = self._sigungu_codes(_compact(name))
        if allowed is not None:
            codes = [c for c in codes if self._sigungu[c].sido_code in allowed]
        return [self._sigungu[c] for c in sorted(set(codes))]

    def _sigungu_codes(self, query: str) -> list[str]:
        # A leading 시도 name counts only if the rest names a 시군구 inside it: "광주시" alone
        # is 경기도 광주시, "광주 북구" is 광주광역시 북구.
        for alias in self._alias_order:
            rest = query.removeprefix(alias)
            if rest == query or not rest:
                continue
            sido_codes = self._sido_by_alias[alias]
            found = [
                c
                for c in self._sigungu_keys.get(rest, [])
                if self._sigungu[c].sido_code in sido_codes
            ]
            if found:
                return found
        return list(self._sigungu_keys.get(query, []))

    def codes_within(self, sigungu_code: str) -> tuple[str, ...]:
        """The 시군구 codes inside ``sigungu_code``: itself, and a city's 일반구 codes."""
        return self._descendants.get(sigungu_code, (sigungu_code,))

    # -- 법정동 -------------------------------------------------------------------------------

    def legal_dong(self, code: str) -> str:
        """The full name of a 10-digit 법정동코드; ``KeyError`` if unknown."""
        return self._legal_dong[code]

    def find_legal_dong(self, name: str, sigungu_code: str | None = None) -> list[tuple[str, str]]:
        """``[(10-digit code, full name)]`` of the 법정동 (or 읍·면, 리) called ``name``.

        ``name`` may start with its region ("마포구 서교동", "경기 여주시 대신면 천서리");
        ``sigungu_code`` narrows the search to that 시군구 (a city includes its 일반구).
        """
        query = _compact(name)
        within = self.codes_within(sigungu_code) if sigungu_code else None
        for cut in range(len(query)):
            candidates = self._dong_keys.get(query[cut:])
            if not candidates:
                continue
            prefixes = self._region_prefixes(query[:cut])
            if prefixes is None:
                continue
            found = [
                code
                for code in candidates
                if (not prefixes or code.startswith(prefixes))
                and (within is None or code[:5] in within)
            ]
            if found:
                return [(code, self._legal_dong[code]) for code in sorted(set(found))]
        return []

    def _region_prefixes(self, region: str) -> tuple[str, ...] | None:
        """Code prefixes for a region written before a 동 name; ``None`` if it names none."""
        if not region:
            return ()
        codes = [c for s in self.find_sigungu(region) for c in self.codes_within(s.code)]
        if codes:
            return tuple(codes)
        sido_codes = tuple(code for code, _ in self.find_sido(region))
        return sido_codes or None


def _index_sigungu(
    sigungu: list[Sigungu], sido_aliases: dict[str, set[str]]
) -> dict[str, list[str]]:
    index: defaultdict[str, list[str]] = defaultdict(list)
    names = {(s.sido_code, s.name) for s in sigungu}
    for s in sigungu:
        parts = s.name.split()
        keys: set[str] = set()
        if not parts:  # 세종특별자치시: the 시도 is its own 시군구
            keys.update(a for a, codes in sido_aliases.items() if s.sido_code in codes)
        for last in _stems(parts[-1]) if parts else ():
            keys.add(last)
            if len(parts) == 2:
                keys.update(city + last for city in _stems(parts[0]))
        if len(parts) == 2 and (s.sido_code, parts[0]) not in names:
            keys.update(_stems(parts[0]))  # a city without its own code stands for its 구s
        for key in keys:
            index[_compact(key)].append(s.code)
            if _HANGUL.search(key):  # "Mapo-gu", "mapo": the same place in Revised Romanization
                index[_compact(romanize(key))].append(s.code)
    return {key: sorted(set(codes)) for key, codes in index.items()}


def _descendants(sigungu: list[Sigungu]) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    for s in sigungu:
        inner = [
            o.code
            for o in sigungu
            if s.name and o.sido_code == s.sido_code and o.name.startswith(s.name + " ")
        ]
        result[s.code] = (s.code, *inner)
    return result


def _index_legal_dongs(
    legal_dongs: dict[str, str], sigungu: dict[str, Sigungu]
) -> dict[str, list[str]]:
    """Index each 동/읍/면/리 by its own name and by its path below the 시군구."""
    index: defaultdict[str, list[str]] = defaultdict(list)
    for code, full_name in legal_dongs.items():
        parent = sigungu.get(code[:5])
        if code.endswith("00000") or parent is None:
            continue
        local = full_name.removeprefix(parent.full_name).split()
        if not local:
            continue
        # The packaged data is NFC with single spaces (checked by the tests), so plain
        # string joins suffice here: this loop runs 20,000 times at start-up.
        index[local[-1]].append(code)
        if len(local) > 1:
            index["".join(local)].append(code)
    return dict(index)


def _read_legal_dongs() -> dict[str, str]:
    """code -> full name; a plain split is several times faster than :mod:`csv` here."""
    text = (files("minwon.catalog") / "data" / "bjdong_code_active.tsv").read_text(encoding="utf-8")
    lines = iter(text.splitlines())
    next(lines)  # header: legal_dong_code, legal_dong_name, status
    result: dict[str, str] = {}
    for line in lines:
        code, name, _status = line.split("\t")
        result[code] = name
    return result


@functools.cache
def load_region_table() -> RegionTable:
    """The region table from the packaged data, loaded once per process."""
    sido: dict[str, str] = {}
    sigungu: list[Sigungu] = []
    for row in _read_rows("sido_sigungu_codes.csv", ","):
        if row["level"] == "sido":
            sido[row["sido_code"]] = row["sido_name"]
            continue
        full = f"{row['sido_name']} {row['sigungu_name']}".strip()
        sigungu.append(
            Sigungu(
                row["sigungu_code"], row["sido_code"], row["sido_name"], row["sigungu_name"], full
            )
        )
    aliases: defaultdict[str, set[str]] = defaultdict(set)
    for row in _read_rows("sido_aliases.csv", ","):
        aliases[_compact(row["alias"])].add(row["sido_code"])
    for code, name in sido.items():
        aliases[_compact(name)].add(code)
    english: dict[str, str] = {}
    for row in _read_rows("sido_english.csv", ","):
        english[row["sido_code"]] = row["name_en"]
        for alias in [row["name_en"], *row["aliases"].split(";")]:
            aliases[_compact(alias)].add(row["sido_code"])
    dongs = _read_legal_dongs()
    return RegionTable(sido, dict(aliases), sigungu, dongs, english)
