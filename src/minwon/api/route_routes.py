"""``POST /v1/route``: which service or life-event bundle a request means."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from minwon.api.deps import ClockDep, LangDep
from minwon.nlu import Router

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


class RouteResponse(BaseModel):
    services: list[str]
    bundle: str | None
    abstain: bool
    confidence: float
    slots: SlotsOut
    lang: str
    abstain_reason: str | None = None
    clarification: dict[str, Any] | None = None


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
    )
