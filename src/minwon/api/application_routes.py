"""``/v1/applications``, ``/v1/me/access-log``: my applications, and who saw my data."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from minwon.api.actor_deps import ActorDep
from minwon.api.deps import LangDep
from minwon.api.partner_deps import RequireScope
from minwon.applications.schemas import ApplicationView
from minwon.applications.service import Applications
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
    delivery: str | None = Field(
        default=None,
        description='"queued" while the agency\'s system cannot take it yet (it is delivered '
        'automatically), "delivered", or "rejected" by the agency\'s system',
    )


class AccessOut(BaseModel):
    at: dt.datetime
    actor: str
    action: str
    target: str | None
    reason: str | None


def _gateway(request: Request) -> Gateway:
    gateway: Gateway = request.app.state.gateway
    return gateway


def _applications(request: Request) -> Applications:
    gateway = _gateway(request)
    return Applications(db=gateway.factory, sealer=gateway.sealer, clock=gateway.clock)


ApplicationsDep = Annotated[Applications, Depends(_applications)]


def application_out(gateway: Gateway, application: ApplicationView, lang: str) -> ApplicationOut:
    """The application as the API shows it (no personal data unless it was read on purpose)."""
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
        history=[StepOut(status=s.status, at=s.at, reason=s.reason) for s in application.history],
        personal_data=application.personal_data,
        delivery=application.delivery,
    )


@router.get(
    "/applications",
    response_model=list[ApplicationOut],
    summary="My applications",
    dependencies=[Depends(RequireScope("applications:read"))],
)
def my_applications(
    request: Request, actor: ActorDep, lang: LangDep, applications: ApplicationsDep
) -> list[ApplicationOut]:
    gateway = _gateway(request)
    return [application_out(gateway, a, lang) for a in applications.list_mine(actor)]


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
    applications: ApplicationsDep,
    include: Annotated[str | None, Query(pattern="^personal_data$")] = None,
) -> ApplicationOut:
    """Someone else's application is "not found". Personal data needs a fresh second factor."""
    application = applications.show(
        actor, application_id, with_personal_data=include == "personal_data"
    )
    return application_out(_gateway(request), application, lang)


@router.get(
    "/me/access-log", response_model=list[AccessOut], summary="Who accessed my data, and why"
)
def my_access_log(
    actor: ActorDep,
    applications: ApplicationsDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[AccessOut]:
    """Every recorded access to my data; not available under a delegation."""
    return [
        AccessOut(at=e.at, actor=e.actor, action=e.action, target=e.target, reason=e.reason)
        for e in applications.access_log(actor, limit=limit)
    ]
