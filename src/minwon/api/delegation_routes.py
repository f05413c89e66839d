"""``/v1/me/delegations`` and ``/v1/officer/delegations``: acting for a family member.

A citizen grants (MFA), lists (both directions) and revokes delegations; an officer records
one from a paper power of attorney. Acting under one is the ``X-On-Behalf-Of`` header
(:mod:`minwon.api.delegation_deps`). Errors become problems in ``identity_routes``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, status
from pydantic import BaseModel, ConfigDict, Field

from minwon import identity as idn
from minwon.api.auth_deps import IdentityRuntimeDep, RequireMFA, RequireSignedIn
from minwon.api.deps import CatalogDep, LangDep
from minwon.api.identity_routes import no_store
from minwon.catalog import Catalog

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["delegations"], dependencies=[Depends(no_store)])
IdPath = Annotated[str, Path(max_length=64)]
ServiceId = Annotated[str, Field(min_length=1, max_length=80)]
Email = Annotated[str, Field(min_length=3, max_length=254)]


class TermsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not ignored

    services: list[ServiceId] = Field(
        min_length=1, max_length=idn.MAX_DELEGATED_SERVICES, description="Catalog service ids"
    )
    starts_on: dt.date | None = Field(default=None, description="Korean date; today if left out")
    ends_on: dt.date = Field(description="Korean date, inclusive")

    def terms(self, today: dt.date) -> idn.DelegationTerms:
        """The domain terms, starting today unless the request says otherwise."""
        return idn.DelegationTerms(tuple(self.services), self.starts_on or today, self.ends_on)


class GrantIn(TermsIn):
    grantee_email: Email = Field(description="The citizen account that will act for you")


class PaperIn(TermsIn):
    grantor_email: Email = Field(description="The represented person's account")
    grantee_email: Email = Field(description="The representative's account")
    document_ref: str = Field(
        min_length=1, max_length=80, description="Reference number of the paper document"
    )
    reason: str = Field(min_length=1, max_length=1000, description="Recorded in the audit log")


class PartyOut(BaseModel):
    account_id: str
    display_name: str


class ServiceOut(BaseModel):
    id: str
    name: str


class DelegationOut(BaseModel):
    id: str
    direction: str = Field(description="granted: you are represented; received: you act")
    grantor: PartyOut
    grantee: PartyOut
    services: list[ServiceOut]
    starts_on: dt.date
    ends_on: dt.date
    status: str = Field(description="scheduled, active, ended or revoked")
    recorded_by: str = Field(description="citizen (online) or officer (paper power of attorney)")
    document_ref: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None


def _party(party: idn.Party) -> PartyOut:
    return PartyOut(account_id=party.account_id, display_name=party.display_name)


def _out(view: idn.DelegationView, catalog: Catalog, lang: str) -> DelegationOut:
    def service(service_id: str) -> ServiceOut:
        entry = catalog.services.get(service_id)
        return ServiceOut(id=service_id, name=entry.name.get(lang) if entry else service_id)

    return DelegationOut(
        id=view.id,
        direction=view.direction,
        grantor=_party(view.grantor),
        grantee=_party(view.grantee),
        services=[service(s) for s in view.services],
        starts_on=view.starts_on,
        ends_on=view.ends_on,
        status=view.status,
        recorded_by=view.recorded_by,
        document_ref=view.document_ref,
        created_at=view.created_at,
        revoked_at=view.revoked_at,
    )


@router.post(
    "/me/delegations",
    status_code=status.HTTP_201_CREATED,
    summary="Let someone act for me (needs a fresh second factor)",
)
def grant(
    body: GrantIn, ctx: RequireMFA, rt: IdentityRuntimeDep, catalog: CatalogDep, lang: LangDep
) -> DelegationOut:
    view = idn.grant_delegation(
        rt,
        ctx,
        grantee_email=body.grantee_email,
        terms=body.terms(rt.clock.today()),
        valid_services=frozenset(catalog.services),
    )
    return _out(view, catalog, lang)


@router.get("/me/delegations", summary="Delegations I granted and received")
def my_delegations(
    ctx: RequireSignedIn, rt: IdentityRuntimeDep, catalog: CatalogDep, lang: LangDep
) -> list[DelegationOut]:
    return [_out(v, catalog, lang) for v in idn.list_delegations(rt, ctx)]


@router.delete(
    "/me/delegations/{delegation_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a delegation (either party)",
)
def revoke(delegation_id: IdPath, ctx: RequireSignedIn, rt: IdentityRuntimeDep) -> Response:
    idn.revoke_delegation(rt, ctx, delegation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/officer/delegations",
    status_code=status.HTTP_201_CREATED,
    summary="Record a delegation from a paper power of attorney (officer, MFA)",
)
def record_paper(
    body: PaperIn,
    ctx: RequireMFA,
    rt: IdentityRuntimeDep,
    catalog: CatalogDep,
    lang: LangDep,
) -> DelegationOut:
    paper = idn.PaperPowerOfAttorney(
        grantor_email=body.grantor_email,
        grantee_email=body.grantee_email,
        document_ref=body.document_ref,
        reason=body.reason,
    )
    view = idn.record_paper_delegation(
        rt, ctx, paper, body.terms(rt.clock.today()), valid_services=frozenset(catalog.services)
    )
    return _out(view, catalog, lang)
