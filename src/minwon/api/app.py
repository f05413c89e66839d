"""The ASGI application factory."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine

from minwon.api import catalog_routes, health_routes, identity_routes, route_routes
from minwon.api.problems import install_problem_handlers
from minwon.catalog import Catalog, load_catalog
from minwon.clock import Clock, SystemClock
from minwon.config import Settings
from minwon.db import create_db_engine, make_session_factory
from minwon.nlu import Router
from minwon.web import pages

__all__ = ["create_app"]

DESCRIPTION = """
minwon: every Korean administrative service (민원) in one place, in plain language.

The catalog endpoints answer in Korean or English (`?lang=ko|en` or `Accept-Language`).
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
    catalog = catalog or load_catalog(settings.catalog_dir)
    engine = engine or create_db_engine(settings.database_url)
    app = FastAPI(title="minwon", version="0.1.0", description=DESCRIPTION)
    app.state.settings = settings
    app.state.catalog = catalog
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.clock = clock or SystemClock()
    app.state.router = router or Router.from_catalog(catalog)
    install_problem_handlers(app)
    identity_routes.install_identity(app)
    app.include_router(health_routes.router)
    app.include_router(catalog_routes.router)
    app.include_router(route_routes.router)
    app.include_router(pages.router)
    return app
