"""What a conversation remembers between messages; JSON-serialisable so it persists and resumes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = ["ConversationState", "Phase"]

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


class ConversationState(BaseModel):
    """The whole memory of one conversation.

    ``facts`` holds answers by fact key: a bundle-shared key (``event_date``), a bundle field
    (``moving.owns_vehicle``) or a service field (``move-in-report.reporter_rrn``), plus
    ``region`` (a 시군구 code said in passing). Values are JSON (dates as ISO strings).
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

    def in_play(self) -> list[str]:
        """The services that will be filed: proposed, not left out."""
        return [s for s in self.services if s not in self.excluded]
