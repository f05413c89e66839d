"""What a conversation remembers between messages; JSON-serialisable so it persists and resumes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

__all__ = ["ConversationState", "Internal", "PendingDate", "PendingRoute", "Phase"]

Phase = Literal[
    "start",  # nothing understood yet
    "clarifying",  # a question naming candidates is open
    "proposed",  # a service or bundle was proposed; waiting for yes/no
    "members",  # a bundle's member list is shown; the person may leave some out
    "collecting",  # asking for the facts the applications need
    "confirming",  # the summary is shown; waiting for "submit"
    "submitted",
    "cancelled",
]


class PendingRoute(BaseModel):
    """A route that waits for a clarifying answer ("중구" → which 중구?)."""

    services: list[str] = Field(default_factory=list)
    bundle: str | None = None


class PendingDate(BaseModel):
    """A date whose year minwon assumed, waiting for the person's yes ("작년 12월 10일요?")."""

    key: str  # the fact it is for: "event_date" or a field's fact key
    value: str  # ISO date
    from_request: bool = False  # said in the request (not yet a fact) or given as an answer


class Internal(BaseModel):
    """The engine's own bookkeeping: never a citizen's fact, never personal data.

    It is stored in clear beside the sealed facts, so it holds dates, ids and counters only.
    """

    said_date: str | None = None  # the event date said in the request (ISO)
    said_date_approximate: bool = False  # derived from "3주 전", "40일 됐어요": an estimate
    pending_route: PendingRoute | None = None
    pending_date: PendingDate | None = None
    misunderstood: int = 0  # turns in a row that were not understood
    prefilled: list[str] = Field(default_factory=list)  # fact keys taken from the request


class ConversationState(BaseModel):
    """The whole memory of one conversation.

    ``facts`` holds the citizen's answers by fact key: a bundle-shared key (``event_date``), a
    bundle field (``moving.owns_vehicle``) or a service field (``move-in-report.reporter_rrn``),
    plus ``region`` (a 시군구 code said in passing). Values are JSON (dates as ISO strings).
    ``internal`` is the engine's bookkeeping, kept apart from the facts.
    """

    lang: Literal["ko", "en"] = "ko"
    phase: Phase = "start"
    bundle: str | None = None
    services: list[str] = Field(default_factory=list)
    excluded: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)
    skipped: list[str] = Field(default_factory=list)
    asked: str | None = None
    history: list[str] = Field(default_factory=list)
    candidates: list[dict[str, str]] = Field(default_factory=list)
    receipts: list[str] = Field(default_factory=list)
    announced: list[str] = Field(default_factory=list)  # notices already given (not repeated)
    internal: Internal = Field(default_factory=Internal)

    @model_validator(mode="before")
    @classmethod
    def _internal_keys_leave_the_facts(cls, data: Any) -> Any:
        """States saved before ``internal`` existed kept two engine keys among the facts."""
        if not isinstance(data, dict) or not isinstance(data.get("facts"), dict):
            return data
        facts = dict(data["facts"])
        said, pending = facts.pop("_said_date", None), facts.pop("_pending_route", None)
        if said is None and pending is None:
            return data
        internal = dict(data.get("internal") or {})
        internal.setdefault("said_date", said)
        if isinstance(pending, dict):
            internal.setdefault("pending_route", pending)
        return {**data, "facts": facts, "internal": internal}

    def in_play(self) -> list[str]:
        """The services that will be filed: proposed, not left out."""
        return [s for s in self.services if s not in self.excluded]
