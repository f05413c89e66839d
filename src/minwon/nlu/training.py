"""What the router learns from: the catalog's words, plus a few out-of-scope topics."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files

import yaml

from minwon.catalog import Catalog
from minwon.catalog.schema import Bundle, Localized, Service

__all__ = [
    "OUT_OF_SCOPE",
    "TrainingExample",
    "build_corpus",
    "bundle_label",
    "out_of_scope_seeds",
    "parse_label",
    "service_label",
]

OUT_OF_SCOPE = "oos"


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


def parse_label(label: str) -> tuple[str, str]:
    """``("service", id)``, ``("bundle", id)`` or ``("oos", "")``."""
    kind, _, ident = label.partition(":")
    return kind, ident


def build_corpus(catalog: Catalog) -> list[TrainingExample]:
    """Every text the catalog says about each service and bundle, and the out-of-scope seeds."""
    corpus: list[TrainingExample] = []
    for service in catalog.services.values():
        label = service_label(service.id)
        corpus.extend(TrainingExample(t, label) for t in _entry_texts(service))
    for bundle in catalog.bundles.values():
        label = bundle_label(bundle.id)
        corpus.extend(TrainingExample(t, label) for t in _entry_texts(bundle))
    corpus.extend(TrainingExample(t, OUT_OF_SCOPE) for t in out_of_scope_seeds())
    return corpus


def _entry_texts(entry: Service | Bundle) -> Iterator[str]:
    yield from _both(entry.name)
    yield from _both(entry.description)
    if entry.keywords is not None:
        for line in _both(entry.keywords):
            yield line
            # Each keyword alone is also a way people name the entry.
            yield from (k.strip() for k in line.split(",") if k.strip())
    yield from entry.examples.ko
    yield from entry.examples.en


def _both(text: Localized) -> Iterator[str]:
    yield text.ko
    yield text.en


@functools.cache
def out_of_scope_seeds() -> tuple[str, ...]:
    """The out-of-scope topics of ``data/out_of_scope.yaml``."""
    raw = yaml.safe_load((files("minwon.nlu") / "data" / "out_of_scope.yaml").read_text("utf-8"))
    return tuple(str(line) for lines in raw.values() for line in lines)
