"""The linear model over TF-IDF features that ranks services, bundles, referrals, participation
and "out of scope"."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp
from sklearn.svm import LinearSVC

from minwon.nlu.features import Featurizer, Prepared

__all__ = ["IntentModel"]

# A linear SVM trains in a fraction of a second on the catalog, where logistic regression took
# seconds: start-up must stay under three seconds. Its scores are turned into a probability-like
# confidence with a softmax; the temperature spreads typical margins (0.2-1.5) over [0, 1].
# With referral and participation classes beside the services (about 75 classes), 8 keeps a
# clear winner above the abstention thresholds of decide.py (measured in bench/kinds.py).
_C = 0.5
# liblinear stops at this tolerance: 1e-2 ranks every line of the dev sets as 1e-4 does, in
# a third fewer iterations (bench/kinds.py).
_TOL = 1e-2
_TEMPERATURE = 8.0
# One-vs-rest is one binary SVM per class. liblinear releases the GIL, so the classes train on
# two threads (the production machine has two cores): about half the start-up of one call.
_MAX_THREADS = 1


class IntentModel:
    """One-vs-rest linear SVM; softmax of its scores is the confidence."""

    def __init__(
        self, featurizer: Featurizer, labels: list[str], weights: np.ndarray, bias: np.ndarray
    ) -> None:
        self._featurizer = featurizer
        self._labels = labels
        self._weights_t = np.ascontiguousarray(weights.T)  # features x classes
        self._bias = bias

    @classmethod
    def fit(cls, docs: list[Prepared], labels: list[str]) -> IntentModel:
        """Train on ``docs`` labelled with class names.

        The same model as ``LinearSVC(class_weight="balanced")`` on all classes at once, which
        runs liblinear's one-vs-rest with a weighted C for each class's positives.
        """
        featurizer = Featurizer()
        features = featurizer.fit_transform(docs)
        target = np.asarray(labels)
        classes = sorted(set(labels))
        counts = {k: int((target == k).sum()) for k in classes}

        def one(label: str) -> tuple[np.ndarray, float]:
            weight = len(labels) / (len(classes) * counts[label])  # "balanced"
            svm = LinearSVC(C=_C, tol=_TOL, class_weight={True: weight, False: 1.0}, random_state=0)
            svm.fit(features, target == label)
            return np.asarray(svm.coef_[0]), float(svm.intercept_[0])

        with ThreadPoolExecutor(_threads()) as pool:
            fitted = list(pool.map(one, classes))
        weights = np.vstack([w for w, _ in fitted])
        bias = np.array([b for _, b in fitted])
        return cls(featurizer, classes, weights, bias)

    def rank(self, doc: Prepared) -> list[tuple[str, float]]:
        """Every class with its confidence, most likely first."""
        features: sp.csr_matrix = self._featurizer.transform([doc])
        scores = (np.asarray(features @ self._weights_t)[0] + self._bias) * _TEMPERATURE
        weights = np.exp(scores - scores.max())
        probs = weights / weights.sum()
        order = np.argsort(-probs)
        return [(self._labels[i], float(probs[i])) for i in order]


def _threads() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(_MAX_THREADS, cores or 1))
