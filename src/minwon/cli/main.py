"""``minwon``: run the gateway, manage the database, inspect the catalog."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from minwon.catalog import Catalog, CatalogError, UnknownEntryError, load_catalog
from minwon.catalog.views import Lang, bundle_view, service_summary, service_view
from minwon.cli.operations import agency_sim, outbox_app, worker
from minwon.cli.partners import partners_app
from minwon.cli.recovery import backup_app, dr_app, escrow_app
from minwon.cli.render import render_bundle, render_service
from minwon.clock import SystemClock
from minwon.config import Settings

__all__ = ["app", "main"]

app = typer.Typer(
    help="minwon: every Korean administrative service in one place.",
    no_args_is_help=True,
    add_completion=False,
)
catalog_app = typer.Typer(help="Inspect and validate the service catalog.", no_args_is_help=True)
db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
audit_app = typer.Typer(help="Check the hash-chained audit log.", no_args_is_help=True)
demo_app = typer.Typer(help="The development demo accounts.", no_args_is_help=True)
keys_app = typer.Typer(
    help="Manage the encryption keys of sealed personal data.", no_args_is_help=True
)
app.add_typer(catalog_app, name="catalog")
app.add_typer(db_app, name="db")
app.add_typer(audit_app, name="audit")
app.add_typer(keys_app, name="keys")
app.add_typer(demo_app, name="demo")
app.add_typer(partners_app, name="partners")
app.add_typer(outbox_app, name="outbox")
app.add_typer(backup_app, name="backup")
app.add_typer(dr_app, name="dr")
keys_app.add_typer(escrow_app, name="escrow")
app.command("worker")(worker)
app.command("agency-sim")(agency_sim)

CatalogDir = Annotated[
    Path | None, typer.Option("--dir", help="Catalog folder (default: packaged)")
]
LangOpt = Annotated[str, typer.Option("--lang", help="ko or en")]


def _settings() -> Settings:
    return Settings()


def _load(directory: Path | None) -> Catalog:
    try:
        return load_catalog(directory or _settings().catalog_dir)
    except CatalogError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(code=1) from exc


def _check_lang(lang: str) -> Lang:
    if lang not in ("ko", "en"):
        typer.echo(f"--lang must be ko or en, not {lang!r}", err=True)
        raise typer.Exit(code=2)
    return "en" if lang == "en" else "ko"


@catalog_app.command("validate")
def catalog_validate(directory: CatalogDir = None) -> None:
    """Check every catalog file; exit 1 with file:line: problem for each error."""
    catalog = _load(directory)
    typer.echo(
        f"catalog OK: {len(catalog.services)} services, {len(catalog.bundles)} bundles, "
        f"{len(catalog.sources)} sources (version {catalog.fingerprint})"
    )


@catalog_app.command("list")
def catalog_list(directory: CatalogDir = None, lang: LangOpt = "ko") -> None:
    """List services and bundles."""
    catalog = _load(directory)
    chosen = _check_lang(lang)
    typer.echo("# services" if chosen == "en" else "# 서비스")
    for service in catalog.services.values():
        summary = service_summary(catalog, service, chosen)
        typer.echo(f"{service.id:38} {summary.name}")
    typer.echo("\n# bundles" if chosen == "en" else "\n# 묶음 서비스")
    for bundle in catalog.bundles.values():
        members = ", ".join(m.service for m in bundle.members)
        typer.echo(f"{bundle.id:38} {bundle.name.get(chosen)}  [{members}]")


@catalog_app.command("show")
def catalog_show(
    entry_id: Annotated[str, typer.Argument(help="A service or bundle id, e.g. move-in-report")],
    directory: CatalogDir = None,
    lang: LangOpt = "ko",
    on: Annotated[str | None, typer.Option(help="Fees in force on this date (YYYY-MM-DD)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text")] = False,
) -> None:
    """Print one service or bundle readably."""
    catalog = _load(directory)
    chosen = _check_lang(lang)
    day = _parse_day(on)
    try:
        if entry_id in catalog.bundles:
            bview = bundle_view(catalog, catalog.bundle(entry_id), chosen)
            typer.echo(bview.model_dump_json(indent=2) if as_json else render_bundle(bview, chosen))
            return
        sview = service_view(catalog, catalog.service(entry_id), chosen, day)
    except UnknownEntryError:
        typer.echo(f"no service or bundle {entry_id!r}; try `minwon catalog list`", err=True)
        raise typer.Exit(code=1) from None
    typer.echo(sview.model_dump_json(indent=2) if as_json else render_service(sview, chosen))


def _parse_day(on: str | None) -> dt.date:
    if on is None:
        return SystemClock().today()
    try:
        return dt.date.fromisoformat(on)
    except ValueError:
        typer.echo(f"--on must be a date like 2026-11-28, not {on!r}", err=True)
        raise typer.Exit(code=2) from None


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Apply the database migrations (SQLite by default, or MINWON_DATABASE_URL)."""
    from minwon.db import create_db_engine
    from minwon.migrate import upgrade_database

    settings = _settings()
    engine = create_db_engine(settings.database_url)
    upgrade_database(engine, revision)
    typer.echo(f"database at {engine.url.render_as_string(hide_password=True)} is at {revision}")
    engine.dispose()


