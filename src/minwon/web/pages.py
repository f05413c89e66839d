"""HTML pages: the catalog in the person's language, readable without JavaScript."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from minwon.api.i18n import SUPPORTED, Lang, negotiate_language
from minwon.catalog.views import bundle_view, service_summary, service_view
from minwon.web.texts import TEXTS

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(str(resources.files("minwon.web"))) / "templates"))


def _lang(lang: str | None, accept_language: str | None) -> Lang:
    return negotiate_language(lang if lang in SUPPORTED else None, accept_language)


@router.get("/", response_class=HTMLResponse)
def index(
    request: Request,
    lang: Annotated[str | None, Query()] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> HTMLResponse:
    chosen = _lang(lang, accept_language)
    catalog = request.app.state.catalog
    services = [service_summary(catalog, s, chosen) for s in catalog.services.values()]
    bundles = [bundle_view(catalog, b, chosen) for b in catalog.bundles.values()]
    context = {
        "lang": chosen,
        "t": TEXTS[chosen],
        "services": services,
        "bundles": bundles,
        "version": catalog.fingerprint,
    }
    return templates.TemplateResponse(
        request, "index.html", context, headers={"Content-Language": chosen}
    )


@router.get("/services/{service_id}", response_class=HTMLResponse)
def service_page(
    request: Request,
    service_id: str,
    lang: Annotated[str | None, Query()] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> HTMLResponse:
    chosen = _lang(lang, accept_language)
    catalog = request.app.state.catalog
    view = service_view(
        catalog, catalog.service(service_id), chosen, request.app.state.clock.today()
    )
    context = {"lang": chosen, "t": TEXTS[chosen], "s": view, "version": catalog.fingerprint}
    return templates.TemplateResponse(
        request, "service.html", context, headers={"Content-Language": chosen}
    )
