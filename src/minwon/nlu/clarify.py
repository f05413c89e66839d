"""Short questions that name the candidates when a request is genuinely ambiguous."""

from __future__ import annotations

from collections.abc import Sequence

from minwon.catalog import Catalog
from minwon.nlu.lexicon import Messages
from minwon.nlu.places import PlaceMatch
from minwon.nlu.result import Candidate, Clarification
from minwon.nlu.romanize import romanize

__all__ = ["ask_region", "ask_service"]


def ask_service(service_ids: Sequence[str], catalog: Catalog, messages: Messages) -> Clarification:
    """ "Which one do you need: A, B or C?" over catalog services."""
    candidates = [
        Candidate("service", sid, catalog.service(sid).name.ko, catalog.service(sid).name.en)
        for sid in service_ids
    ]
    return _ask("clarify_service", candidates, messages, place="")


def ask_region(place: PlaceMatch, messages: Messages) -> Clarification:
    """ "Which 중구 do you mean: 서울특별시 중구, 부산광역시 중구 …?" over 시군구."""
    candidates = [
        Candidate("region", s.code, s.full_name, _region_label_en(s.full_name, s.code))
        for s in place.candidates
    ]
    return _ask("clarify_region", candidates, messages, place=place.surface)


def _ask(key: str, candidates: list[Candidate], messages: Messages, place: str) -> Clarification:
    labels_ko = [c.label_ko for c in candidates]
    labels_en = [c.label_en for c in candidates]
    return Clarification(
        question_ko=messages.text(key, "ko", options=messages.join(labels_ko, "ko"), place=place),
        question_en=messages.text(key, "en", options=messages.join(labels_en, "en"), place=place),
        candidates=candidates,
    )


def _region_label_en(full_name: str, code: str) -> str:
    # The code table has Korean names only; romanised names are good enough to choose by.
    parts = [romanize(p) for p in full_name.split()]
    return " ".join(p[:1].upper() + p[1:] for p in parts) + f" ({code})"
