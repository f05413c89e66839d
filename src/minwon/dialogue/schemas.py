"""What the engine answers with: a structured reply a portal, a messenger or a terminal can show."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from minwon.dialogue.state import ConversationState

__all__ = ["Action", "Citation", "FormField", "QuickReply", "Reply", "ServiceInPlay", "Turn"]


class QuickReply(BaseModel):
    label: str
    value: str


class FormField(BaseModel):
    """A question being asked, with what a form needs to render it."""

    key: str
    label: str
    question: str
    type: str
    required: bool
    options: list[QuickReply] = Field(default_factory=list)


class Citation(BaseModel):
    """What backs something the reply said: a statute and article (``kind="law"``), or the
    catalog's sources for a fact such as a fee (``kind="source"``, with their ids and titles)."""

    kind: Literal["law", "source"] = "law"
    statute: str | None
    article: str | None
    summary: str
    confidence: str
    service: str | None = None
    refs: list[str] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)


class ServiceInPlay(BaseModel):
    id: str
    name: str
    included: bool
    # "in", "out" (its bundle rule says no), "pending" (not known yet), "left_out" (by the person)
    inclusion: Literal["in", "out", "pending", "left_out"] = "in"
    deadline: dt.date | None = None
    deadline_text: str | None = None
    overdue: bool = False
    eligibility: Literal["met", "not_met", "not_yet", "unknown"] = "unknown"


class Reply(BaseModel):
    text: str
    quick_replies: list[QuickReply] = Field(default_factory=list)
    form: list[FormField] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    services: list[ServiceInPlay] = Field(default_factory=list)
    bundle: str | None = None
    phase: str = "start"
    needs_auth: Literal["mfa"] | None = None


Action = Literal["none", "submit", "status"]


class Turn(BaseModel):
    """The result of one message: the new state, the reply, and what the caller must do next."""

    state: ConversationState
    reply: Reply
    action: Action = "none"
    action_target: str | None = None  # for "status": the service asked about, if any
