"""``minwon audit verify [--anchors]``, ``minwon backup …``, ``minwon keys escrow …``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from minwon.config import Settings

__all__ = ["backup_app", "dr_app", "escrow_app", "verify_audit"]


def verify_audit(settings: Settings, anchors: Path | None) -> bool:
    """Print the chain's report (and the anchors' when given); True when both are intact."""
    from minwon.audit import verify_chain
    from minwon.db import create_db_engine, make_session_factory, session_scope
    from minwon.recovery.anchors import anchor_key, check_anchors

    engine = create_db_engine(settings.database_url)
    with session_scope(make_session_factory(engine)) as session:
        report = verify_chain(session)
        typer.echo(str(report))
        intact = report.is_intact
        if anchors is not None:
            secret = settings.audit_anchor_key
            key = anchor_key(secret.get_secret_value() if secret else None, settings.environment)
            anchor_report = check_anchors(session, anchors, key.public_key())
            typer.echo(str(anchor_report))
            intact = intact and anchor_report.is_intact and anchor_report.anchors > 0
    engine.dispose()
    return intact


backup_app = typer.Typer(
    help="Backups and point-in-time restore (pgBackRest on PostgreSQL, online backup on SQLite).",
    no_args_is_help=True,
)
escrow_app = typer.Typer(
    help="Two-person escrow of the key ring (stored apart from the data backups).",
    no_args_is_help=True,
)


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=1)


@backup_app.command("create")
def backup_create(
    kind: Annotated[str, typer.Option("--type", help="full, diff or incr (PostgreSQL)")] = "full",
) -> None:
    """Take a backup now (SQLite: always a full online copy)."""
    from minwon.clock import SystemClock
    from minwon.recovery import backup

    try:
        typer.echo(backup.create(Settings(), kind, SystemClock().now()))
    except (RuntimeError, ValueError, OSError) as exc:
        raise _fail(str(exc)) from exc


@backup_app.command("list")
def backup_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The backups in the repository, oldest first."""
    from minwon.recovery import backup

    try:
        rows = backup.listing(Settings())
    except (RuntimeError, OSError) as exc:
        raise _fail(str(exc)) from exc
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        typer.echo(f"{row['label']:32} {row['type']:5} {row['stop']}  {row['size']} bytes")
    typer.echo(f"{len(rows)} backups")


@backup_app.command("verify")
def backup_verify(
    anchors: Annotated[
        Path | None, typer.Option(help="Audit anchors to compare with (default: the configured)")
    ] = None,
) -> None:
    """Restore the latest backup into a scratch database; check the audit chain and decrypt."""
    from minwon.recovery import backup

    settings = Settings()
    try:
        outcome = backup.verify(settings, anchors or settings.audit_anchor_path)
    except (RuntimeError, LookupError, OSError, TimeoutError) as exc:
        raise _fail(f"backup verify: FAILED: {exc}") from exc
    typer.echo(str(outcome))
    if not outcome.ok:
        raise typer.Exit(code=1)


