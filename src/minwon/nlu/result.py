"""What the router answers: ranked services, a bundle, slots, or an abstention."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

__all__ = ["AbstainReason", "Candidate", "Clarification", "CrisisKind", "RouteResult", "Slots"]

AbstainReason = Literal[
    "empty", "out_of_scope", "unsafe", "outside_catalog", "misuse", "crisis", "participation"
]
"""Why the router names no service.

``outside_catalog``: a real service minwon does not file (``RouteResult.referral`` says which);
``misuse``: a request to misuse a service (``RouteResult.misuse`` is the reason id);
``crisis``: danger to life (``RouteResult.crisis``); ``participation``: a report, complaint,
proposal or inquiry for a department, not an application.
"""
CrisisKind = Literal["suicide", "violence", "emergency"]
CandidateKind = Literal["service", "bundle", "region"]


@dataclass(frozen=True, slots=True)
class Slots:
    """Facts stated in the request: the life event's date and the 시군구 code of the place.

    ``approximate``: the date was derived from a duration ("이사 온 지 3주 넘었는데요",
    "a few weeks ago") and is today minus that duration, a best estimate. ``year_assumed``: the
    month and day were given without a year and the most recent such day not in the future was
    chosen; the dialogue confirms it with the person.
    """

    date: date | None = None
    region: str | None = None
    approximate: bool = False  # the date is today minus a stated duration ("3주 전쯤")
    year_assumed: bool = False  # a month and day without a year; the year was chosen

    def to_json(self) -> dict[str, str | None]:
        """``{"date": ISO or None, "region": code or None}``."""
        return {"date": self.date.isoformat() if self.date else None, "region": self.region}

    def notes_json(self) -> dict[str, bool]:
        """The flags about the date that are set (``slot_notes`` of the route answer)."""
        notes = {"approximate": self.approximate, "year_assumed": self.year_assumed}
        return {k: v for k, v in notes.items() if v}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One answer the person may pick when the request is ambiguous."""

    kind: CandidateKind
    id: str
    label_ko: str
    label_en: str

    def to_json(self) -> dict[str, str]:
        """The candidate as a JSON object."""
        return {
            "kind": self.kind,
            "id": self.id,
            "label_ko": self.label_ko,
            "label_en": self.label_en,
        }


@dataclass(frozen=True, slots=True)
class Clarification:
    """A short question naming the candidates, asked instead of guessing."""

    question_ko: str
    question_en: str
    candidates: list[Candidate] = field(default_factory=list)

    def question(self, lang: str) -> str:
        """The question in ``lang`` (``en``), Korean otherwise."""
        return self.question_en if lang == "en" else self.question_ko

    def to_json(self) -> dict[str, Any]:
        """The clarification as a JSON object."""
        return {
            "question": {"ko": self.question_ko, "en": self.question_en},
            "candidates": [c.to_json() for c in self.candidates],
        }


@dataclass(frozen=True, slots=True)
class RouteResult:
    """The router's answer to one request.

    ``services`` is ranked, most likely first, and empty when ``abstain`` is true. ``bundle`` is
    set when the request names a life event. ``confidence`` is the model's probability of the
    first answer (or of being out of scope when abstaining), in [0, 1].

    ``referral`` names a known service outside the filing catalog (``catalog.referrals``) when
    ``abstain_reason`` is ``outside_catalog``; ``crisis`` and ``misuse`` are set with their
    reasons. ``excluded`` lists catalog services the person says are done or not wanted
    ("출생신고는 이미 했고 아동수당만"); they are never in ``services``.
    """

    services: list[str]
    bundle: str | None
    abstain: bool
    confidence: float
    slots: Slots
    lang: str
    clarification: Clarification | None = None
    abstain_reason: AbstainReason | None = None
    referral: str | None = None
    crisis: CrisisKind | None = None
    misuse: str | None = None
    excluded: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The ``minwon route --jsonl`` contract fields, ``abstain_reason``, and when set
        ``referral``, ``crisis``, ``misuse``, ``excluded``, ``slot_notes``, ``clarification``."""
        line: dict[str, Any] = {
            "services": list(self.services),
            "bundle": self.bundle,
            "abstain": self.abstain,
            "confidence": round(self.confidence, 4),
            "slots": self.slots.to_json(),
            "abstain_reason": self.abstain_reason,
        }
        optional = {"referral": self.referral, "crisis": self.crisis, "misuse": self.misuse}
        line.update({k: v for k, v in optional.items() if v is not None})
        if self.excluded:
            line["excluded"] = list(self.excluded)
        if self.slots.notes_json():
            line["slot_notes"] = self.slots.notes_json()
        if self.clarification is not None:
            line["clarification"] = self.clarification.to_json()
        return line

    @classmethod
    def abstention(
        cls,
        reason: AbstainReason,
        lang: str,
        confidence: float = 1.0,
        *,
        referral: str | None = None,
        crisis: CrisisKind | None = None,
        misuse: str | None = None,
        excluded: tuple[str, ...] = (),
    ) -> RouteResult:
        """An answer that names no service."""
        return cls(
            [],
            None,
            True,
            confidence,
            Slots(),
            lang,
            None,
            reason,
            referral,
            crisis,
            misuse,
            excluded,
        )
