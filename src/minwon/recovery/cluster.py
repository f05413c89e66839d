"""A Patroni + etcd PostgreSQL cluster on one machine: a primary and a synchronous standby.

Each member has its own port, data directory and Patroni REST port, so the whole cluster runs
on one machine for the drill and the same configuration, spread over machines, in production
(deploy/patroni/). ``synchronous_mode`` makes a commit wait until the standby has it: a
primary that dies loses nothing acknowledged, and Patroni promotes the standby once the
leader's key in etcd expires (``ttl``). Every process runs as the ``postgres`` user.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minwon.recovery.pginstance import PG_BIN, as_postgres, chown_to_postgres

__all__ = ["ClusterLayout", "LocalCluster", "Member"]


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    pg_port: int
    rest_port: int


@dataclass(frozen=True)
class ClusterLayout:
    """Ports and places: loopback only, clear of the system PostgreSQL on 5432."""

    root: Path
    scope: str = "minwon"
    etcd_client_port: int = 2391
    etcd_peer_port: int = 2392
    members: tuple[Member, ...] = (Member("pg1", 5441, 8031), Member("pg2", 5442, 8032))
    ttl: int = 10  # how long a silent leader keeps its key: bounds the failover time
    loop_wait: int = 2
    retry_timeout: int = 4
    # pgBackRest archive-push per member ("{member}" is replaced by its name), when backups
    # are on; archive_timeout bounds how old the newest archived WAL can be (the RPO).
    archive_command: str | None = None
    archive_timeout: int = 10

    def url(self, database: str = "postgres") -> str:
        """The gateway's multi-host URL: whichever member accepts writes."""
        hosts = "&".join(f"host=127.0.0.1:{m.pg_port}" for m in self.members)
        return f"postgresql+psycopg://postgres@/{database}?{hosts}&target_session_attrs=read-write"

    def conninfo(self, database: str = "postgres") -> str:
        """The same, as a libpq connection string."""
        hosts = ",".join("127.0.0.1" for _ in self.members)
        ports = ",".join(str(m.pg_port) for m in self.members)
        return (
            f"host={hosts} port={ports} user=postgres dbname={database} "
            "target_session_attrs=read-write connect_timeout=3"
        )


def _http_json(url: str, timeout: float = 2) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 — loopback only
        return json.loads(response.read())


