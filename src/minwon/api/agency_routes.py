"""``/v1/agencies/{agency}/events``: agencies' signed status callbacks (Standard Webhooks)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from minwon.dispatch import AgencyDirectory
from minwon.dispatch.callbacks import AgencyCallbacks
from minwon.gateway import Gateway

__all__ = ["agency_directory", "router"]

router = APIRouter(prefix="/v1/agencies", tags=["agencies"])
MAX_BODY = 64 * 1024
AgencyPath = Annotated[str, Path(max_length=80, pattern=r"^[a-z][a-z0-9-]{1,79}$")]


class EventAccepted(BaseModel):
    application_id: str
    receipt_no: str
    status: str


def agency_directory(gateway: Gateway) -> AgencyDirectory:
    """The catalog's agencies for this environment."""
    settings = gateway.settings
    return AgencyDirectory(gateway.catalog, settings.environment, settings.agency_url_override)


@router.post(
    "/{agency}/events",
    response_model=EventAccepted,
    summary="An agency reports a status change (signed callback)",
    responses={401: {"description": "Bad signature, stale timestamp or replayed webhook-id"}},
)
async def agency_event(agency: AgencyPath, request: Request) -> EventAccepted:
    """Signed with the agency's key per the Standard Webhooks specification."""
    gateway: Gateway = request.app.state.gateway
    body = (await request.body())[: MAX_BODY + 1]
    callbacks = AgencyCallbacks(gateway.factory, agency_directory(gateway), gateway.clock)
    headers = {k: v for k, v in request.headers.items() if k.startswith("webhook-")}
    applied = await run_in_threadpool(callbacks.receive, agency, body, headers)
    return EventAccepted(
        application_id=applied.application_id, receipt_no=applied.receipt_no, status=applied.status
    )
