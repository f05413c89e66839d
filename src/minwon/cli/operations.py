"""Operators' commands: ``minwon outbox``, ``minwon worker``, ``minwon agency-sim``."""

from __future__ import annotations

import json
import signal
from typing import Annotated, Any

import typer

from minwon.config import Settings

__all__ = ["agency_sim", "outbox_app", "worker"]

outbox_app = typer.Typer(help="Deliveries to the agencies (the outbox).", no_args_is_help=True)


def _factory(settings: Settings) -> Any:
    from minwon.db import create_db_engine, make_session_factory

    return make_session_factory(create_db_engine(settings.database_url))


def _row(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "webhook_id": row.webhook_id,
        "topic": row.topic,
        "application_id": row.key,
        "agency": row.agency_code,
        "status": row.status,
        "attempts": row.attempts,
        "failures": row.failures,
        "next_attempt_at": row.next_attempt_at.isoformat() if row.next_attempt_at else None,
        "delivered_at": row.dispatched_at.isoformat() if row.dispatched_at else None,
        "last_status_code": row.last_status_code,
        "last_error": row.last_error,
    }


@outbox_app.command("list")
def outbox_list(
    status: Annotated[str | None, typer.Option(help="pending, delivered, rejected or dead")] = None,
    agency: Annotated[str | None, typer.Option(help="An agency code")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Outbox rows, oldest first."""
    from minwon.applications.delivery import list_outbox
    from minwon.db import session_scope

    with session_scope(_factory(Settings())) as session:
        rows = [_row(r) for r in list_outbox(session, status=status, agency=agency, limit=limit)]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        typer.echo(
            f"{r['id']:>7} {r['status']:9} {r['agency'] or '-':28} {r['topic']:28} "
            f"attempts={r['attempts']} {r['last_error'] or ''}".rstrip()
        )
    typer.echo(f"{len(rows)} rows")


@outbox_app.command("show")
def outbox_show(
    ref: Annotated[str, typer.Argument(help="Row id, webhook-id or application id")],
) -> None:
    """One outbox row with its delivery history (attempts, last answer)."""
    from minwon.applications.delivery import find_outbox
    from minwon.db import session_scope

    with session_scope(_factory(Settings())) as session:
        row = find_outbox(session, ref)
        shown = _row(row) if row else None
    if shown is None:
        typer.echo(f"no outbox row {ref!r}", err=True)
        raise typer.Exit(code=1)
    typer.echo(json.dumps(shown, ensure_ascii=False, indent=2))


@outbox_app.command("retry")
def outbox_retry(
    ids: Annotated[list[int] | None, typer.Argument(help="Dead-letter row ids")] = None,
    all_dead: Annotated[bool, typer.Option("--all-dead", help="Every dead letter")] = False,
) -> None:
    """Put dead letters back in the queue (after the agency or the catalog was fixed)."""
    from minwon.applications.delivery import retry_outbox
    from minwon.clock import SystemClock
    from minwon.db import session_scope

    if not ids and not all_dead:
        typer.echo("name row ids, or --all-dead", err=True)
        raise typer.Exit(code=2)
    with session_scope(_factory(Settings())) as session:
        count = retry_outbox(session, ids=ids or (), all_dead=all_dead, now=SystemClock().now())
    typer.echo(f"{count} dead letters queued again")


def worker(
    no_anchors: Annotated[bool, typer.Option("--no-anchors", help="Only deliver")] = False,
) -> None:
    """Deliver the outbox to the agencies and anchor the audit chain until stopped (SIGTERM)."""
    import threading

    from minwon.catalog import load_catalog
    from minwon.cli.background import BackgroundWork
    from minwon.clock import SystemClock
    from minwon.db import create_db_engine
    from minwon.gateway import db_timeouts
    from minwon.logging import configure_logging, get_logger

    settings = Settings()
    configure_logging(settings.log_level, settings.log_json)
    engine = create_db_engine(settings.database_url, timeouts=db_timeouts(settings))
    work = BackgroundWork(
        settings,
        load_catalog(settings.catalog_dir),
        engine,
        SystemClock(),
        anchors_enabled=not no_anchors,
    )
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    work.start()
    get_logger("minwon.worker").info("worker_started", anchors=not no_anchors)
    done.wait()
    work.close()
    engine.dispose()


def agency_sim(
    port: Annotated[int, typer.Option(help="Port (loopback)")] = 8700,
    host: Annotated[str, typer.Option(help="Bind address")] = "127.0.0.1",
    fail_rate: Annotated[
        float, typer.Option(min=0, max=1, help="Share of deliveries answered 500")
    ] = 0.0,
    latency_ms: Annotated[int, typer.Option(min=0, help="Delay before each answer")] = 0,
    down: Annotated[bool, typer.Option("--down", help="Answer 503 to everything")] = False,
    callback_url: Annotated[
        str | None, typer.Option(help="Gateway base URL for status callbacks ('received')")
    ] = None,
) -> None:
    """Simulate every agency: verify signatures, deduplicate, count duplicates, call back."""
    import uvicorn

    from minwon.agencysim import SimConfig, create_sim_app

    config = SimConfig(
        down=down, fail_rate=fail_rate, latency_ms=latency_ms, callback_url=callback_url
    )
    uvicorn.run(create_sim_app(config), host=host, port=port, log_level="warning")
