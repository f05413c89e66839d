"""pgBackRest, driven as the ``postgres`` user: full and incremental backups, continuous WAL
archiving, an encrypted repository on a path standing for another site, point-in-time restore.

minwon writes no backup format of its own: this module builds the configuration, runs the
commands and reads ``info --output=json``.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minwon.recovery.pginstance import as_postgres, chown_to_postgres

__all__ = ["BackupInfo", "PgBackRest", "archive_command", "pitr_target", "write_config"]


def pitr_target(moment: dt.datetime) -> str:
    """A recovery target pgBackRest accepts: UTC, milliseconds, explicit ``+00``."""
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%d %H:%M:%S.") + f"{utc.microsecond // 1000:03d}+00"


def write_config(
    path: Path,
    *,
    stanza: str,
    repo: Path,
    pg_data: Path,
    pg_port: int,
    pg_socket: Path,
    cipher_pass: str,
) -> Path:
    """A pgBackRest configuration (mode 600, the postgres user's): encrypted repository."""
    for folder in (
        path.parent,
        repo,
        path.parent / "log",
        path.parent / "lock",
        path.parent / "spool",
    ):
        folder.mkdir(parents=True, exist_ok=True)
        chown_to_postgres(folder)
    path.write_text(
        "[global]\n"
        f"repo1-path={repo}\n"
        "repo1-cipher-type=aes-256-cbc\n"
        f"repo1-cipher-pass={cipher_pass}\n"
        "repo1-retention-full=2\n"
        f"log-path={path.parent / 'log'}\n"
        f"lock-path={path.parent / 'lock'}\n"
        f"spool-path={path.parent / 'spool'}\n"
        "log-level-console=warn\nlog-level-file=info\nstart-fast=y\ncompress-type=lz4\n\n"
        f"[{stanza}]\npg1-path={pg_data}\npg1-port={pg_port}\npg1-socket-path={pg_socket}\n",
        encoding="utf-8",
    )
    path.chmod(0o600)
    chown_to_postgres(path)
    return path


def archive_command(config: Path, stanza: str) -> str:
    """PostgreSQL's ``archive_command``: every WAL segment goes to the repository."""
    return f"pgbackrest --config={config} --stanza={stanza} archive-push %p"


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup in the repository."""

    label: str
    kind: str  # full, diff, incr
    started: dt.datetime
    stopped: dt.datetime
    size: int
    repository_size: int


@dataclass(frozen=True)
class PgBackRest:
    """The repository of one stanza, through the ``pgbackrest`` command."""

    config: Path
    stanza: str
    timeout: float = 1800

    def run(self, *args: str) -> str:
        """Run one pgBackRest command; ``RuntimeError`` with its message when it fails."""
        command = ["pgbackrest", f"--config={self.config}", f"--stanza={self.stanza}", *args]
        done = subprocess.run(  # noqa: S603 — fixed program, arguments we built
            as_postgres(command),
            capture_output=True,
            text=True,
            timeout=self.timeout,
            check=False,
            cwd="/",
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"pgbackrest {args[0]} failed: {(done.stderr or done.stdout).strip()}"
            )
        return done.stdout

    def stanza_create(self) -> None:
        self.run("stanza-create")

    def backup(self, kind: str = "full") -> None:
        """A ``full``, ``diff`` or ``incr`` backup (an incremental one needs a full one first)."""
        if kind not in ("full", "diff", "incr"):
            raise ValueError("kind is full, diff or incr")
        self.run("backup", f"--type={kind}")

    def info(self) -> dict[str, Any]:
        """The stanza's entry of ``pgbackrest info --output=json``."""
        stanzas = json.loads(self.run("info", "--output=json"))
        return dict(stanzas[0]) if stanzas else {}

    def backups(self) -> list[BackupInfo]:
        """The backups in the repository, oldest first."""
        return [
            BackupInfo(
                label=b["label"],
                kind=b["type"],
                started=dt.datetime.fromtimestamp(b["timestamp"]["start"], dt.UTC),
                stopped=dt.datetime.fromtimestamp(b["timestamp"]["stop"], dt.UTC),
                size=int(b["info"]["size"]),
                repository_size=int(b["info"]["repository"]["size"]),
            )
            for b in self.info().get("backup", [])
        ]

    def restore(self, pg_data: Path, to: dt.datetime | None = None) -> None:
        """Restore into the empty directory ``pg_data``: to the moment ``to``, or to the end of
        the archived WAL; the restored server is promoted when recovery ends."""
        pg_data.mkdir(parents=True, exist_ok=True)
        pg_data.chmod(0o700)
        chown_to_postgres(pg_data)
        args = ["restore", f"--pg1-path={pg_data}", "--archive-mode=off"]
        if to is not None:
            args += ["--type=time", f"--target={pitr_target(to)}", "--target-action=promote"]
        self.run(*args)
