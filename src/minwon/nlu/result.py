"""What the router answers: ranked services, a bundle, slots, or an abstention."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

__all__ = ["AbstainReason", "Candidate", "Clarification", "RouteResult", "Slots"]

AbstainReason = Literal["empty", "out_of_scope", "unsafe"]
CandidateKind = Literal["service", "bundle", "region"]


@dataclass(frozen=True, slots=True)
class Slots:
    """Facts stated in the request: the life event's date and the 시군구 code of the place."""

    date: date | None = None
    region: str | None = None

    def to_json(self) -> dict[str, str | None]:
        """``{"date": ISO or None, "region": code or None}``."""
        return {"date": self.date.isoformat() if self.date else None, "region": self.region}


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
    """

    services: list[str]
    bundle: str | None
    abstain: bool
    confidence: float
    slots: Slots
    lang: str
    clarification: Clarification | None = None
    abstain_reason: AbstainReason | None = None

    def to_json(self) -> dict[str, Any]:
        """The fields of the ``minwon route --jsonl`` contract, plus ``clarification``."""
        line: dict[str, Any] = {
            "services": list(self.services),
            "bundle": self.bundle,
            "abstain": self.abstain,
            "confidence": round(self.confidence, 4),
            "slots": self.slots.to_json(),
        }
        if self.clarification is not None:
            line["clarification"] = self.clarification.to_json()
        return line

    @classmethod
    def abstention(cls, reason: AbstainReason, lang: str, confidence: float = 1.0) -> RouteResult:
        """An answer that names no service."""
        return cls([], None, True, confidence, Slots(), lang, None, reason)
