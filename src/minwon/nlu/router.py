"""The router: a request in everyday language to catalog services, a bundle, slots, or "no"."""

from __future__ import annotations

from datetime import date
from typing import Literal

from minwon.catalog import Catalog
from minwon.catalog.regions import RegionTable, load_region_table
from minwon.catalog.schema import Bundle, Service
from minwon.nlu.choseong import ChoseongExpander
from minwon.nlu.clarify import ask_region, ask_service
from minwon.nlu.classifier import IntentModel
from minwon.nlu.contrast import ContrastReader
from minwon.nlu.crisis import detect_crisis
from minwon.nlu.dates import DateExtractor
from minwon.nlu.decide import Decision, DecisionPolicy, ForeignResidentMoves
from minwon.nlu.features import Prepared, prepare
from minwon.nlu.guards import is_empty, is_unsafe
from minwon.nlu.lexicon import Lexicon, load_lexicon, load_messages, load_region_aliases
from minwon.nlu.misuse import detect_misuse, is_participation
from minwon.nlu.morph import Analyzer, KiwiAnalyzer, LightAnalyzer, stem_english
from minwon.nlu.neighbourhoods import load_neighbourhoods
from minwon.nlu.places import PlaceFinder, PlaceMatch
from minwon.nlu.ports import LLMPort
from minwon.nlu.result import Clarification, RouteResult, Slots
from minwon.nlu.text import detect_lang, normalize, rewrite
from minwon.nlu.training import OUT_OF_SCOPE, build_corpus

__all__ = ["Router"]


