"""``/v1/officer``: the back office, API first. Every route needs an officer at MFA level."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from minwon.api.actor_deps import ActorDep
from minwon.api.application_routes import ApplicationOut, application_out
from minwon.api.deps import LangDep
from minwon.applications.schemas import ApplicationView
from minwon.applications.service import BackOffice
from minwon.gateway import Gateway

__all__ = ["router"]

router = APIRouter(prefix="/v1/officer", tags=["back office"])
IdPath = Annotated[str, Path(max_length=36)]
Reason = Annotated[str, Field(min_length=1, max_length=1000)]


class RevealRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not ignored

    reason: Reason = Field(
        description="Why the personal data is needed; recorded and shown to the citizen"
    )


class DecisionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not ignored

    status: Literal["in_review", "supplement_requested", "approved", "rejected", "completed"]
    reason: Annotated[str | None, Field(max_length=1000)] = None
    due: dt.date | None = Field(default=None, description="For a supplement request: by when")


class ReleaseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not ignored

    reason: Annotated[
        str | None,
        Field(max_length=1000, description="Why the work is handed over (recorded, optional)"),
    ] = None


class OfficerApplicationOut(ApplicationOut):
    """The application as an officer sees it: also who is handling it."""

    claimed_by: str | None = Field(description="The officer holding the claim, if any")


class PersonalDataOut(BaseModel):
    application_id: str
    facts: dict[str, Any]


def _gateway(request: Request) -> Gateway:
    gateway: Gateway = request.app.state.gateway
    return gateway


def _back_office(request: Request) -> BackOffice:
    gateway = _gateway(request)
    return BackOffice(db=gateway.factory, sealer=gateway.sealer, clock=gateway.clock)


BackOfficeDep = Annotated[BackOffice, Depends(_back_office)]


def _out(request: Request, application: ApplicationView, lang: str) -> OfficerApplicationOut:
    shown = application_out(_gateway(request), application, lang)
    return OfficerApplicationOut(**shown.model_dump(), claimed_by=application.claimed_by)


@router.get(
    "/queue", response_model=list[OfficerApplicationOut], summary="Applications of my agencies"
)
def queue(
    request: Request,
    actor: ActorDep,
    lang: LangDep,
    office: BackOfficeDep,
    status: Annotated[str | None, Query(pattern="^[a-z_]{1,32}$")] = None,
) -> list[OfficerApplicationOut]:
    return [_out(request, a, lang) for a in office.queue(actor, status=status)]


@router.get(
    "/applications/{application_id}",
    response_model=OfficerApplicationOut,
    summary="One application",
)
def view(
    application_id: IdPath, request: Request, actor: ActorDep, lang: LangDep, office: BackOfficeDep
) -> OfficerApplicationOut:
    """Without personal data: revealing it is a separate, recorded act with a reason."""
    return _out(request, office.show(actor, application_id), lang)


@router.post(
    "/applications/{application_id}/claim",
    response_model=OfficerApplicationOut,
    summary="Claim (take over handling)",
)
def claim(
    application_id: IdPath, request: Request, actor: ActorDep, lang: LangDep, office: BackOfficeDep
) -> OfficerApplicationOut:
    """Only a free application: one another officer holds is 409 ``already-claimed``."""
    return _out(request, office.claim(actor, application_id), lang)


@router.post(
    "/applications/{application_id}/release",
    response_model=OfficerApplicationOut,
    summary="Release my claim (hand over)",
)
def release(
    application_id: IdPath,
    request: Request,
    actor: ActorDep,
    lang: LangDep,
    office: BackOfficeDep,
    body: ReleaseRequest | None = None,
) -> OfficerApplicationOut:
    """Give up my claim so a colleague can claim it; an optional reason is recorded."""
    reason = body.reason if body is not None else None
    return _out(request, office.release(actor, application_id, reason=reason), lang)


@router.post(
    "/applications/{application_id}/personal-data",
    response_model=PersonalDataOut,
    summary="Reveal personal data, with a reason (recorded)",
)
def reveal(
    application_id: IdPath, body: RevealRequest, actor: ActorDep, office: BackOfficeDep
) -> PersonalDataOut:
    facts = office.reveal(actor, application_id, reason=body.reason)
    return PersonalDataOut(application_id=application_id, facts=facts)


@router.post(
    "/applications/{application_id}/decision",
    response_model=OfficerApplicationOut,
    summary="Decide",
)
def decide(
    application_id: IdPath,
    body: DecisionRequest,
    request: Request,
    actor: ActorDep,
    lang: LangDep,
    office: BackOfficeDep,
) -> OfficerApplicationOut:
    """Review, request a supplement, approve, reject or complete (with a reason where needed)."""
    application = office.decide(
        actor, application_id, target=body.status, reason=body.reason, due=body.due
    )
    return _out(request, application, lang)
