"""Turning a request into a sparse vector: character n-grams plus content-lemma n-grams."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from minwon.nlu.lexicon import Lexicon
from minwon.nlu.morph import Analyzer
from minwon.nlu.text import compact, rewrite

__all__ = ["Featurizer", "Prepared", "prepare"]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A request after rewriting and morphological analysis."""

    text: str  # lower-cased, rewritten (dates and places are read from this)
    tokens: tuple[str, ...]  # content lemmas and synonyms
    content: tuple[str, ...]  # tokens that are not stopwords
    topic: str = ""  # ``text`` without words of time: what the model ranks


def prepare(text: str, lexicon: Lexicon, analyzer: Analyzer) -> Prepared:
    """Rewrite and analyse ``text`` (already normalised)."""
    rewritten = rewrite(text, lexicon)
    topic = " ".join(lexicon.temporal.sub(" ", rewritten).split()) or rewritten
    tokens = analyzer.tokens(topic)
    return Prepared(rewritten, tuple(tokens), tuple(analyzer.content(tokens)), topic)


class Featurizer:
    """Three TF-IDF views of a request, stacked side by side.

    Character n-grams within words survive typos and inflection; character n-grams of the text
    without spaces survive spacing errors ("전입신고" vs "전입 신고"); lemma n-grams carry the
    words themselves ("떼다" and "발급" meet through the lexicon's synonyms).
    """

    def __init__(self) -> None:
        # (2, 3), not (2, 4): the same rankings on every dev set since the router learns referrals
        # too (bench/kinds.py), with a fifth fewer features to train on at start-up.
        self._chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True)
        self._compact = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True)
        self._lemmas = TfidfVectorizer(
            analyzer=str.split, sublinear_tf=True, lowercase=False, token_pattern=None
        )

    def fit_transform(self, docs: list[Prepared]) -> sp.csr_matrix:
        """Learn the vocabularies from ``docs`` and return their vectors."""
        parts = [
            self._chars.fit_transform([d.topic for d in docs]),
            self._compact.fit_transform([compact(d.topic) for d in docs]),
            self._lemmas.fit_transform([_lemma_doc(d) for d in docs]),
        ]
        return sp.hstack(parts, format="csr")

    def transform(self, docs: list[Prepared]) -> sp.csr_matrix:
        """Vectors for ``docs`` in the learnt vocabularies."""
        parts = [
            self._chars.transform([d.topic for d in docs]),
            self._compact.transform([compact(d.topic) for d in docs]),
            self._lemmas.transform([_lemma_doc(d) for d in docs]),
        ]
        return sp.hstack(parts, format="csr")

    def vocabulary(self) -> frozenset[str]:
        """The lemma vocabulary, for the coverage guard."""
        return frozenset(str(t) for t in np.asarray(self._lemmas.get_feature_names_out()))


def _lemma_doc(doc: Prepared) -> str:
    # Unigrams and adjacent bigrams of the lemmas, as one space-separated string.
    tokens = list(doc.tokens)
    bigrams = [f"{a}_{b}" for a, b in pairwise(tokens)]
    return " ".join(tokens + bigrams)