class Router:
    """Routes requests; build it once with :meth:`from_catalog` and share it (it is read-only)."""

    def __init__(
        self,
        catalog: Catalog,
        lexicon: Lexicon,
        analyzer: Analyzer,
        model: IntentModel,
        places: PlaceFinder,
        policy: DecisionPolicy,
        llm: LLMPort | None = None,
    ) -> None:
        self.catalog = catalog
        self._lexicon = lexicon
        self._analyzer = analyzer
        self._model = model
        self._places = places
        self._policy = policy
        self._dates = DateExtractor(lexicon)
        self._messages = load_messages()
        self._llm = llm
        self._contrast = ContrastReader(catalog)
        self._choseong = ChoseongExpander(catalog)
        self._foreign_moves = ForeignResidentMoves(catalog)

    @classmethod
    def from_catalog(
        cls,
        catalog: Catalog,
        regions: RegionTable | None = None,
        *,
        llm: LLMPort | None = None,
        morphology: Literal["light", "kiwi"] = "light",
    ) -> Router:
        """Train a router on ``catalog`` (its names, keywords, descriptions and examples).

        ``regions`` defaults to the packaged 시군구 table. ``llm`` is an optional second
        opinion for requests the model is unsure about; its answers are checked against the
        catalog's ids before they are used. ``morphology="kiwi"`` splits Korean with Kiwi
        instead of the lexicon's ending list (see docs in :mod:`minwon.nlu.morph`).
        """
        lexicon = load_lexicon()
        analyzer = KiwiAnalyzer(lexicon) if morphology == "kiwi" else LightAnalyzer(lexicon)
        corpus = list(dict.fromkeys(build_corpus(catalog)))  # a repeated text teaches nothing
        docs = [prepare(normalize(e.text), lexicon, analyzer) for e in corpus]
        model = IntentModel.fit(docs, [e.label for e in corpus])
        # Words of every topic the router knows (services, referrals, participation) count as
        # coverage; only the out-of-scope seeds do not.
        vocabulary = frozenset(
            t
            for d, e in zip(docs, corpus, strict=True)
            if e.label != OUT_OF_SCOPE
            for t in d.content
        )
        generic = {
            stem_english(k) if k.isascii() else k: v for k, v in lexicon.generic_terms.items()
        }
        policy = DecisionPolicy(catalog, vocabulary, generic)
        places = PlaceFinder(
            regions or load_region_table(), load_region_aliases(), lexicon, load_neighbourhoods()
        )
        return cls(catalog, lexicon, analyzer, model, places, policy, llm)

    def route(self, text: str, *, today: date, lang: str | None = None) -> RouteResult:
        """Understand one request. Never raises on any string; ``today`` anchors relative dates.

        ``lang`` forces the reply language ("ko" or "en"); otherwise it is detected by script.
        In order: an empty or manipulative text abstains; a danger to life abstains with
        ``crisis`` (answered first, never with a filing); a request to misuse a service abstains
        with ``misuse``; then the model ranks services, bundles, referrals (``outside_catalog``),
        participation and out of scope, minus the services the person ruled out.
        """
        clean = normalize(text)
        detected = lang if lang in ("ko", "en") else detect_lang(clean)
        if is_empty(clean):
            return RouteResult.abstention("empty", detected)
        if is_unsafe(clean):
            return RouteResult.abstention("unsafe", detected)
        crisis = detect_crisis(clean)
        if crisis is not None:
            return RouteResult.abstention("crisis", detected, crisis=crisis)
        misuse = detect_misuse(clean)
        if misuse is not None:
            return RouteResult.abstention("misuse", detected, misuse=misuse)
        if is_participation(clean):
            return RouteResult.abstention("participation", detected)
        expanded = self._choseong.expand(clean)
        contrast = self._contrast.read(rewrite(expanded, self._lexicon))
        doc = prepare(expanded, self._lexicon, self._analyzer)
        ranked = (
            prepare(contrast.masked, self._lexicon, self._analyzer) if contrast.excluded else doc
        )
        decision = self._policy.decide(ranked, self._model.rank(ranked), contrast)
        decision = self._foreign_moves.apply(decision, clean)
        decision = self._ask_llm_if_unsure(clean, decision)
        if decision.abstain:
            return self._abstain(decision, detected)
        return self._answer(doc, decision, detected, today)

    def _abstain(self, decision: Decision, lang: str) -> RouteResult:
        reason = decision.reason if decision.reason in _ROUTED_REASONS else "out_of_scope"
        return RouteResult.abstention(
            reason,  # type: ignore[arg-type]
            lang,
            decision.confidence,
            referral=decision.referral if reason == "outside_catalog" else None,
            excluded=decision.excluded,
        )

    def extract_slots(self, text: str, *, today: date) -> Slots:
        """The date and the 시군구 a text states, whatever it asks (e.g. "아니 서대문구요")."""
        clean = normalize(text)
        if is_empty(clean):
            return Slots()
        doc = prepare(clean, self._lexicon, self._analyzer)
        return self._slots(doc.text, today)

    def _slots(self, text: str, today: date) -> Slots:
        place = self._places.find(text)
        found = self._dates.find(text, today)
        if found is None:
            return Slots(None, place.code if place else None)
        code = place.code if place else None
        return Slots(found.value, code, found.approximate, found.year_assumed)

    def _answer(self, doc: Prepared, decision: Decision, lang: str, today: date) -> RouteResult:
        place = self._places.find(doc.text)
        slots = self._slots(doc.text, today)
        return RouteResult(
            services=decision.services,
            bundle=decision.bundle,
            abstain=False,
            confidence=decision.confidence,
            slots=slots,
            lang=lang,
            clarification=self._clarification(decision, place),
            excluded=decision.excluded,
        )

    def _clarification(self, decision: Decision, place: PlaceMatch | None) -> Clarification | None:
        if decision.generic_kind is not None and len(decision.services) > 1:
            return ask_service(decision.services, self.catalog, self._messages)
        if place is not None and place.candidates:
            return ask_region(place, self._messages)
        return None

    def _ask_llm_if_unsure(self, text: str, decision: Decision) -> Decision:
        sure = not decision.abstain and decision.confidence >= _LLM_BELOW
        # Only a plain "not ours" is a candidate for a second opinion: a referral, a complaint
        # or a contrast the person spelt out is already an answer.
        settled = decision.reason not in (None, "out_of_scope") or bool(decision.excluded)
        if self._llm is None or sure or settled or decision.generic_kind:
            return decision
        suggestion = self._llm.suggest(text, self._choices())
        if suggestion is None:
            return decision
        if suggestion in self.catalog.services:
            return Decision([suggestion], None, False, decision.confidence)
        if suggestion in self.catalog.bundles:
            members = [m.service for m in self.catalog.bundle(suggestion).members]
            return Decision(members, suggestion, False, decision.confidence)
        return decision  # an id the catalog does not have is never trusted

    def _choices(self) -> dict[str, str]:
        entries: list[Service | Bundle] = [*self.catalog.services.values()]
        entries.extend(self.catalog.bundles.values())
        return {e.id: f"{e.name.ko} / {e.name.en}" for e in entries}


_ROUTED_REASONS = ("out_of_scope", "outside_catalog", "participation")

# The LLM is asked only when the model abstains (out of scope; never "unsafe" or "empty") or
# its confidence is below this.
_LLM_BELOW = 0.5
