"""``/v1/services`` and ``/v1/bundles``: the catalog, in Korean or English."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel

from minwon.api.deps import AsOfDep, CatalogDep, LangDep
from minwon.catalog.views import (
    BundleView,
    ServiceSummary,
    ServiceView,
    bundle_view,
    service_summary,
    service_view,
)

__all__ = ["router"]

router = APIRouter(prefix="/v1", tags=["catalog"])
IdPath = Annotated[str, Path(max_length=80, description="e.g. move-in-report")]
Kind = Literal["report", "certificate", "benefit", "registration", "inquiry"]


class ServiceList(BaseModel):
    lang: str
    catalog_version: str
    count: int
    items: list[ServiceSummary]


class BundleSummary(BaseModel):
    id: str
    name: str
    description: str
    members: list[str]


class BundleList(BaseModel):
    lang: str
    catalog_version: str
    count: int
    items: list[BundleSummary]


@router.get("/services", response_model=ServiceList, summary="List services")
def list_services(
    catalog: CatalogDep,
    lang: LangDep,
    response: Response,
    kind: Annotated[Kind | None, Query(description="Only services of this kind")] = None,
) -> ServiceList:
    response.headers["Content-Language"] = lang
    items = [
        service_summary(catalog, s, lang)
        for s in catalog.services.values()
        if kind in (None, s.kind)
    ]
    return ServiceList(
        lang=lang, catalog_version=catalog.fingerprint, count=len(items), items=items
    )


@router.get("/services/{service_id}", response_model=ServiceView, summary="One service")
def get_service(
    service_id: IdPath, catalog: CatalogDep, lang: LangDep, on: AsOfDep, response: Response
) -> ServiceView:
    response.headers["Content-Language"] = lang
    return service_view(catalog, catalog.service(service_id), lang, on)


@router.get("/bundles", response_model=BundleList, summary="List life-event bundles")
def list_bundles(catalog: CatalogDep, lang: LangDep, response: Response) -> BundleList:
    response.headers["Content-Language"] = lang
    items = [
        BundleSummary(
            id=b.id,
            name=b.name.get(lang),
            description=b.description.get(lang),
            members=[m.service for m in b.members],
        )
        for b in catalog.bundles.values()
    ]
    return BundleList(lang=lang, catalog_version=catalog.fingerprint, count=len(items), items=items)


@router.get("/bundles/{bundle_id}", response_model=BundleView, summary="One bundle")
def get_bundle(
    bundle_id: IdPath, catalog: CatalogDep, lang: LangDep, response: Response
) -> BundleView:
    response.headers["Content-Language"] = lang
    return bundle_view(catalog, catalog.bundle(bundle_id), lang)
