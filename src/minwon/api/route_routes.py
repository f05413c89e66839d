"""``POST /v1/route``: which service or life-event bundle a request means."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from minwon.api.deps import ClockDep, LangDep
from minwon.catalog import Catalog
from minwon.nlu import Router, RouteResult
from minwon.nlu.misuse import misuse_reasons

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["understanding"])

MAX_TEXT = 20_000  # well above the 10,000 characters a pasted letter may have


class RouteRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not ignored

    text: Annotated[str, Field(max_length=MAX_TEXT, description="What the person typed")]
    lang: Literal["ko", "en"] | None = Field(default=None, description="Reply language")
    today: dt.date | None = Field(
        default=None, description="Resolve relative dates against this day"
    )


class SlotsOut(BaseModel):
    date: dt.date | None
    region: str | None


class ReferralOut(BaseModel):
    """A real service minwon does not file, and where to get it."""

    id: str
    name: str
    where: str
    url: str | None = None


class HelpLineOut(BaseModel):
    """A number to call now when a life is at risk."""

    number: str
    name: str
    description: str
    hours: str


class MisuseOut(BaseModel):
    """A request to misuse a service, refused, and why."""

    id: str
    explanation: str


class RouteResponse(BaseModel):
    services: list[str]
    bundle: str | None
    abstain: bool
    confidence: float
    slots: SlotsOut
    lang: str
    abstain_reason: str | None = None
    clarification: dict[str, Any] | None = None
    # Added in December 2026; absent or empty when they do not apply.
    excluded: list[str] = Field(default_factory=list, description="Services said to be done")
    referral: ReferralOut | None = Field(default=None, description="Where to go instead")
    crisis: Literal["suicide", "violence", "emergency"] | None = Field(
        default=None, description="A danger to life: show help_lines before anything else"
    )
    help_lines: list[HelpLineOut] = Field(default_factory=list)
    misuse: MisuseOut | None = None


@router.post("/route", response_model=RouteResponse, summary="Understand a request")
def route_request(
    body: RouteRequest, request: Request, clock: ClockDep, lang: LangDep, response: Response
) -> RouteResponse:
    """Rank the services a request means, name its life event, or abstain when out of scope."""
    nlu: Router = request.app.state.router
    text = unicodedata.normalize("NFC", body.text)
    result = nlu.route(text, today=body.today or clock.today(), lang=body.lang)
    payload = result.to_json()
    response.headers["Content-Language"] = body.lang or result.lang or lang
    return RouteResponse(
        services=payload["services"],
        bundle=payload["bundle"],
        abstain=payload["abstain"],
        confidence=payload["confidence"],
        slots=SlotsOut(**payload["slots"]),
        lang=result.lang,
        abstain_reason=result.abstain_reason,
        clarification=payload.get("clarification"),
        excluded=list(result.excluded),
        **_guidance(request.app.state.catalog, result, body.lang or result.lang),
    )


def _guidance(catalog: Catalog, result: RouteResult, lang: str) -> dict[str, Any]:
    """Where to go for a referral, the numbers to call in a crisis, why a misuse is refused."""
    out: dict[str, Any] = {}
    referral = catalog.referrals.get(result.referral) if result.referral else None
    if referral is not None:
        out["referral"] = ReferralOut(
            id=referral.id,
            name=referral.name.get(lang),
            where=referral.where.get(lang),
            url=referral.url,
        )
    if result.crisis is not None:
        out["crisis"] = result.crisis
        out["help_lines"] = [
            HelpLineOut(
                number=line.number,
                name=line.name.get(lang),
                description=line.description.get(lang),
                hours=line.hours.get(lang),
            )
            for line in catalog.helplines_for(result.crisis)
        ]
    reason = misuse_reasons().get(result.misuse) if result.misuse else None
    if reason is not None and result.misuse is not None:
        out["misuse"] = MisuseOut(id=result.misuse, explanation=reason.explanation(lang))
    return out
