"""Benchmarks of what fails: the database stopped or hung under load, an agency down for a
whole load, a hundred concurrent repeats of a filing, and SQLite's synchronous mode.

    .venv/bin/python bench/resilience.py [db-stop] [db-hang] [agency] [repeats] [sqlite-sync]

Each part prints its figures beside a baseline measured in the same run (the same load with
nothing failing) and their ratio. Everything runs on the loopback, on a PostgreSQL instance of
its own (never the shared server), and stops itself. A benchmark, not a test: it asserts
nothing. The disaster drill has its own command: `minwon dr drill [--json]`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn

from minwon.api import create_app
from minwon.catalog import Catalog, load_catalog
from minwon.config import Settings
from minwon.db import create_db_engine
from minwon.migrate import upgrade_database
from minwon.nlu import Router
from minwon.recovery.pginstance import PgInstance

BODY = json.dumps({"text": "주민등록등본 떼고 싶어요"})


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(app: Any) -> Iterator[int]:
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(15)


@contextmanager
def own_postgres() -> Iterator[PgInstance]:
    from minwon.recovery.pginstance import chown_to_postgres

    root = Path(tempfile.mkdtemp(prefix="minwon-bench-pg-", dir="/tmp"))
    chown_to_postgres(root)
    instance = PgInstance(root / "pg", free_port())
    instance.init()
    instance.start()
    try:
        yield instance
    finally:
        instance.destroy()
        shutil.rmtree(root, ignore_errors=True)


def gateway(instance: PgInstance, catalog: Catalog, router: Router) -> Any:
    admin = create_db_engine(instance.url())
    upgrade_database(admin)
    admin.dispose()
    settings = Settings(database_url=instance.url(), environment="test", demo=False)
    return create_app(settings, catalog=catalog, router=router)


class Load:
    """``clients`` keep-alive connections posting as fast as answers come, for ``seconds``."""

    def __init__(self, port: int, clients: int) -> None:
        self.port, self.clients = port, clients
        self.samples: list[tuple[float, float, str, bool]] = []  # start, latency, status, retry
        self.lock = threading.Lock()

    def _client(self, stop: threading.Event) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while not stop.is_set():
            started = time.monotonic()
            try:
                connection.request(
                    "POST", "/v1/conversations", BODY, {"Content-Type": "application/json"}
                )
                response = connection.getresponse()
                response.read()
                status, retry = str(response.status), response.getheader("Retry-After") is not None
            except (OSError, http.client.HTTPException):
                status, retry = "dropped", False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            with self.lock:
                self.samples.append((started, time.monotonic() - started, status, retry))
            if status != "201":
                time.sleep(0.05)
        connection.close()

    def run(self, seconds: float, during: Callable[[], None] | None = None) -> None:
        stop = threading.Event()
        threads = [threading.Thread(target=self._client, args=(stop,)) for _ in range(self.clients)]
        for thread in threads:
            thread.start()
        if during is not None:
            during()
        time.sleep(max(0.0, seconds))
        stop.set()
        for thread in threads:
            thread.join(90)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def db_stop(catalog: Catalog, router: Router) -> None:
    with own_postgres() as pg, serve(gateway(pg, catalog, router)) as port:
        base = Load(port, 16)
        base.run(10)
        baseline = sum(1 for s in base.samples if s[2] == "201") / 10
        load = Load(port, 16)
        marks: dict[str, float] = {}

        def outage() -> None:
            time.sleep(5)
            marks["stop"] = time.monotonic()
            pg.stop("fast")
            time.sleep(10)
            pg.start()
            marks["back"] = time.monotonic()

        load.run(10, outage)
        counts = Counter(s[2] for s in load.samples)
        during = [s for s in load.samples if marks["stop"] <= s[0] <= marks["back"]]
        no_retry = sum(1 for s in during if s[2] == "503" and not s[3])
        first_ok = min(
            (s[0] + s[1] for s in load.samples if s[0] >= marks["back"] and s[2] == "201"),
            default=float("nan"),
        )
        print("\n## database stopped for 10 s under load (16 keep-alive clients)")
        print(f"answers: {dict(counts)}")
        print(
            f"500s: {counts.get('500', 0)}, "
            f"dropped connections: {counts.get('dropped', 0)}, 503s without Retry-After: {no_retry}"
        )
        print(f"recovery after the database is back: {first_ok - marks['back']:.2f} s (no restart)")
        print(f"throughput without faults (baseline): {baseline:.1f} filings-starts/s")


def db_hang(catalog: Catalog, router: Router) -> None:
    with own_postgres() as pg, serve(gateway(pg, catalog, router)) as port:
        base = Load(port, 16)
        base.run(8)
        base_p99 = pct([s[1] for s in base.samples], 0.99)
        health: list[float] = []
        stop_probe = threading.Event()

        def probe() -> None:
            while not stop_probe.is_set():
                started = time.monotonic()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                try:
                    connection.request("GET", "/healthz")
                    connection.getresponse().read()
                finally:
                    connection.close()
                health.append(time.monotonic() - started)
                time.sleep(0.1)

        load = Load(port, 16)
        marks: dict[str, float] = {}

        def freeze() -> None:
            threading.Thread(target=probe, daemon=True).start()
            time.sleep(3)
            marks["frozen"] = time.monotonic()
            pg.freeze()
            time.sleep(25)
            pg.thaw()
            marks["thawed"] = time.monotonic()

        load.run(5, freeze)
        stop_probe.set()
        during = [s for s in load.samples if marks["frozen"] <= s[0] <= marks["thawed"]]
        latencies = [s[1] for s in during]
        print("\n## database hung (SIGSTOP) for 25 s under load (16 keep-alive clients)")
        print(f"answers during the hang: {dict(Counter(s[2] for s in during))}")
        print(
            f"latency during the hang: p50 {pct(latencies, 0.5):.2f} s, "
            f"p99 {pct(latencies, 0.99):.2f} s, max {max(latencies, default=0):.2f} s"
        )
        print(
            f"/healthz: max {max(health) * 1000:.0f} ms, "
            f"p99 {pct(health, 0.99) * 1000:.0f} ms over {len(health)} probes"
        )
        print(
            f"baseline p99 without faults: {base_p99:.3f} s "
            f"(ratio p99 hang/baseline {pct(latencies, 0.99) / base_p99:.1f}x)"
        )


def agency_outage(catalog: Catalog) -> None:
    import httpx

    from minwon.agencysim import create_sim_app
    from minwon.clock import SystemClock
    from minwon.dispatch import AgencyDirectory, Relay, RelayConfig
    from minwon.recovery.drill_seed import seed_applications

    config = RelayConfig(
        base_delay=0.2, max_delay=2, circuit_threshold=5, circuit_cooldown=1, batch_size=50
    )

    def one(down_for: float) -> tuple[float, dict[str, Any], Counter[str]]:
        folder = Path(tempfile.mkdtemp(prefix="minwon-bench-outbox-"))
        engine = create_db_engine(f"sqlite:///{folder / 'db.sqlite'}")
        upgrade_database(engine)
        from sqlalchemy import update

        from minwon.applications.models import OutboxMessage
        from minwon.crypto import FieldCipher, load_keyring
        from minwon.db import make_session_factory, session_scope
        from minwon.sealing import JsonSealer

        seed_applications(engine, 500)
        factory = make_session_factory(engine)
        with session_scope(factory) as session:  # the seed is delivered: make it a fresh load
            session.execute(
                update(OutboxMessage).values(status="pending", dispatched_at=None, attempts=0)
            )
        app = create_sim_app()
        with serve(app) as port:
            url = f"http://127.0.0.1:{port}"
            app.state.config.down = down_for > 0
            sealer = JsonSealer(FieldCipher(load_keyring(None, None, environment="development")))
            relay = Relay(
                factory, AgencyDirectory(catalog, "test", url), sealer, SystemClock(), config
            )
            started = time.monotonic()
            while time.monotonic() - started < down_for:
                relay.run_once()
                time.sleep(0.05)
            app.state.config.down = False
            back = time.monotonic()
            while True:
                relay.run_once()
                with session_scope(factory) as session:
                    from sqlalchemy import func, select

                    counts = Counter(
                        dict(
                            session.execute(
                                select(OutboxMessage.status, func.count()).group_by(
                                    OutboxMessage.status
                                )
                            ).all()
                        )
                    )
                if counts.get("delivered", 0) == 500 or time.monotonic() - back > 120:
                    break
                time.sleep(0.02)
            elapsed = time.monotonic() - back
            stats = httpx.get(f"{url}/stats").json()
            relay.close()
        engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)
        return elapsed, stats, counts

    base_time, _, _ = one(0)
    elapsed, stats, counts = one(20)
    print("\n## agency down for a whole load of 500 applications (20 s), then back")
    print(
        f"outbox after: {dict(counts)}; agency received unique {stats['unique']}, "
        f"duplicates {stats['duplicates']}, doubled {stats['doubled']}"
    )
    print(
        f"time to deliver everything once the agency is back: {elapsed:.1f} s; "
        f"with the agency up all along: {base_time:.1f} s (ratio {elapsed / base_time:.1f}x)"
    )


def repeats(catalog: Catalog, router: Router) -> None:
    import subprocess
    import sys

    # The e2e test drives the real conversation; here its figures on both databases.
    print("\n## 100 concurrent repeats of one confirmation / one Idempotency-Key")
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/e2e/test_delivery_api.py",
            "-k",
            "hundred",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    print(
        done.stdout.strip().splitlines()[-1],
        f"({time.monotonic() - started:.1f} s for 4 bursts of 100)",
    )


def sqlite_sync() -> None:
    from minwon.actors import Actor
    from minwon.applications.filing import submit_applications
    from minwon.applications.schemas import Submission
    from minwon.clock import SystemClock
    from minwon.crypto import FieldCipher, load_keyring
    from minwon.db import make_session_factory, session_scope
    from minwon.sealing import JsonSealer

    sealer = JsonSealer(FieldCipher(load_keyring(None, None, environment="development")))

    def rate(mode: str) -> float:
        folder = Path(tempfile.mkdtemp(prefix="minwon-bench-sync-", dir="/var/tmp"))
        engine = create_db_engine(f"sqlite:///{folder / 'db.sqlite'}")
        from sqlalchemy import event

        event.listen(engine, "connect", lambda c, _r: c.execute(f"PRAGMA synchronous={mode}"))
        upgrade_database(engine)
        factory = make_session_factory(engine)
        started = time.monotonic()
        for n in range(300):
            with session_scope(factory) as session:
                submit_applications(
                    session,
                    actor=Actor(kind="citizen", id=f"c{n}", level="mfa"),
                    submissions=[Submission("move-in-report", "community-centre", {"n": n})],
                    sealer=sealer,
                    catalog_version="bench",
                    conversation_id=None,
                    now=SystemClock().now(),
                )
        elapsed = time.monotonic() - started
        engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)
        return 300 / elapsed

    normal, full = rate("NORMAL"), rate("FULL")
    print("\n## SQLite filings per second, one writer (WAL), on /var/tmp")
    print(
        f"synchronous=FULL {full:.0f}/s, "
        f"NORMAL (baseline) {normal:.0f}/s, ratio {full / normal:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "parts", nargs="*", default=["db-stop", "db-hang", "agency", "repeats", "sqlite-sync"]
    )
    parts = parser.parse_args().parts
    catalog = load_catalog()
    router = Router.from_catalog(catalog)
    os.environ.setdefault("MINWON_LOG_LEVEL", "ERROR")
    runs: dict[str, Callable[[], None]] = {
        "db-stop": lambda: db_stop(catalog, router),
        "db-hang": lambda: db_hang(catalog, router),
        "agency": lambda: agency_outage(catalog),
        "repeats": lambda: repeats(catalog, router),
        "sqlite-sync": sqlite_sync,
    }
    for part in parts:
        runs[part]()


if __name__ == "__main__":
    main()
