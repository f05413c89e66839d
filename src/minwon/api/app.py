"""The ASGI application factory."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

from minwon.api import (
    account_routes,
    agency_routes,
    application_routes,
    catalog_routes,
    conversation_routes,
    delegation_routes,
    health_routes,
    identity_routes,
    officer_routes,
    partner_routes,
    route_routes,
)
from minwon.api.problems import install_problem_handlers
from minwon.catalog import Catalog
from minwon.clock import Clock
from minwon.config import Settings
from minwon.gateway import build_gateway
from minwon.nlu import Router
from minwon.web import pages, portal
from minwon.web.rendering import STATIC_DIR

__all__ = ["create_app"]

DESCRIPTION = """
minwon: every Korean administrative service (민원) in one place, in plain language.

Answers come in Korean or English (`?lang=ko|en` or `Accept-Language`).
Errors are RFC 9457 `application/problem+json`.
"""


def create_app(
    settings: Settings,
    *,
    catalog: Catalog | None = None,
    engine: Engine | None = None,
    clock: Clock | None = None,
    router: Router | None = None,
) -> FastAPI:
    """Build the app. An invalid catalog raises :class:`CatalogError`: the server never starts."""
    gateway = build_gateway(settings, catalog=catalog, engine=engine, clock=clock, router=router)
    app = FastAPI(title="minwon", version="0.1.0", description=DESCRIPTION)
    app.state.gateway = gateway
    app.state.settings = settings
    app.state.catalog = gateway.catalog
    app.state.engine = gateway.db
    app.state.session_factory = gateway.factory
    app.state.clock = gateway.clock
    app.state.router = gateway.router
    install_problem_handlers(app)
    identity_routes.install_identity(app)
    partner_routes.install_partners(app)
    for module in (
        health_routes,
        catalog_routes,
        route_routes,
        conversation_routes,
        application_routes,
        officer_routes,
        delegation_routes,
        account_routes,
        partner_routes,
        agency_routes,
    ):
        app.include_router(module.router)
    app.include_router(pages.router)
    app.include_router(portal.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
