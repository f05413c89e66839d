"""What the router learns from: the catalog's words, its referrals, and the router's own data.

Classes: ``service:<id>``, ``bundle:<id>``, ``referral:<id>`` (a known service minwon does not
file, ``catalog/referrals.yaml``), ``participation`` (a report, complaint or proposal for a
department) and ``oos`` (not for government). Besides the catalog, the router reads
``data/examples/*.yaml`` (requests written as situations, dialect, romanised Korean: keyed by
catalog id, entries for ids the catalog lacks are skipped until the catalog has them),
``data/participation.yaml`` and ``data/out_of_scope.yaml``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files

import yaml

from minwon.catalog import Catalog
from minwon.catalog.referrals import Referral
from minwon.catalog.schema import Bundle, Localized, Service
from minwon.nlu.romanize import romanize

__all__ = [
    "OUT_OF_SCOPE",
    "PARTICIPATION",
    "TrainingExample",
    "build_corpus",
    "bundle_label",
    "out_of_scope_seeds",
    "parse_label",
    "referral_label",
    "service_label",
]

OUT_OF_SCOPE = "oos"
PARTICIPATION = "participation"


@dataclass(frozen=True, slots=True)
class TrainingExample:
    """One text and the class it teaches."""

    text: str
    label: str


def service_label(service_id: str) -> str:
    """The class name of a service."""
    return f"service:{service_id}"


def bundle_label(bundle_id: str) -> str:
    """The class name of a bundle."""
    return f"bundle:{bundle_id}"


def referral_label(referral_id: str) -> str:
    """The class name of a referral (a service outside the filing catalog)."""
    return f"referral:{referral_id}"


def parse_label(label: str) -> tuple[str, str]:
    """``("service" | "bundle" | "referral", id)``, ``("participation", "")``, ``("oos", "")``."""
    kind, _, ident = label.partition(":")
    return kind, ident


def build_corpus(catalog: Catalog) -> list[TrainingExample]:
    """Every text that teaches a class, from the catalog and the router's data files."""
    corpus: list[TrainingExample] = []
    for service in catalog.services.values():
        label = service_label(service.id)
        corpus.extend(TrainingExample(t, label) for t in _entry_texts(service))
        corpus.extend(TrainingExample(t, label) for t in _romanised(service))
    for bundle in catalog.bundles.values():
        label = bundle_label(bundle.id)
        corpus.extend(TrainingExample(t, label) for t in _entry_texts(bundle))
    for referral in catalog.referrals.values():
        label = referral_label(referral.id)
        corpus.extend(TrainingExample(t, label) for t in _referral_texts(referral))
    for entry_id, texts in extra_examples().items():
        extra_label = _label_of(catalog, entry_id)
        if extra_label is not None:
            corpus.extend(TrainingExample(t, extra_label) for t in texts)
    corpus.extend(TrainingExample(t, PARTICIPATION) for t in participation_seeds())
    corpus.extend(TrainingExample(t, OUT_OF_SCOPE) for t in out_of_scope_seeds())
    return corpus


def _label_of(catalog: Catalog, entry_id: str) -> str | None:
    if entry_id in catalog.services:
        return service_label(entry_id)
    if entry_id in catalog.bundles:
        return bundle_label(entry_id)
    if entry_id in catalog.referrals:
        return referral_label(entry_id)
    return None  # a service the catalog does not have yet (e.g. before it lands on main)


def _entry_texts(entry: Service | Bundle) -> Iterator[str]:
    yield from _both(entry.name)
    yield from _both(entry.description)
    if entry.keywords is not None:
        yield from _keywords(entry.keywords)
    yield from entry.examples.ko
    yield from entry.examples.en


def _referral_texts(referral: Referral) -> Iterator[str]:
    # Not the description or "where": every referral's description says that minwon cannot
    # file it, which would teach the words of that sentence instead of the service.
    yield from _both(referral.name)
    if referral.keywords is not None:
        yield from _keywords(referral.keywords)
    yield from referral.examples.ko
    yield from referral.examples.en


def _keywords(keywords: Localized) -> Iterator[str]:
    for line in _both(keywords):
        yield line
        # Each keyword alone is also a way people name the entry.
        yield from (k.strip() for k in line.split(",") if k.strip())


def _romanised(service: Service) -> Iterator[str]:
    """Foreign residents write Korean names in Latin letters ("chulsaeng singo", "deungbon"):
    the name's and keywords' Revised Romanization, word by word and syllable by syllable."""
    names = [service.name.ko.split("(")[0]]
    if service.keywords is not None:
        names += [k.strip() for k in service.keywords.ko.split(",")]
    for name in names:
        words = [w for w in name.replace("·", " ").split() if w]
        if not words:
            continue
        yield " ".join(romanize(w) for w in words)
        yield " ".join("".join(romanize(s) for s in w) for w in words)


def _both(text: Localized) -> Iterator[str]:
    yield text.ko
    yield text.en


def _data(name: str) -> object:
    return yaml.safe_load((files("minwon.nlu") / "data" / name).read_text("utf-8"))


@functools.cache
def out_of_scope_seeds() -> tuple[str, ...]:
    """The out-of-scope topics of ``data/out_of_scope.yaml``."""
    raw = _data("out_of_scope.yaml")
    assert isinstance(raw, dict)  # noqa: S101 — shipped data, checked by the tests
    return tuple(str(line) for lines in raw.values() for line in lines)


@functools.cache
def participation_seeds() -> tuple[str, ...]:
    """Reports, complaints and proposals for a department (``data/participation.yaml``)."""
    raw = _data("participation.yaml")
    assert isinstance(raw, dict)  # noqa: S101 — shipped data, checked by the tests
    return tuple(str(line) for lines in raw.values() for line in lines)


@functools.cache
def extra_examples() -> dict[str, tuple[str, ...]]:
    """``data/examples/*.yaml``: catalog id -> requests (both languages)."""
    merged: dict[str, list[str]] = {}
    folder = files("minwon.nlu") / "data" / "examples"
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".yaml"):
            continue
        raw = yaml.safe_load(item.read_text("utf-8")) or {}
        for entry_id, langs in raw.items():
            for lines in (langs or {}).values():
                merged.setdefault(str(entry_id), []).extend(str(x) for x in lines)
    return {k: tuple(v) for k, v in merged.items()}
