"""The router's language data (``data/*.yaml``, ``data/*.csv``), loaded once and validated."""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import yaml

__all__ = [
    "Lexicon",
    "Messages",
    "RegionAlias",
    "load_lexicon",
    "load_messages",
    "load_region_aliases",
]


def _read_data(name: str) -> str:
    return (files("minwon.nlu") / "data" / name).read_text(encoding="utf-8")


def _load_yaml(name: str) -> dict[str, Any]:
    data = yaml.safe_load(_read_data(name))
    if not isinstance(data, dict):
        raise ValueError(f"{name}: expected a mapping at the top level")
    return data


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Rewrites, synonyms, stopwords, generic terms and markers (see ``data/lexicon.yaml``)."""

    rewrites: tuple[tuple[str, str], ...]
    synonyms: dict[str, tuple[str, ...]]
    stopwords: frozenset[str]
    generic_terms: dict[str, str | None]
    future_markers: tuple[str, ...]
    place_particles: frozenset[str]
    place_particles_weak: frozenset[str]
    endings: tuple[str, ...]
    temporal: re.Pattern[str] = re.compile(r"(?!)")  # words of time, removed before ranking


@functools.cache
def load_lexicon() -> Lexicon:
    """The lexicon shipped with the package."""
    raw = _load_yaml("lexicon.yaml")
    # Longest first, so that "국취제" is rewritten before its prefix "국취".
    rewrites = sorted(
        ((str(k), str(v)) for k, v in raw["rewrites"].items()), key=lambda kv: -len(kv[0])
    )
    synonyms = {str(k): tuple(str(x) for x in v) for k, v in raw["synonyms"].items()}
    stopwords = frozenset(str(w) for w in [*raw["stopwords_ko"], *raw["stopwords_en"]])
    generic = {str(k): (None if v is None else str(v)) for k, v in raw["generic_terms"].items()}
    markers = tuple(str(m) for m in [*raw["future_markers_ko"], *raw["future_markers_en"]])
    particles = frozenset(str(p) for p in raw["place_particles"])
    weak = frozenset(str(p) for p in raw["place_particles_weak"])
    endings = tuple(sorted((str(e) for e in raw["endings"]), key=len, reverse=True))
    temporal = re.compile("|".join(f"(?:{p})" for p in raw.get("temporal_patterns") or ["(?!)"]))
    return Lexicon(
        tuple(rewrites), synonyms, stopwords, generic, markers, particles, weak, endings, temporal
    )


@dataclass(frozen=True, slots=True)
class Messages:
    """The sentences the router shows (``data/messages.yaml``), by key and language."""

    table: dict[str, dict[str, str]]

    def text(self, key: str, lang: str, **values: str) -> str:
        """The message ``key`` in ``lang`` with ``values`` filled in."""
        return self.table[key][lang].format(**values)

    def join(self, labels: list[str], lang: str) -> str:
        """``a, b or c`` in the language's own separators."""
        if len(labels) <= 1:
            return "".join(labels)
        head = self.table["separator"][lang].join(labels[:-1])
        return head + self.table["last_separator"][lang] + labels[-1]


@functools.cache
def load_messages() -> Messages:
    """The message table shipped with the package."""
    raw = _load_yaml("messages.yaml")
    return Messages({str(k): {str(lk): str(t) for lk, t in v.items()} for k, v in raw.items()})


@dataclass(frozen=True, slots=True)
class RegionAlias:
    """A nickname for one or several 시군구 (``data/region_aliases.csv``)."""

    alias: str
    codes: tuple[str, ...]


@functools.cache
def load_region_aliases() -> tuple[RegionAlias, ...]:
    """The region nicknames shipped with the package."""
    rows = csv.DictReader(io.StringIO(_read_data("region_aliases.csv")))
    return tuple(RegionAlias(r["alias"].strip().lower(), tuple(r["codes"].split())) for r in rows)
