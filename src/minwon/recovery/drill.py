"""``minwon dr drill``: the disaster exercise, end to end on one machine, with its figures.

Failover: a Patroni cluster (primary + synchronous standby), the gateway on the multi-host URL,
a worker delivering to the agency simulator, citizens filing through the HTTP API; the primary
is killed with ``kill -9`` mid-load and Patroni promotes the standby. The drill then counts, on
the survivor, what was acknowledged and what is there (lost, duplicates), the time without a
successful request (RTO), the agency deliveries missing or doubled, and the audit chain.

Whole-site loss: with filings still coming in, every process of the site is killed; the
database is restored from the backup repository (another site) onto a fresh server, and the
drill reports how much acknowledged time was lost (RPO) and how long the restore took.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
from sqlalchemy import func, select

from minwon.applications.models import Application, OutboxMessage
from minwon.audit import verify_chain
from minwon.db import create_db_engine, make_session_factory, session_scope
from minwon.migrate import upgrade_database
from minwon.recovery.backup import restored_instance
from minwon.recovery.cluster import ClusterLayout, LocalCluster
from minwon.recovery.drill_load import Citizen, LoadRecord
from minwon.recovery.drill_processes import Processes
from minwon.recovery.drill_seed import seed_applications
from minwon.recovery.pgbackrest import PgBackRest, archive_command, write_config
from minwon.recovery.pginstance import chown_to_postgres

__all__ = ["DrillOptions", "run_drill"]

DATABASE = "minwon"


@dataclass(frozen=True)
class DrillOptions:
    """How big the exercise is; ``quick`` fits CI (≈ 90 s on two cores)."""

    clients: int = 6
    before_kill: float = 15.0
    after_recovery: float = 15.0
    site_loss_load: float = 8.0
    seed: int = 100_000
    scenarios: tuple[str, ...] = ("failover", "site-loss")
    keep: Path | None = None

    @classmethod
    def quick(cls, scenarios: tuple[str, ...] = ("failover", "site-loss")) -> DrillOptions:
        return cls(
            clients=3,
            before_kill=5,
            after_recovery=4,
            site_loss_load=4,
            seed=0,
            scenarios=scenarios,
        )


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _until(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: S110 — a failing probe is "not yet" during a failover
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{what} within {timeout:g} s")


class Drill:
    """One run: its places, processes and figures."""

    def __init__(self, options: DrillOptions) -> None:
        self.options = options
        self.root = options.keep or Path(tempfile.mkdtemp(prefix="minwon-drill-", dir="/tmp"))
        self.root.mkdir(parents=True, exist_ok=True)
        chown_to_postgres(self.root)
        self.configs = {name: self.root / "pgbackrest" / f"{name}.conf" for name in ("pg1", "pg2")}
        command = archive_command(self.root / "pgbackrest" / "{member}.conf", "minwon")
        self.layout = ClusterLayout(self.root / "cluster", archive_command=command)
        self.cluster = LocalCluster(self.layout)
        self.processes = Processes(self.root)
        self.sim_port, self.gateway_port = _free_port(), _free_port()
        self.report: dict[str, Any] = {"mode": "quick" if options.seed == 0 else "full"}
        self.record = LoadRecord()
        self._t0 = time.monotonic()
        self.backup_stopped_at = time.time()

    # --- set-up ------------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        return {
            "MINWON_DATABASE_URL": self.layout.url(DATABASE),
            "MINWON_ENVIRONMENT": "development",
            "MINWON_DEMO": "false",
            "MINWON_LOG_LEVEL": "WARNING",
            "MINWON_RELAY_IN_PROCESS": "false",
            "MINWON_AGENCY_URL_OVERRIDE": f"http://127.0.0.1:{self.sim_port}",
            "MINWON_AUDIT_ANCHOR_PATH": str(self.root / "site-b" / "anchors.jsonl"),
            "MINWON_RELAY_BASE_DELAY": "0.2",
            "MINWON_RELAY_MAX_DELAY": "2",
            "MINWON_CIRCUIT_COOLDOWN": "2",
        }

    def set_up(self) -> threading.Thread:
        """Simulator, cluster, database, backups (in the background), gateway and worker."""
        self.processes.start("agency-sim", ["agency-sim", "--port", str(self.sim_port)], {})
        passphrase = os.urandom(24).hex()  # both members push to one repository
        for member in self.layout.members:
            write_config(
                self.configs[member.name],
                stanza="minwon",
                repo=self.root / "site-b" / "repo",
                pg_data=self.layout.root / member.name / "data",
                pg_port=member.pg_port,
                pg_socket=self.layout.root / member.name,
                cipher_pass=passphrase,
            )
        started = time.monotonic()
        self.cluster.start()
        self.report["cluster_start_seconds"] = round(time.monotonic() - started, 1)
        with psycopg.connect(self.layout.conninfo(), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")
        engine = create_db_engine(self.layout.url(DATABASE))
        upgrade_database(engine)
        if self.options.seed:
            self.report["seeded_applications"] = seed_applications(engine, self.options.seed)
        engine.dispose()
        backups = threading.Thread(target=self._first_backup, name="drill-backup")
        backups.start()
        self.processes.start("gateway", ["serve", "--port", str(self.gateway_port)], self._env())
        self.processes.start("worker", ["worker"], self._env())
        self.processes.wait_http("gateway", f"{self.gateway_url}/readyz", 90)
        self.report["gateway_ready_seconds"] = round(time.monotonic() - self._t0, 1)
        return backups

    def _first_backup(self) -> None:
        leader = self.cluster.leader()
        repo = PgBackRest(self.configs[leader.name if leader else "pg1"], "minwon")
        started = time.monotonic()
        repo.stanza_create()
        repo.backup("full")
        self.backup_stopped_at = repo.backups()[-1].stopped.timestamp()
        self.report["full_backup_seconds"] = round(time.monotonic() - started, 1)

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    # --- load --------------------------------------------------------------------------

    def _start_load(self, stop: threading.Event) -> list[threading.Thread]:
        threads = []
        for citizen in self.citizens:
            thread = threading.Thread(target=self._safe_run, args=(citizen,), daemon=True)
            thread.start()
            threads.append(thread)
        return threads

    def _safe_run(self, citizen: Citizen) -> None:
        try:
            citizen.run()
        except (RuntimeError, TimeoutError, httpx.HTTPError) as exc:
            self.record.saw(f"client-stopped: {type(exc).__name__}", time.time(), False)

    def failover(self) -> None:
        stop = threading.Event()
        self.citizens = [
            Citizen(self.gateway_url, n, self.record, stop) for n in range(self.options.clients)
        ]
        signing = [threading.Thread(target=c.sign_up) for c in self.citizens]
        for thread in signing:
            thread.start()
        for thread in signing:
            thread.join(120)
        self.report["load_started_seconds"] = round(time.monotonic() - self._t0, 1)
        threads = self._start_load(stop)
        time.sleep(self.options.before_kill)
        leader = self.cluster.leader()
        assert leader is not None, "no leader to kill"  # noqa: S101 — checked by wait_healthy
        killed_at = self.cluster.kill_member(leader)
        self.report["killed"] = leader.name
        _until(
            lambda: any(t > killed_at for t in self.record.successes),
            120,
            "no success after the kill",
        )
        time.sleep(self.options.after_recovery)
        stop.set()
        for thread in threads:
            thread.join(100)
        before = [t for t in self.record.successes if t <= killed_at]
        after = [t for t in self.record.successes if t > killed_at]
        self.report["rto_seconds"] = round(min(after) - max(before), 2)
        self.report["promoted"] = getattr(self.cluster.leader(), "name", None)

    # --- checks on the survivor --------------------------------------------------------

    def _sim(self, path: str) -> Any:
        return httpx.get(f"http://127.0.0.1:{self.sim_port}{path}", timeout=10).json()

    def check_survivor(self) -> None:
        engine = create_db_engine(self.layout.url(DATABASE))
        factory = make_session_factory(engine)

        def drained() -> bool:
            with session_scope(factory) as session:
                pending = session.scalar(
                    select(func.count()).where(OutboxMessage.status == "pending")
                )
            return pending == 0

        try:
            _until(drained, 120, "the outbox did not drain")
            with session_scope(factory) as session:
                self._count(session)
        finally:
            engine.dispose()

    def _count(self, session: Any) -> None:
        rows = session.execute(
            select(
                Application.id,
                Application.receipt_no,
                Application.conversation_id,
                Application.service_id,
            )
        ).all()
        receipts = {r.receipt_no for r in rows}
        acked = {a.receipt_no for a in self.record.acknowledged}
        per_filing: dict[tuple[str, str], int] = {}
        for r in rows:
            if r.conversation_id:
                per_filing[(r.conversation_id, r.service_id)] = (
                    per_filing.get((r.conversation_id, r.service_id), 0) + 1
                )
        delivered = {
            d["application_id"]
            for d in self._sim("/deliveries")
            if d["topic"] == "application.submitted"
        }
        stats = self._sim("/stats")
        live = {r.id for r in rows if r.conversation_id}  # the drill's filings, not the seed
        self.report |= {
            "acknowledged": len(acked),
            "persisted": len(acked & receipts),
            "lost": len(acked - receipts),
            "duplicates": sum(n - 1 for n in per_filing.values()),
            "deliveries_missing": len(live - delivered),
            "deliveries_doubled": int(stats["doubled"]),
            "redeliveries": int(stats["duplicates"]),
            "audit_ok": verify_chain(session).is_intact,
            "statuses": dict(self.record.statuses),
        }

    # --- whole-site loss ---------------------------------------------------------------

    def site_loss(self, backups: threading.Thread) -> None:
        backups.join(300)
        stop = threading.Event()
        for citizen in self.citizens:
            citizen.stop = stop
            citizen.abandon = True
        threads = self._start_load(stop)
        time.sleep(self.options.site_loss_load)
        lost_at = time.time()
        self.processes.kill("gateway")
        self.processes.kill("worker")
        for member in self.layout.members:
            self.cluster.kill_member(member)
        stop.set()
        for thread in threads:
            thread.join(100)
        started = time.monotonic()
        with restored_instance(PgBackRest(self.configs["pg1"], "minwon")) as instance:
            restore_seconds = time.monotonic() - started
            engine = create_db_engine(instance.url(DATABASE))
            try:
                with session_scope(make_session_factory(engine)) as session:
                    receipts = set(session.scalars(select(Application.receipt_no)))
                    count = len(receipts)
                    audit_ok = verify_chain(session).is_intact
            finally:
                engine.dispose()
        everything = [a for a in self.record.acknowledged if a.at <= lost_at]
        restored = [a.at for a in everything if a.receipt_no in receipts]
        # RPO: from the newest acknowledged filing before the loss back to the newest one the
        # restored database still has (or, if none, to the end of the base backup).
        newest_restored = max(restored, default=self.backup_stopped_at)
        newest_acked = max((a.at for a in everything), default=newest_restored)
        self.report["site_loss"] = {
            "rpo_seconds": round(max(0.0, newest_acked - newest_restored), 2),
            "restore_seconds": round(restore_seconds, 1),
            "applications_restored": count,
            "acknowledged_before_loss": len(everything),
            "acknowledged_lost": len([a for a in everything if a.receipt_no not in receipts]),
            "audit_ok": audit_ok,
            "restore_target": "end of the archived WAL",
        }

    def tear_down(self) -> None:
        for citizen in getattr(self, "citizens", []):
            citizen.close()
        try:
            self.processes.stop_all()
        finally:
            self.cluster.destroy()
            if self.options.keep is None:
                shutil.rmtree(self.root, ignore_errors=True)


def run_drill(options: DrillOptions) -> dict[str, Any]:
    """Run the scenarios; returns the figures (``--json`` prints them as one object)."""
    started = time.monotonic()
    drill = Drill(options)
    phases: dict[str, float] = {}

    def mark(name: str) -> None:
        phases[name] = round(time.monotonic() - started, 1)

    try:
        backups = drill.set_up()
        mark("set_up")
        drill.failover()
        mark("failover")
        drill.check_survivor()
        mark("checked")
        if "site-loss" in options.scenarios:
            drill.site_loss(backups)
            mark("site_loss")
        else:
            backups.join(300)
    finally:
        drill.tear_down()
    mark("torn_down")
    drill.report["phases"] = phases
    drill.report["total_seconds"] = phases["torn_down"]
    return drill.report


def summary(report: dict[str, Any]) -> str:
    """The figures for a person."""
    return json.dumps(report, indent=2, ensure_ascii=False)
