"""The baseline: what a portal search box does. BM25 over service and bundle names and
descriptions only, words plus Hangul character bigrams, and a fixed score threshold to abstain.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from minwon.catalog import Catalog

_WORD = re.compile(r"[a-z0-9]+|[\uac00-\ud7a3]+")
_K1, _B = 1.2, 0.75
ABSTAIN_BELOW = 2.0  # a search box shows "no results" below some score


def tokenize(text: str) -> list[str]:
    """Lower-case words, and character bigrams of Hangul words (Korean has no stemming here)."""
    out: list[str] = []
    for word in _WORD.findall(text.lower()):
        out.append(word)
        if not word.isascii() and len(word) > 2:
            out.extend(word[i : i + 2] for i in range(len(word) - 1))
    return out


@dataclass(frozen=True)
class BaselineResult:
    services: list[str]
    bundle: str | None
    abstain: bool


class BM25Baseline:
    """Ranks catalog entries by BM25; a bundle wins when it scores highest."""

    def __init__(self, catalog: Catalog) -> None:
        self._docs: list[tuple[str, str, Counter[str]]] = []
        for s in catalog.services.values():
            text = f"{s.name.ko} {s.name.en} {s.description.ko} {s.description.en}"
            self._docs.append(("service", s.id, Counter(tokenize(text))))
        for b in catalog.bundles.values():
            text = f"{b.name.ko} {b.name.en} {b.description.ko} {b.description.en}"
            self._docs.append(("bundle", b.id, Counter(tokenize(text))))
        self._members = {b.id: [m.service for m in b.members] for b in catalog.bundles.values()}
        n = len(self._docs)
        df: Counter[str] = Counter(t for _, _, tf in self._docs for t in tf)
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self._avg = sum(sum(tf.values()) for _, _, tf in self._docs) / n

    def _score(self, query: list[str], tf: Counter[str]) -> float:
        length = sum(tf.values())
        score = 0.0
        for term in query:
            f = tf.get(term, 0)
            if f:
                norm = f * (_K1 + 1) / (f + _K1 * (1 - _B + _B * length / self._avg))
                score += self._idf[term] * norm
        return score

    def route(self, text: str) -> BaselineResult:
        query = tokenize(text)
        scored = sorted(
            ((self._score(query, tf), kind, ident) for kind, ident, tf in self._docs), reverse=True
        )
        best, kind, ident = scored[0]
        if best < ABSTAIN_BELOW:
            return BaselineResult([], None, True)
        if kind == "bundle":
            return BaselineResult(self._members[ident], ident, False)
        return BaselineResult([i for _, k, i in scored[:3] if k == "service"], None, False)
