"""``minwon serve``: the start-up sequence of the gateway."""

from __future__ import annotations

import typer
import uvicorn
from sqlalchemy import Engine

from minwon.api import create_app
from minwon.catalog import Catalog, CatalogError, load_catalog
from minwon.catalogdb import record_catalog_version
from minwon.cli.background import BackgroundWork
from minwon.cli.demo import seed_demo
from minwon.clock import Clock, SystemClock
from minwon.config import Settings
from minwon.db import create_db_engine, make_session_factory, session_scope
from minwon.gateway import db_timeouts
from minwon.identity import IdentityRuntime, identity_config
from minwon.logging import configure_logging, get_logger
from minwon.migrate import upgrade_database

__all__ = ["run_server"]


def run_server(settings: Settings, *, host: str | None, port: int | None) -> None:
    """Refuse to start on an invalid catalog; otherwise migrate, record the catalog, serve."""
    configure_logging(settings.log_level, settings.log_json)
    log = get_logger("minwon.serve")
    try:
        catalog = load_catalog(settings.catalog_dir)
    except CatalogError as exc:
        typer.echo(f"refusing to start: {exc}", err=True)
        raise typer.Exit(code=1) from exc
    admin = create_db_engine(settings.database_url)  # migrations run without request deadlines
    upgrade_database(admin)
    admin.dispose()
    engine = create_db_engine(settings.database_url, timeouts=db_timeouts(settings))
    clock = SystemClock()
    with session_scope(make_session_factory(engine)) as session:
        record_catalog_version(session, catalog, clock.now())
    log.info(
        "catalog_loaded",
        services=len(catalog.services),
        bundles=len(catalog.bundles),
        version=catalog.fingerprint,
    )
    if settings.environment == "development" and settings.demo:
        announce_demo(settings, engine, catalog, clock)
    app = create_app(settings, catalog=catalog, engine=engine, clock=clock)
    # On the embedded default the gateway delivers its own outbox and anchors its audit chain;
    # on PostgreSQL `minwon worker` processes do (settings.relay_in_process overrides).
    work = BackgroundWork(
        settings,
        catalog,
        engine,
        clock,
        relay_enabled=settings.runs_relay_in_process,
        anchors_enabled=settings.runs_relay_in_process,
    )
    work.start()
    try:
        uvicorn.run(app, host=host or settings.host, port=port or settings.port, log_level="info")
    finally:
        work.close()


def announce_demo(settings: Settings, engine: Engine, catalog: Catalog, clock: Clock) -> None:
    """Seed the demo accounts (first start only) and say how to use them."""
    runtime = IdentityRuntime(
        db=make_session_factory(engine), clock=clock, config=identity_config(settings)
    )
    for account in seed_demo(runtime, catalog):
        typer.echo(f"demo {account.kind}: {account.email} / {account.password}")
    typer.echo("demo: `minwon demo code` prints the demo accounts' current authenticator codes")
