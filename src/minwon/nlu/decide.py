"""From the model's ranking to an answer: abstain, a referral, a bundle, services, or a question."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from importlib.resources import files
from typing import Any

import yaml

from minwon.catalog import Catalog
from minwon.nlu.contrast import Contrast
from minwon.nlu.features import Prepared
from minwon.nlu.patterns import PatternSet, TextViews
from minwon.nlu.training import parse_label

__all__ = ["Decision", "DecisionPolicy", "ForeignResidentMoves"]

# Below this probability the best in-scope class is not trusted when the request also shares
# no content word with the catalog: "주말에 뭐하지" has nothing to do with any service.
_MIN_UNCOVERED = 0.55
# Below this the ranking is close to uniform: the request resembles nothing in the catalog.
_MIN_CONFIDENT = 0.18
# Services listed after the first must be at least this share of the first one's probability.
_RUNNER_UP_SHARE = 0.15
_MAX_SERVICES = 3
_MAX_CANDIDATES = 4
_HEAD = 24
# Classes the person may be pointed to, or that abstain: never proposed as filings.
_ANSWER_KINDS = ("service", "bundle")


@dataclass(frozen=True, slots=True)
class Decision:
    """What the ranking means, before slots and questions are attached."""

    services: list[str]
    bundle: str | None
    abstain: bool
    confidence: float
    generic_kind: str | None = None  # set when the request names only a generic thing
    reason: str | None = None  # "out_of_scope", "outside_catalog", "participation"
    referral: str | None = None
    excluded: tuple[str, ...] = ()


class DecisionPolicy:
    """Turns a ranking into a :class:`Decision` using the catalog and the lexicon's terms."""

    def __init__(
        self, catalog: Catalog, vocabulary: frozenset[str], generic_terms: dict[str, str | None]
    ) -> None:
        self._catalog = catalog
        self._vocabulary = vocabulary
        self._generic = generic_terms

    def decide(
        self, doc: Prepared, ranking: list[tuple[str, float]], contrast: Contrast | None = None
    ) -> Decision:
        """Abstain, refer, name a bundle, rank services, or mark the request as generic."""
        excluded = contrast.excluded if contrast else ()
        # The tail of the ranking never decides anything: reading only its head keeps a request
        # to a few hundred microseconds here.
        ranking = [(lab, p) for lab, p in ranking[:_HEAD] if parse_label(lab)[1] not in excluded]
        # A request that rules out a catalog service by name is about the catalog: it is never
        # "out of scope" for lack of other words ("출생신고 했고요, 나머지 한 번에").
        decision = self._decide(doc, ranking, named_catalog=bool(excluded))
        if contrast is not None:
            decision = self._apply_contrast(decision, contrast, ranking)
        return replace(decision, excluded=excluded)

    def _decide(
        self, doc: Prepared, ranking: list[tuple[str, float]], named_catalog: bool = False
    ) -> Decision:
        answers = [(lab, p) for lab, p in ranking if parse_label(lab)[0] in _ANSWER_KINDS]
        top_label, top_p = ranking[0]
        top_kind, top_id = parse_label(top_label)
        generic = self._generic_kind(doc)
        if generic is not None and top_kind != "oos":
            return Decision(self._of_kind(answers, generic), None, False, top_p, generic)
        uncovered = not named_catalog and self._is_uncovered(doc, self._best_mass(ranking))
        if top_kind == "oos" or uncovered:
            return Decision([], None, True, 1.0 - answers[0][1], reason="out_of_scope")
        if top_kind == "referral":
            return Decision([], None, True, top_p, reason="outside_catalog", referral=top_id)
        if top_kind == "participation":
            return Decision([], None, True, top_p, reason="participation")
        if top_kind == "bundle":
            return Decision(self._members(top_id), top_id, False, top_p)
        return Decision(self._services(answers), None, False, top_p)

    def _apply_contrast(
        self, decision: Decision, contrast: Contrast, ranking: list[tuple[str, float]]
    ) -> Decision:
        """A bundle left with one member is that service; "X만" inside a bundle is X alone;
        a service the person ruled out is never proposed."""
        if decision.bundle is not None:
            members = [m for m in decision.services if m not in contrast.excluded]
            named = [m for m in members if m in contrast.positive]
            if len(members) == 1:
                return replace(decision, services=members, bundle=None)
            if contrast.only and len(named) < 2 and contrast.only[0] in members:
                return replace(decision, services=[contrast.only[0]], bundle=None)
            by_name = [m for m in members if m in contrast.named]
            if len(by_name) == 1 and len(named) == 1 and not contrast.together:
                return replace(decision, services=by_name, bundle=None)
            return replace(decision, services=members)
        if decision.abstain or decision.generic_kind is not None:
            return decision
        services = [s for s in decision.services if s not in contrast.excluded]
        wanted = [s for s in contrast.only if s in self._catalog.services]
        services = list(dict.fromkeys([*wanted, *services]))[:_MAX_SERVICES]
        return replace(decision, services=services or self._next_services(ranking))

    def _next_services(self, ranking: list[tuple[str, float]]) -> list[str]:
        ids = [i for lab, _ in ranking for k, i in [parse_label(lab)] if k == "service"]
        return ids[:1]

    def _members(self, bundle_id: str) -> list[str]:
        return [m.service for m in self._catalog.bundle(bundle_id).members]

    def _best_mass(self, ranking: list[tuple[str, float]]) -> float:
        """The best class's probability, a bundle counting its member services with it: a life
        event splits its probability between the bundle and the services it holds."""
        probs = dict(ranking)
        best = max(p for lab, p in ranking if parse_label(lab)[0] != "oos")
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

    def _of_kind(self, answers: list[tuple[str, float]], kind: str) -> list[str]:
        ids = [ident for label, _ in answers for k, ident in [parse_label(label)] if k == "service"]
        if kind != "any":
            ids = [i for i in ids if self._catalog.service(i).kind == kind] or ids
        return ids[:_MAX_CANDIDATES]

    def _services(self, answers: list[tuple[str, float]]) -> list[str]:
        first = answers[0][1]
        ids = [
            ident
            for label, p in answers
            for kind, ident in [parse_label(label)]
            if kind == "service" and p >= first * _RUNNER_UP_SHARE
        ]
        return ids[:_MAX_SERVICES]


class ForeignResidentMoves:
    """A registered foreigner's move goes to the 체류지 변경신고 once the catalog has it
    (``data/residence.yaml``); until then the rule does nothing."""

    def __init__(self, catalog: Catalog) -> None:
        raw = _residence_data()
        self._service = str(raw["service"])
        self._active = self._service in catalog.services
        self._moves = frozenset(str(s) for s in raw["moves_from"])
        self._bundles = frozenset(str(b) for b in raw["bundles_from"])
        self._status = PatternSet.from_data(raw["foreign_resident"])

    def apply(self, decision: Decision, text: str) -> Decision:
        """``decision``, or the stay-address change when a foreign resident reports a move."""
        if not self._active or decision.abstain:
            return decision
        moving = decision.bundle in self._bundles or decision.services[:1] in (
            [m] for m in self._moves
        )
        if not moving or not self._status.fires(TextViews.of(text)):
            return decision
        return replace(decision, services=[self._service], bundle=None, generic_kind=None)


@functools.cache
def _residence_data() -> dict[str, Any]:
    raw = yaml.safe_load((files("minwon.nlu") / "data" / "residence.yaml").read_text("utf-8"))
    assert isinstance(raw, dict)  # noqa: S101 — shipped data, checked by the tests
    return raw
