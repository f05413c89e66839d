"""HTML pages: the catalog in the person's language, readable without JavaScript."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import HTMLResponse

from minwon.catalog.views import bundle_view, service_summary, service_view
from minwon.web.rendering import choose_lang, render_page

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    lang: Annotated[str | None, Query()] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> HTMLResponse:
    chosen = choose_lang(lang, accept_language)
    catalog = request.app.state.catalog
    services = [service_summary(catalog, s, chosen) for s in catalog.services.values()]
    bundles = [bundle_view(catalog, b, chosen) for b in catalog.bundles.values()]
    context = {"services": services, "bundles": bundles, "version": catalog.fingerprint}
    return render_page(request, "index.html", chosen, context)


@router.get("/services/{service_id}", response_class=HTMLResponse)
def service_page(
    request: Request,
    service_id: str,
    lang: Annotated[str | None, Query()] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> HTMLResponse:
    chosen = choose_lang(lang, accept_language)
    catalog = request.app.state.catalog
    view = service_view(
        catalog, catalog.service(service_id), chosen, request.app.state.clock.today()
    )
    context = {"s": view, "version": catalog.fingerprint}
    return render_page(request, "service.html", chosen, context)
