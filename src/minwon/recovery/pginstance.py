"""A PostgreSQL instance of its own (data directory, port, socket), for drills and checks.

``minwon backup verify`` restores into one, the drill's fresh cluster is one, and the tests
start one to stop, freeze and restart without touching the machine's shared server. Run as
root, every PostgreSQL command runs as the ``postgres`` OS user (``runuser``), as PostgreSQL
and pgBackRest require.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PG_BIN", "PgInstance", "as_postgres", "chown_to_postgres"]

PG_BIN = Path(os.environ.get("MINWON_PG_BIN", "/usr/lib/postgresql/15/bin"))


def as_postgres(command: list[str]) -> list[str]:
    """``command`` run as the postgres OS user when we are root (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def chown_to_postgres(path: Path) -> None:
    """Hand a directory we made (as root) to the postgres user."""
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:  # the field after the state is the parent's pid
            found.append(int(stat.parent.name))
    return found


def _run(command: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    # cwd "/": the postgres user may not enter the caller's working directory.
    return subprocess.run(  # noqa: S603 — fixed programs, arguments we built
        as_postgres(command), capture_output=True, text=True, timeout=timeout, check=True, cwd="/"
    )


@dataclass
class PgInstance:
    """One instance: ``root`` holds its data directory, socket and log."""

    root: Path
    port: int
    bin_dir: Path = PG_BIN

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "postgresql.log"

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL to this instance over TCP on the loopback."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def init(self, extra_conf: str = "") -> None:
        """``initdb`` (trust on the loopback only) and the settings the checks need."""
        self.root.mkdir(parents=True, exist_ok=True)
        chown_to_postgres(self.root)
        _run(
            [
                str(self.bin_dir / "initdb"),
                "-D",
                str(self.data_dir),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
        conf = self.data_dir / "postgresql.conf"
        with conf.open("a", encoding="utf-8") as handle:
            handle.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.root}'\nfsync = on\n{extra_conf}\n"
            )

    def start(self, timeout: float = 60) -> None:
        _run(
            [
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.data_dir),
                "-l",
                str(self.log_file),
                "-w",
                "-t",
                str(int(timeout)),
                "start",
            ],
            timeout=timeout + 5,
        )

    def stop(self, mode: str = "fast") -> None:
        """Stop (``fast``: clients are disconnected; ``immediate``: like a crash)."""
        if self.pid() is None:
            return
        _run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", mode, "-w", "stop"])

    def pid(self) -> int | None:
        """The postmaster's pid while it runs."""
        pid_file = self.data_dir / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        return pid

    def _processes(self) -> list[int]:
        postmaster = self.pid()
        if postmaster is None:
            return []
        return [postmaster, *_children(postmaster)]

    def freeze(self) -> None:
        """SIGSTOP every process of the instance: a hung server that accepts and never answers."""
        for pid in self._processes():
            with contextlib.suppress(ProcessLookupError):  # a backend that just ended
                os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self._processes():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            probe = subprocess.run(  # noqa: S603
                [str(self.bin_dir / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                capture_output=True,
                check=False,
            )
            if probe.returncode == 0:
                return
            time.sleep(0.1)
        raise TimeoutError(f"PostgreSQL on port {self.port} did not become ready")

    def destroy(self) -> None:
        """Stop it however it is (thawed first) and remove its files."""
        try:
            self.thaw()
            self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
