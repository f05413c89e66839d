"""From the model's ranking to an answer: abstain, a bundle, ranked services, or a question."""

from __future__ import annotations

from dataclasses import dataclass

from minwon.catalog import Catalog
from minwon.nlu.features import Prepared
from minwon.nlu.training import OUT_OF_SCOPE, parse_label

__all__ = ["Decision", "DecisionPolicy"]

# Below this probability the best in-scope class is not trusted when the request also shares
# no content word with the catalog: "주말에 뭐하지" has nothing to do with any service.
_MIN_UNCOVERED = 0.55
# Below this the ranking is close to uniform: the request resembles nothing in the catalog.
_MIN_CONFIDENT = 0.18
# Services listed after the first must be at least this share of the first one's probability.
_RUNNER_UP_SHARE = 0.15
_MAX_SERVICES = 3
_MAX_CANDIDATES = 4


@dataclass(frozen=True, slots=True)
class Decision:
    """What the ranking means, before slots and questions are attached."""

    services: list[str]
    bundle: str | None
    abstain: bool
    confidence: float
    generic_kind: str | None = None  # set when the request names only a generic thing


class DecisionPolicy:
    """Turns a ranking into a :class:`Decision` using the catalog and the lexicon's terms."""

    def __init__(
        self, catalog: Catalog, vocabulary: frozenset[str], generic_terms: dict[str, str | None]
    ) -> None:
        self._catalog = catalog
        self._vocabulary = vocabulary
        self._generic = generic_terms

    def decide(self, doc: Prepared, ranking: list[tuple[str, float]]) -> Decision:
        """Abstain, name a bundle, rank services, or mark the request as generic."""
        in_scope = [(label, p) for label, p in ranking if label != OUT_OF_SCOPE]
        top_label, top_p = ranking[0]
        generic = self._generic_kind(doc)
        if generic is not None and top_label != OUT_OF_SCOPE:
            return Decision(self._of_kind(in_scope, generic), None, False, top_p, generic)
        if top_label == OUT_OF_SCOPE or self._is_uncovered(doc, self._best_mass(in_scope)):
            return Decision([], None, True, 1.0 - in_scope[0][1])
        kind, ident = parse_label(top_label)
        if kind == "bundle":
            members = [m.service for m in self._catalog.bundle(ident).members]
            return Decision(members, ident, False, top_p)
        return Decision(self._services(in_scope), None, False, top_p)

    def _best_mass(self, in_scope: list[tuple[str, float]]) -> float:
        """The best class's probability, a bundle counting its member services with it: a life
        event splits its probability between the bundle and the services it holds."""
        probs = dict(in_scope)
        best = in_scope[0][1]
        for bundle in self._catalog.bundles.values():
            members = [probs.get(f"service:{m.service}", 0.0) for m in bundle.members]
            best = max(best, probs.get(f"bundle:{bundle.id}", 0.0) + max(members, default=0.0))
        return best

    def _is_uncovered(self, doc: Prepared, best: float) -> bool:
        covered = [t for t in doc.content if t in self._vocabulary]
        return best < _MIN_CONFIDENT or (not covered and best < _MIN_UNCOVERED)

    def _generic_kind(self, doc: Prepared) -> str | None:
        """The service kind a request asks for without naming a service, else None."""
        if not doc.content or any(t not in self._generic for t in doc.content):
            return None
        kinds = {self._generic[t] for t in doc.content} - {None}
        return kinds.pop() if len(kinds) == 1 else "any"

    def _of_kind(self, in_scope: list[tuple[str, float]], kind: str) -> list[str]:
        ids = [
            ident for label, _ in in_scope for k, ident in [parse_label(label)] if k == "service"
        ]
        if kind != "any":
            ids = [i for i in ids if self._catalog.service(i).kind == kind] or ids
        return ids[:_MAX_CANDIDATES]

    def _services(self, in_scope: list[tuple[str, float]]) -> list[str]:
        first = in_scope[0][1]
        ids = [
            ident
            for label, p in in_scope
            for kind, ident in [parse_label(label)]
            if kind == "service" and p >= first * _RUNNER_UP_SHARE
        ]
        return ids[:_MAX_SERVICES]
