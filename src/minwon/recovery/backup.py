"""``minwon backup create|list|verify|restore``: one interface over pgBackRest and SQLite.

``verify`` proves a backup is usable, not just present: it restores the latest backup into a
scratch database (a PostgreSQL instance of its own on a free port, or a scratch SQLite file),
then runs the audit-chain verification (and the anchors when there are any) and unseals every
sealed value with the configured key ring there. The keys are never in the backup.
"""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from minwon.audit import verify_chain
from minwon.config import Settings
from minwon.crypto import FieldCipher, load_keyring
from minwon.db import create_db_engine, make_session_factory, session_scope
from minwon.recovery.anchors import AnchorReport, anchor_key, check_anchors
from minwon.recovery.pgbackrest import PgBackRest
from minwon.recovery.pginstance import PgInstance, chown_to_postgres
from minwon.recovery.sealed import DecryptReport, decrypt_check
from minwon.recovery.sqlite_backup import backup_sqlite, list_sqlite_backups, restore_sqlite

__all__ = ["VerifyOutcome", "check_database", "create", "listing", "restore", "verify"]


def _sqlite_path(settings: Settings) -> Path:
    return Path(settings.database_url.split("///", 1)[1])


def _pgbackrest(settings: Settings) -> PgBackRest:
    if settings.pgbackrest_config is None:
        raise RuntimeError("set MINWON_PGBACKREST_CONFIG to the pgBackRest configuration")
    return PgBackRest(settings.pgbackrest_config, settings.backup_stanza)


def create(settings: Settings, kind: str, now: dt.datetime) -> str:
    """Take a backup; what was made, in words."""
    if settings.is_sqlite:
        made = backup_sqlite(_sqlite_path(settings), settings.backup_repo, now)
        return f"SQLite online backup {made.path} ({made.size} bytes)"
    repo = _pgbackrest(settings)
    repo.backup(kind)
    last = repo.backups()[-1]
    size = last.repository_size
    return f"pgBackRest {last.kind} backup {last.label} ({size} bytes in the repository)"


def listing(settings: Settings) -> list[dict[str, object]]:
    """The backups, oldest first, and (PostgreSQL) the archived WAL range."""
    if settings.is_sqlite:
        return [
            {"label": b.path.name, "type": "full", "stop": b.taken_at.isoformat(), "size": b.size}
            for b in list_sqlite_backups(settings.backup_repo)
        ]
    return [
        {
            "label": b.label,
            "type": b.kind,
            "start": b.started.isoformat(),
            "stop": b.stopped.isoformat(),
            "size": b.size,
            "repository_size": b.repository_size,
        }
        for b in _pgbackrest(settings).backups()
    ]


@dataclass
class VerifyOutcome:
    """What a restored backup showed."""

    audit_intact: bool
    audit_text: str
    decrypt: DecryptReport
    anchors: AnchorReport | None
    applications: int

    @property
    def ok(self) -> bool:
        anchors_ok = self.anchors is None or not self.anchors.bad_signatures
        return self.audit_intact and self.decrypt.share == 1.0 and anchors_ok

    def __str__(self) -> str:
        lines = [self.audit_text, str(self.decrypt), f"applications: {self.applications}"]
        if self.anchors is not None:
            lines.append(str(self.anchors))
        lines.append("backup verify: OK" if self.ok else "backup verify: FAILED")
        return "\n".join(lines)


def check_database(settings: Settings, engine: Engine, anchors: Path | None) -> VerifyOutcome:
    """Audit chain, anchors and decrypt check on ``engine`` with the configured keys."""
    keys = settings.encryption_keys.get_secret_value() if settings.encryption_keys else None
    cipher = FieldCipher(
        load_keyring(keys, settings.encryption_primary, environment=settings.environment)
    )
    with session_scope(make_session_factory(engine)) as session:
        report = verify_chain(session)
        decrypted = decrypt_check(session, cipher)
        count = int(session.execute(text("SELECT count(*) FROM applications")).scalar_one())
        anchor_report = None
        if anchors is not None and anchors.exists():
            secret = settings.audit_anchor_key
            key = anchor_key(secret.get_secret_value() if secret else None, settings.environment)
            anchor_report = check_anchors(session, anchors, key.public_key())
    return VerifyOutcome(report.is_intact, str(report), decrypted, anchor_report, count)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def restored_instance(
    repo: PgBackRest,
    to: dt.datetime | None = None,
    *,
    keep: Path | None = None,
    port: int | None = None,
) -> Iterator[PgInstance]:
    """The backup restored and started on its own port; removed afterwards unless ``keep``."""
    root = keep or Path(tempfile.mkdtemp(prefix="minwon-restore-", dir="/tmp"))
    root.mkdir(parents=True, exist_ok=True)
    chown_to_postgres(root)
    instance = PgInstance(root, port or _free_port())
    try:
        repo.restore(instance.data_dir, to)
        with (instance.data_dir / "postgresql.auto.conf").open("a", encoding="utf-8") as conf:
            conf.write(
                f"\nport = {instance.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{root}'\narchive_mode = off\n"
                # A Patroni member names its own files: the restored copy uses its own.
                f"hba_file = '{instance.data_dir / 'pg_hba.conf'}'\n"
                f"ident_file = '{instance.data_dir / 'pg_ident.conf'}'\n"
            )
        instance.start(timeout=600)
        _wait_promoted(instance)
        yield instance
    finally:
        if keep is None:
            instance.destroy()


def _wait_promoted(instance: PgInstance, timeout: float = 600) -> None:
    engine = create_db_engine(instance.url())
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                if not connection.execute(text("SELECT pg_is_in_recovery()")).scalar_one():
                    return
            time.sleep(0.2)
        raise TimeoutError("the restored server did not finish recovery")
    finally:
        engine.dispose()


def verify(settings: Settings, anchors: Path | None) -> VerifyOutcome:
    """Restore the latest backup into a scratch database and check it there."""
    if settings.is_sqlite:
        scratch = Path(tempfile.mkdtemp(prefix="minwon-verify-")) / "restored.db"
        try:
            restore_sqlite(settings.backup_repo, scratch)
            engine = create_db_engine(f"sqlite:///{scratch}")
            try:
                return check_database(settings, engine, anchors)
            finally:
                engine.dispose()
        finally:
            shutil.rmtree(scratch.parent, ignore_errors=True)
    with restored_instance(_pgbackrest(settings)) as instance:
        engine = create_db_engine(instance.url(_database_name(settings)))
        try:
            return check_database(settings, engine, anchors)
        finally:
            engine.dispose()


def _database_name(settings: Settings) -> str:
    path = settings.database_url.rsplit("/", 1)[-1]
    return path.split("?", 1)[0] or "postgres"


def restore(settings: Settings, to: dt.datetime | None, target: Path, port: int | None) -> str:
    """Restore (to a moment, or the latest) into ``target``, never over the live database."""
    if settings.is_sqlite:
        chosen = restore_sqlite(settings.backup_repo, target, to)
        return f"restored {chosen.path.name} (taken {chosen.taken_at.isoformat()}) to {target}"
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty: restore into a new directory")
    with restored_instance(_pgbackrest(settings), to, keep=target, port=port) as instance:
        return (
            f"restored into {instance.data_dir}; PostgreSQL runs on 127.0.0.1:{instance.port} "
            f"({instance.url(_database_name(settings))}); point the gateway at it"
        )
