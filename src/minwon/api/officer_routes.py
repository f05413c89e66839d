"""``/v1/officer``: the back office, API first. Every route needs an officer at MFA level."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from minwon.actors import Actor
from minwon.api.actor_deps import ActorDep
from minwon.api.application_routes import ApplicationOut, application_out
from minwon.api.deps import LangDep
from minwon.applications.errors import ApplicationNotFoundError
from minwon.applications.models import Application
from minwon.applications.service import (
    claim_application,
    decide_application,
    get_application,
    officer_queue,
    read_personal_data,
)
from minwon.db import session_scope
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


class PersonalDataOut(BaseModel):
    application_id: str
    facts: dict[str, Any]


def _gateway(request: Request) -> Gateway:
    gateway: Gateway = request.app.state.gateway
    return gateway


@router.get("/queue", response_model=list[ApplicationOut], summary="Applications of my agencies")
def queue(
    request: Request,
    actor: ActorDep,
    lang: LangDep,
    status: Annotated[str | None, Query(pattern="^[a-z_]{1,32}$")] = None,
) -> list[ApplicationOut]:
    gateway = _gateway(request)
    with session_scope(gateway.factory) as session:
        return [
            application_out(gateway, a, lang)
            for a in officer_queue(session, actor=actor, status=status)
        ]


@router.get(
    "/applications/{application_id}", response_model=ApplicationOut, summary="One application"
)
def view(
    application_id: IdPath, request: Request, actor: ActorDep, lang: LangDep
) -> ApplicationOut:
    """Without personal data: revealing it is a separate, recorded act with a reason."""
    gateway = _gateway(request)
    with session_scope(gateway.factory) as session:
        return application_out(gateway, _officer_view(session, actor, application_id), lang)


def _officer_view(session: Session, actor: Actor, application_id: str) -> Application:
    if actor.kind != "officer":
        raise ApplicationNotFoundError(application_id)  # the back office is for officers only
    return get_application(session, actor=actor, application_id=application_id)


@router.post("/applications/{application_id}/claim", response_model=ApplicationOut, summary="Claim")
def claim(
    application_id: IdPath, request: Request, actor: ActorDep, lang: LangDep
) -> ApplicationOut:
    gateway = _gateway(request)
    with session_scope(gateway.factory) as session:
        application = claim_application(
            session, actor=actor, application_id=application_id, now=gateway.clock.now()
        )
        return application_out(gateway, application, lang)


@router.post(
    "/applications/{application_id}/personal-data",
    response_model=PersonalDataOut,
    summary="Reveal personal data, with a reason (recorded)",
)
def reveal(
    application_id: IdPath, body: RevealRequest, request: Request, actor: ActorDep
) -> PersonalDataOut:
    gateway = _gateway(request)
    with session_scope(gateway.factory) as session:
        _officer_view(session, actor, application_id)
        facts = read_personal_data(
            session,
            actor=actor,
            application_id=application_id,
            sealer=gateway.sealer,
            reason=body.reason,
            now=gateway.clock.now(),
        )
    return PersonalDataOut(application_id=application_id, facts=facts)


@router.post(
    "/applications/{application_id}/decision", response_model=ApplicationOut, summary="Decide"
)
def decide(
    application_id: IdPath, body: DecisionRequest, request: Request, actor: ActorDep, lang: LangDep
) -> ApplicationOut:
    """Review, request a supplement, approve, reject or complete (with a reason where needed)."""
    gateway = _gateway(request)
    with session_scope(gateway.factory) as session:
        application = decide_application(
            session,
            actor=actor,
            application_id=application_id,
            target=body.status,
            reason=body.reason,
            now=gateway.clock.now(),
            due=body.due,
        )
        return application_out(gateway, application, lang)
