"""Neighbourhoods (법정동) people name instead of their 시군구: "성수동", "Yeonnam-dong".

Built from the packaged 법정동 table of :mod:`minwon.catalog` (``bjdong_code_active.tsv``): every
동 name of three syllables or more, with "N가" folded into its base ("성수동1가" → "성수동"),
mapped to the 시군구 codes that have it, and the same by Revised Romanization. A name that several
시군구 share is reported with all of them, so that the router asks instead of guessing.
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files

from minwon.nlu.romanize import romanize

__all__ = ["Neighbourhoods", "load_neighbourhoods"]

_GA = re.compile(r"\d+가$")
_MIN_LEN = 3  # "우동", "중동", "연동" are also everyday words


class Neighbourhoods:
    """동 name (Korean or romanised, no spaces or hyphens) -> the 시군구 codes that have it."""

    def __init__(self, korean: dict[str, frozenset[str]]) -> None:
        self._korean = korean
        latin: dict[str, set[str]] = {}
        for name, codes in korean.items():
            latin.setdefault(romanize(name), set()).update(codes)
        self._latin = {k: frozenset(v) for k, v in latin.items()}

    def find(self, name: str) -> frozenset[str]:
        """The 시군구 codes of the 동 called ``name`` ("성수동", "성수동1가", "seongsudong")."""
        base = _GA.sub("", name)
        return self._korean.get(base) or self._latin.get(base) or frozenset()


@functools.cache
def load_neighbourhoods() -> Neighbourhoods:
    """The index over the packaged 법정동 table, built once per process."""
    text = (files("minwon.catalog") / "data" / "bjdong_code_active.tsv").read_text("utf-8")
    index: dict[str, set[str]] = {}
    for line in text.splitlines()[1:]:
        code, name, _ = line.split("\t")
        last = name.rsplit(" ", 1)[-1]
        base = _GA.sub("", last)
        if base.endswith("동") and len(base) >= _MIN_LEN and not code.endswith("00000"):
            index.setdefault(base, set()).add(code[:5])
    return Neighbourhoods({k: frozenset(v) for k, v in index.items()})
