"""What the engine answers with: a structured reply a portal, a messenger or a terminal can show."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from minwon.dialogue.state import ConversationState

__all__ = [
    "Action",
    "Citation",
    "FormField",
    "HelpLine",
    "QuickReply",
    "ReferralInfo",
    "Reply",
    "ReplyKind",
    "ServiceInPlay",
    "SummaryItem",
    "Turn",
]


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
    example: str | None = None  # an answer the field's own validator accepts


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
    deadline_basis: str | None = None  # "주민등록법 제16조 제1항", or the guideline's name
    overdue: bool = False
    days_late: int | None = None
    eligibility: Literal["met", "not_met", "not_yet", "unknown"] = "unknown"


class SummaryItem(BaseModel):
    """One answer on the summary ("check your answers"), with the key to change it."""

    key: str
    label: str
    value: str  # as shown: sensitive values masked


class HelpLine(BaseModel):
    """A number to call when someone's life or safety is at risk."""

    number: str
    name: str
    description: str
    hours: str


class ReferralInfo(BaseModel):
    """A service minwon does not file, and where the person can get it."""

    id: str
    name: str
    description: str
    where: str
    url: str | None = None
    legal: str | None = None


ReplyKind = Literal[
    "greeting",
    "proposal",
    "clarification",
    "question",
    "members",
    "summary",
    "submitted",
    "cancelled",
    "status",
    "side",
    "refusal",
    "referral",
    "crisis",
    "handover",
    "notice",
]


class Reply(BaseModel):
    text: str
    kind: ReplyKind = "notice"
    quick_replies: list[QuickReply] = Field(default_factory=list)
    form: list[FormField] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    services: list[ServiceInPlay] = Field(default_factory=list)
    summary: list[SummaryItem] = Field(default_factory=list)
    help_lines: list[HelpLine] = Field(default_factory=list)
    referral: ReferralInfo | None = None
    bundle: str | None = None
    phase: str = "start"
    needs_auth: Literal["mfa"] | None = None


Action = Literal["none", "submit", "status", "handover"]


class Turn(BaseModel):
    """The result of one message: the new state, the reply, and what the caller must do next."""

    state: ConversationState
    reply: Reply
    action: Action = "none"
    action_target: str | None = None  # for "status": the service asked about, if any
    about: str | None = None  # for "status": someone else the person asked about ("mother")