@dataclass
class LocalCluster:
    """Start, inspect, break and stop the drill's cluster."""

    layout: ClusterLayout
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    # --- configuration -----------------------------------------------------------------

    def _patroni_config(self, member: Member) -> str:
        config = {
            "scope": self.layout.scope,
            "name": member.name,
            "log": {"dir": str(self.layout.root / member.name), "level": "WARNING"},
            "restapi": {
                "listen": f"127.0.0.1:{member.rest_port}",
                "connect_address": f"127.0.0.1:{member.rest_port}",
            },
            "etcd3": {"hosts": f"127.0.0.1:{self.layout.etcd_client_port}"},
            "bootstrap": self._bootstrap(),
            "postgresql": self._postgresql(member),
        }
        return json.dumps(config, indent=2)  # JSON is YAML: no YAML writer needed

    def _bootstrap(self) -> dict[str, Any]:
        """What the first member writes to etcd: the cluster-wide settings."""
        parameters: dict[str, Any] = {
            "wal_level": "replica",
            "hot_standby": "on",
            "max_wal_senders": 8,
            "max_replication_slots": 8,
            "wal_log_hints": "on",
            "synchronous_commit": "on",
        }
        if self.layout.archive_command:
            parameters |= {"archive_mode": "on", "archive_timeout": self.layout.archive_timeout}
        return {
            "dcs": {
                "ttl": self.layout.ttl,
                "loop_wait": self.layout.loop_wait,
                "retry_timeout": self.layout.retry_timeout,
                "maximum_lag_on_failover": 1048576,
                "synchronous_mode": True,
                "postgresql": {"use_pg_rewind": True, "parameters": parameters},
            },
            "initdb": [{"encoding": "UTF8"}, {"locale": "C.UTF-8"}, "data-checksums"],
            "pg_hba": [
                "local all all trust",
                "host replication replicator 127.0.0.1/32 trust",
                "host all all 127.0.0.1/32 trust",
            ],
        }

    def _postgresql(self, member: Member) -> dict[str, Any]:
        """One member's own PostgreSQL: port, data directory, socket, archiving."""
        base = self.layout.root / member.name
        local: dict[str, Any] = {"unix_socket_directories": str(base)}
        section: dict[str, Any] = {
            "listen": f"127.0.0.1:{member.pg_port}",
            "connect_address": f"127.0.0.1:{member.pg_port}",
            "data_dir": str(base / "data"),
            "bin_dir": str(PG_BIN),
            "pgpass": str(base / "pgpass"),
            "authentication": {
                # Trust on the loopback (drill only); production uses scram and TLS.
                "superuser": {"username": "postgres", "password": "drill-only"},
                "replication": {"username": "replicator", "password": "drill-only"},
                "rewind": {"username": "postgres", "password": "drill-only"},
            },
            "parameters": local,
        }
        if self.layout.archive_command:
            local["archive_command"] = self.layout.archive_command.replace("{member}", member.name)
            section["callbacks"] = {"on_role_change": str(self._switch_script(member))}
        return section

    def _switch_script(self, member: Member) -> Path:
        """Patroni's ``on_role_change``: a new primary closes its first WAL segment at once.

        At a promotion the old timeline's last segment is archived only as ``.partial``; its
        WAL lives on in the new timeline's first segment, archived when that one is full or
        ``archive_timeout`` expires. Switching right away ships it to the backup site within
        seconds, so a site lost soon after a failover loses seconds, not everything since.
        """
        base = self.layout.root / member.name
        script = base / "on_role_change.sh"
        psql = PG_BIN / "psql"
        ask = f"{psql} -h {base} -p {member.pg_port} -U postgres -d postgres -qAtc"
        # Called as the promotion starts: wait (bounded) until the server takes writes.
        script.write_text(
            "#!/bin/sh\n"
            'case "$2" in master|primary) ;; *) exit 0 ;; esac\n'
            "for _ in $(seq 1 60); do\n"
            f"  if [ \"$({ask} 'SELECT pg_is_in_recovery()' 2>/dev/null)\" = f ]; then\n"
            f"    {ask} 'SELECT pg_switch_wal()' >/dev/null 2>&1; exit 0\n"
            "  fi\n"
            "  sleep 0.5\n"
            "done\n",
            encoding="utf-8",
        )
        script.chmod(0o755)
        chown_to_postgres(script)
        return script

    # --- processes ---------------------------------------------------------------------

    def _spawn(self, name: str, command: list[str], log: Path) -> None:
        handle = log.open("ab")
        # cwd: the postgres user may not enter the directory the drill was started from.
        self.processes[name] = subprocess.Popen(  # noqa: S603 — fixed programs
            as_postgres(command),
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=self.layout.root,
        )

    def start(self, timeout: float = 120) -> None:
        """etcd, then both members; returns once there is a leader and a sync standby."""
        root = self.layout.root
        root.mkdir(parents=True, exist_ok=True)
        chown_to_postgres(root)
        etcd_dir = root / "etcd"
        etcd_dir.mkdir(exist_ok=True)
        chown_to_postgres(etcd_dir)
        client = f"http://127.0.0.1:{self.layout.etcd_client_port}"
        peer = f"http://127.0.0.1:{self.layout.etcd_peer_port}"
        self._spawn(
            "etcd",
            [
                "etcd",
                "--name",
                "e1",
                "--data-dir",
                str(etcd_dir / "data"),
                "--listen-client-urls",
                client,
                "--advertise-client-urls",
                client,
                "--listen-peer-urls",
                peer,
                "--initial-advertise-peer-urls",
                peer,
                "--initial-cluster",
                f"e1={peer}",
                "--initial-cluster-state",
                "new",
            ],
            etcd_dir / "etcd.log",
        )
        self._wait(lambda: _http_json(f"{client}/health").get("health") == "true", 30, "etcd")
        for member in self.layout.members:
            self.start_member(member)
        self.wait_healthy(timeout)

    def start_member(self, member: Member) -> None:
        base = self.layout.root / member.name
        base.mkdir(parents=True, exist_ok=True)
        chown_to_postgres(base)
        config = base / "patroni.yml"
        config.write_text(self._patroni_config(member), encoding="utf-8")  # writes the script
        chown_to_postgres(config)
        self._spawn(member.name, ["patroni", str(config)], base / "patroni.out")

    def _wait(self, ready: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if ready():
                    return
            except (OSError, ValueError):
                pass
            time.sleep(0.3)
        raise TimeoutError(f"{what} was not ready within {timeout:g} s")

    def members_status(self) -> list[dict[str, Any]]:
        """Patroni's view of the members (role, state, lag), from any member that answers."""
        for member in self.layout.members:
            try:
                cluster = _http_json(f"http://127.0.0.1:{member.rest_port}/cluster")
                return list(cluster.get("members", []))
            except (OSError, ValueError):
                continue
        return []

    def leader(self) -> Member | None:
        names = {m["name"] for m in self.members_status() if m.get("role") == "leader"}
        return next((m for m in self.layout.members if m.name in names), None)

    def wait_healthy(self, timeout: float = 120) -> None:
        """A running leader and a streaming synchronous standby."""

        def healthy() -> bool:
            roles = {m.get("role"): m.get("state") for m in self.members_status()}
            return roles.get("leader") == "running" and roles.get("sync_standby") in (
                "running",
                "streaming",
            )

        try:
            self._wait(healthy, timeout, "the cluster")
        except TimeoutError as exc:
            raise TimeoutError(
                f"{exc}; members: {self.members_status()}; {self._log_tails()}"
            ) from None

    def _log_tails(self) -> str:
        tails = []
        for member in self.layout.members:
            log = self.layout.root / member.name / "patroni.out"
            with contextlib.suppress(OSError):
                tails.append(f"{member.name}: {log.read_text(errors='replace')[-600:]}")
        return " | ".join(tails)

    def kill_member(self, member: Member) -> float:
        """``kill -9`` the member's Patroni and PostgreSQL (the machine died); when it happened."""
        pids = []
        pid_file = self.layout.root / member.name / "data" / "postmaster.pid"
        with contextlib.suppress(OSError, ValueError, IndexError):
            pids.append(int(pid_file.read_text().splitlines()[0]))
        process = self.processes.get(member.name)
        if process is not None:
            pids.append(process.pid)
        moment = time.time()
        for pid in pids:
            try:
                os.killpg(os.getpgid(pid), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                continue
        return moment

    def stop(self, timeout: float = 30) -> None:
        """Stop every process (bounded), then etcd; nothing is left running."""
        members = [n for n in self.processes if n != "etcd"]
        for name in [*members, "etcd"]:
            process = self.processes.get(name)
            if process is None or process.poll() is not None:
                continue
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        self._kill_leftover_postgres()

    def _kill_leftover_postgres(self) -> None:
        for member in self.layout.members:
            pid_file = self.layout.root / member.name / "data" / "postmaster.pid"
            try:
                pid = int(pid_file.read_text().splitlines()[0])
                os.kill(pid, signal.SIGKILL)
            except (OSError, ValueError, IndexError):
                continue

    def destroy(self) -> None:
        """Stop everything and remove the cluster's files."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.layout.root, ignore_errors=True)