@app.command("route")
def route(
    text: Annotated[str | None, typer.Argument(help="One request (omit with --jsonl)")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Read JSON lines on stdin")] = False,
    today: Annotated[str | None, typer.Option(help="Resolve dates against this day")] = None,
    directory: CatalogDir = None,
) -> None:
    """Say which service or bundle a request means (the ../shared/eval contract with --jsonl)."""
    from minwon.cli.route import route_stream, route_text

    day = _parse_day(today)
    catalog = _load(directory)
    if jsonl:
        route_stream(catalog, day, sys.stdin, sys.stdout)
    elif text is not None:
        typer.echo(route_text(catalog, day, text))
    else:
        typer.echo("give a request, or --jsonl to read JSON lines on stdin", err=True)
        raise typer.Exit(code=2)


@audit_app.command("verify")
def audit_verify(
    anchors: Annotated[
        Path | None,
        typer.Option(help="Also compare with these signed anchors; name the events missing"),
    ] = None,
) -> None:
    """Walk the whole audit chain; exit 1 naming the first altered, inserted or deleted row."""
    from minwon.cli.recovery import verify_audit

    if not verify_audit(_settings(), anchors):
        raise typer.Exit(code=1)


@keys_app.command("rotate")
def keys_rotate(batch_size: Annotated[int, typer.Option(min=1, max=10_000)] = 500) -> None:
    """Re-encrypt all sealed data under MINWON_ENCRYPTION_PRIMARY; exit 1 if any is unreadable."""
    from minwon.crypto import FieldCipher, load_keyring
    from minwon.db import create_db_engine, make_session_factory
    from minwon.rekey import rotate_sealed_data

    settings = _settings()
    keys = settings.encryption_keys.get_secret_value() if settings.encryption_keys else None
    keyring = load_keyring(keys, settings.encryption_primary, environment=settings.environment)
    engine = create_db_engine(settings.database_url)
    report = rotate_sealed_data(
        make_session_factory(engine), FieldCipher(keyring), batch_size=batch_size
    )
    engine.dispose()
    typer.echo(str(report))
    if report.failed:
        raise typer.Exit(code=1)


@demo_app.command("code")
def demo_code() -> None:
    """Print the current authenticator (TOTP) code of each demo account."""
    from minwon.cli.demo import demo_codes

    codes = demo_codes()
    if not codes:
        typer.echo("no demo accounts yet: start `minwon serve` once in development", err=True)
        raise typer.Exit(code=1)
    for email, code in codes:
        typer.echo(f"{email}: {code}")


@app.command("chat")
def chat(lang: LangOpt = "ko") -> None:
    """Talk to minwon in the terminal (the same conversation as the portal; /quit to leave)."""
    from minwon.cli.chat_command import run_terminal_chat

    run_terminal_chat(_settings(), _check_lang(lang))


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address")] = None,
    port: Annotated[int | None, typer.Option(help="Port")] = None,
) -> None:
    """Migrate the database, load and validate the catalog, and serve the gateway."""
    from minwon.cli.serve import run_server

    run_server(_settings(), host=host, port=port)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="minwon")


if __name__ == "__main__":  # pragma: no cover
    main()
