"""``/v1/applications``, ``/v1/me/access-log``: my applications, and who saw my data."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel

from minwon.api.actor_deps import ActorDep
from minwon.api.deps import LangDep
from minwon.api.partner_deps import RequireScope
from minwon.api.problems import ProblemError
from minwon.applications.models import Application
from minwon.applications.service import (
    AuthenticationRequiredError,
    get_application,
    list_applications,
    read_personal_data,
)
from minwon.audit import events_about
from minwon.db import session_scope
from minwon.gateway import Gateway

__all__ = ["ApplicationOut", "application_out", "router"]

router = APIRouter(prefix="/v1", tags=["applications"])
IdPath = Annotated[str, Path(max_length=36)]


class StepOut(BaseModel):
    status: str
    at: dt.datetime
    reason: str | None


class ApplicationOut(BaseModel):
    id: str
    receipt_no: str
    service_id: str
    service_name: str
    bundle_id: str | None
    status: str
    deadline: dt.date | None
    status_due: dt.date | None
    submitted_at: dt.datetime
    updated_at: dt.datetime
    catalog_version: str
    history: list[StepOut]
    personal_data: dict[str, Any] | None = None


class AccessOut(BaseModel):
    at: dt.datetime
    actor: str
    action: str
    target: str | None
    reason: str | None


def _gateway(request: Request) -> Gateway:
    gateway: Gateway = request.app.state.gateway
    return gateway


def application_out(gateway: Gateway, application: Application, lang: str) -> ApplicationOut:
    """The application as the API shows it (no personal data unless added on purpose)."""
    service = gateway.catalog.services.get(application.service_id)
    return ApplicationOut(
        id=application.id,
        receipt_no=application.receipt_no,
        service_id=application.service_id,
        service_name=service.name.get(lang) if service else application.service_id,
        bundle_id=application.bundle_id,
        status=application.status,
        deadline=application.deadline,
        status_due=application.status_due,
        submitted_at=application.submitted_at,
        updated_at=application.updated_at,
        catalog_version=application.catalog_version,
        history=[StepOut(status=e.to_status, at=e.at, reason=e.reason) for e in application.events],
    )


@router.get(
    "/applications",
    response_model=list[ApplicationOut],
    summary="My applications",
    dependencies=[Depends(RequireScope("applications:read"))],
)
def my_applications(request: Request, actor: ActorDep, lang: LangDep) -> list[ApplicationOut]:
    gateway = _gateway(request)
    with session_scope(gateway.factory) as session:
        return [application_out(gateway, a, lang) for a in list_applications(session, actor=actor)]


@router.get(
    "/applications/{application_id}",
    response_model=ApplicationOut,
    summary="One application",
    dependencies=[Depends(RequireScope("applications:read"))],
)
def my_application(
    application_id: IdPath,
    request: Request,
    actor: ActorDep,
    lang: LangDep,
    include: Annotated[str | None, Query(pattern="^personal_data$")] = None,
) -> ApplicationOut:
    """Someone else's application is "not found". Personal data needs a fresh second factor."""
    gateway = _gateway(request)
    with session_scope(gateway.factory) as session:
        application = get_application(session, actor=actor, application_id=application_id)
        out = application_out(gateway, application, lang)
        if include == "personal_data":
            out.personal_data = read_personal_data(
                session,
                actor=actor,
                application_id=application_id,
                sealer=gateway.sealer,
                reason=None,
                now=gateway.clock.now(),
            )
    return out


@router.get(
    "/me/access-log", response_model=list[AccessOut], summary="Who accessed my data, and why"
)
def my_access_log(
    request: Request, actor: ActorDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[AccessOut]:
    gateway = _gateway(request)
    if actor.kind != "citizen" or not actor.has_level("signed_in"):
        raise AuthenticationRequiredError("signed_in")
    if actor.on_behalf_of is not None:
        # A representative files and follows applications; the access log stays the person's own.
        raise ProblemError(403, "own-access-log-only")
    with session_scope(gateway.factory) as session:
        events = events_about(session, f"citizen:{actor.subject_id}", limit=limit)
        return [
            AccessOut(
                at=e.occurred_at, actor=e.actor, action=e.action, target=e.target, reason=e.reason
            )
            for e in events
        ]
