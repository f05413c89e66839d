"""Backups of the embedded SQLite database with SQLite's online backup API.

Never a file copy of a live database: in WAL mode the last commits live in ``minwon.db-wal``
until a checkpoint, so copying ``minwon.db`` alone loses them, and the copy still verifies
(its audit chain simply ends earlier). The online backup API copies a consistent snapshot that
includes every committed transaction, while the gateway keeps running. SQLite has no WAL
archive: its point-in-time restore picks the last backup taken at or before the moment.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SqliteBackup", "backup_sqlite", "list_sqlite_backups", "restore_sqlite"]

STAMP = "%Y%m%dT%H%M%S%fZ"


@dataclass(frozen=True, slots=True)
class SqliteBackup:
    path: Path
    taken_at: dt.datetime
    size: int


def _copy(source: Path, target: Path) -> None:
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
        src.backup(dst, pages=1024)  # in steps: writers are never blocked for long
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    partial.rename(target)


def backup_sqlite(database: Path, repo: Path, now: dt.datetime) -> SqliteBackup:
    """A consistent copy of the live ``database`` in ``repo/sqlite/`` (mode 600)."""
    folder = repo / "sqlite"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"minwon-{now.astimezone(dt.UTC).strftime(STAMP)}.db"
    _copy(database, target)
    target.chmod(0o600)
    return SqliteBackup(target, now.astimezone(dt.UTC), target.stat().st_size)


def list_sqlite_backups(repo: Path) -> list[SqliteBackup]:
    """The backups in ``repo``, oldest first."""
    found = []
    for path in sorted((repo / "sqlite").glob("minwon-*.db")):
        stamp = path.stem.removeprefix("minwon-")
        taken = dt.datetime.strptime(stamp, STAMP).replace(tzinfo=dt.UTC)
        found.append(SqliteBackup(path, taken, path.stat().st_size))
    return found


def restore_sqlite(repo: Path, target: Path, to: dt.datetime | None = None) -> SqliteBackup:
    """Copy the last backup taken at or before ``to`` (the latest if None) to ``target``."""
    candidates = [b for b in list_sqlite_backups(repo) if to is None or b.taken_at <= to]
    if not candidates:
        raise LookupError("no SQLite backup at or before that moment")
    chosen = candidates[-1]
    if target.exists():
        raise FileExistsError(f"{target} exists: restore into a new file, then swap it in")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(chosen.path, target)
    return chosen