@backup_app.command("restore")
def backup_restore(
    target: Annotated[Path, typer.Option(help="New directory (PostgreSQL) or file (SQLite)")],
    to: Annotated[
        str | None, typer.Option(help="Point in time, e.g. 2026-12-03T10:15:00+09:00")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port of the restored PostgreSQL")] = None,
) -> None:
    """Restore to a point in time (or the latest) into a new place; never over the live one."""
    from minwon.recovery import backup

    moment = None
    if to is not None:
        try:
            moment = dt.datetime.fromisoformat(to)
        except ValueError:
            raise _fail(f"--to must be an ISO timestamp with its offset, not {to!r}") from None
        if moment.tzinfo is None:
            raise _fail("--to needs an offset (+09:00 or Z): a bare time is ambiguous")
    try:
        typer.echo(backup.restore(Settings(), moment, target, port))
    except (RuntimeError, LookupError, OSError, TimeoutError) as exc:
        raise _fail(str(exc)) from exc


def _key_ring_secret(settings: Settings) -> bytes:
    keys = settings.encryption_keys.get_secret_value() if settings.encryption_keys else ""
    if not keys:
        raise _fail("MINWON_ENCRYPTION_KEYS is not set: there is no key ring to escrow")
    return json.dumps({"keys": keys, "primary": settings.encryption_primary}).encode()


@escrow_app.command("split")
def escrow_split(
    holder: Annotated[list[str], typer.Option(help="A holder's name (two or three)")],
    out: Annotated[Path, typer.Option(help="Folder for the share files")],
) -> None:
    """Split the key ring into one share per holder; any two recover it."""
    from minwon.recovery.escrow import EscrowError, split_secret

    try:
        shares = split_secret(_key_ring_secret(Settings()), holder)
    except EscrowError as exc:
        raise _fail(str(exc)) from exc
    out.mkdir(parents=True, exist_ok=True)
    for share in shares:
        path = out / f"escrow-{share.index + 1}-{share.holder}.json"
        path.write_text(share.to_json(), encoding="utf-8")
        path.chmod(0o600)
        typer.echo(f"{share.holder}: {path}")
    typer.echo("give each file to its holder and delete it here; store them apart")


def _combined(shares: list[Path]) -> dict[str, str | None]:
    from minwon.recovery.escrow import EscrowError, Share, combine_shares

    try:
        secret = combine_shares([Share.from_json(p.read_text("utf-8")) for p in shares])
    except (EscrowError, OSError) as exc:
        raise _fail(str(exc)) from exc
    combined: dict[str, str | None] = json.loads(secret)
    return combined


@escrow_app.command("combine")
def escrow_combine(shares: Annotated[list[Path], typer.Argument(help="Two share files")]) -> None:
    """Print the recovered MINWON_ENCRYPTION_KEYS and MINWON_ENCRYPTION_PRIMARY."""
    ring = _combined(shares)
    typer.echo(f"MINWON_ENCRYPTION_KEYS={ring['keys']}")
    if ring.get("primary"):
        typer.echo(f"MINWON_ENCRYPTION_PRIMARY={ring['primary']}")


@escrow_app.command("drill")
def escrow_drill(shares: Annotated[list[Path], typer.Argument(help="Two share files")]) -> None:
    """Recover the key ring from two shares and decrypt every sealed value with it (100 %?)."""
    from minwon.crypto import FieldCipher, load_keyring
    from minwon.db import create_db_engine, make_session_factory, session_scope
    from minwon.recovery.sealed import decrypt_check

    ring = _combined(shares)
    settings = Settings()
    keys = load_keyring(ring["keys"], ring.get("primary"), environment=settings.environment)
    engine = create_db_engine(settings.database_url)
    with session_scope(make_session_factory(engine)) as session:
        report = decrypt_check(session, FieldCipher(keys))
    engine.dispose()
    typer.echo(f"escrow drill: {report}")
    if report.share < 1.0:
        raise typer.Exit(code=1)


dr_app = typer.Typer(help="Disaster-recovery exercises.", no_args_is_help=True)


@dr_app.command("drill")
def dr_drill(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    quick: Annotated[bool, typer.Option("--quick", help="A small load (CI, ≈ 90 s)")] = False,
    scenario: Annotated[
        list[str] | None, typer.Option(help="failover and/or site-loss (default: both)")
    ] = None,
    keep: Annotated[Path | None, typer.Option(help="Keep the drill's files here")] = None,
) -> None:
    """Kill the primary mid-load and lose the whole site; report what survived (one machine:
    Patroni + etcd on ports 5441/5442, 2391/2392, 8031/8032)."""
    from minwon.recovery.drill import DrillOptions, run_drill, summary

    chosen = tuple(scenario or ("failover", "site-loss"))
    if not set(chosen) <= {"failover", "site-loss"}:
        raise _fail("--scenario is failover or site-loss")
    options = DrillOptions.quick(chosen) if quick else DrillOptions(scenarios=chosen)
    if keep is not None:
        options = DrillOptions(**{**options.__dict__, "keep": keep})
    report = run_drill(options)
    typer.echo(json.dumps(report, ensure_ascii=False) if as_json else summary(report))
    healthy = (
        report.get("lost") == 0
        and report.get("duplicates") == 0
        and report.get("deliveries_missing") == 0
        and report.get("deliveries_doubled") == 0
        and report.get("audit_ok") is True
    )
    if not healthy:
        raise typer.Exit(code=1)
