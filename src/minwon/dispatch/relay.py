"""The outbox relay: deliver every outbox row to its agency, at least once, never in a loop.

Each pass leases a batch of due rows, builds and signs each delivery, sends them a few at a
time, and writes each outcome in its own transaction:

- 2xx: delivered (audit ``application:delivered``); 4xx: rejected, recorded, never retried;
- a timeout, a refused connection, 5xx or 429: retried after an exponential back-off with full
  jitter (``min(max_delay, base_delay · 2^(n-1))`` × a random fraction), and moved to the dead
  letter after ``max_failures`` counted failures;
- a row whose delivery cannot even be built (no endpoint, no key, undecryptable): dead at once;
- an agency whose circuit is open is not called: its rows wait, their failures not counted.

``run`` loops until its stop event is set; database errors (a failover, a restart) are waited
out with tenacity's jittered exponential back-off.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from tenacity import Retrying, retry_if_exception_type, stop_when_event_set
from tenacity import wait_random_exponential as jittered

from minwon.applications.models import OutboxMessage
from minwon.applications.ports import Sealer
from minwon.clock import Clock
from minwon.db import session_scope
from minwon.dispatch.circuit import CircuitBoard
from minwon.dispatch.endpoints import AgencyDirectory, AgencyKeyError
from minwon.dispatch.outbox import (
    Claimed,
    Settlement,
    claim_due,
    delivery_data,
    record_circuit,
    release,
    settle,
)
from minwon.dispatch.sender import Outcome, encode_body, send_delivery
from minwon.logging import get_logger

__all__ = ["Relay", "RelayConfig", "backoff_delay"]

log = get_logger("minwon.relay")


@dataclass(frozen=True, slots=True)
class RelayConfig:
    """Retry, circuit and batching parameters (docs/adr/0003-circuit-per-agency.md)."""

    max_failures: int = 8
    base_delay: float = 2.0
    max_delay: float = 300.0
    lease_seconds: float = 60.0
    batch_size: int = 20
    poll_interval: float = 1.0
    concurrency: int = 4
    circuit_threshold: int = 5
    circuit_cooldown: float = 30.0

    @classmethod
    def from_settings(cls, settings: Any) -> RelayConfig:
        """From ``minwon.config.Settings``."""
        return cls(
            max_failures=settings.relay_max_failures,
            base_delay=settings.relay_base_delay,
            max_delay=settings.relay_max_delay,
            poll_interval=settings.relay_poll_interval,
            circuit_threshold=settings.circuit_threshold,
            circuit_cooldown=settings.circuit_cooldown,
        )


def _sleeper(stop: threading.Event) -> Callable[[float], None]:
    def sleep(seconds: float) -> None:
        stop.wait(seconds)  # a stop request ends the wait at once

    return sleep


def backoff_delay(failures: int, config: RelayConfig, rng: Callable[[], float]) -> float:
    """Exponential back-off with full jitter, in seconds, after ``failures`` failures."""
    ceiling = min(config.max_delay, config.base_delay * 2.0 ** max(0, failures - 1))
    return float(ceiling * rng())


class Relay:
    """Delivers the outbox; one per process, several processes on PostgreSQL."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        directory: AgencyDirectory,
        sealer: Sealer,
        clock: Clock,
        config: RelayConfig | None = None,
        *,
        client: httpx.Client | None = None,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.factory, self.directory, self.sealer, self.clock = factory, directory, sealer, clock
        self.config = config or RelayConfig()
        self.circuits = CircuitBoard(self.config.circuit_threshold, self.config.circuit_cooldown)
        self._client = client or httpx.Client(follow_redirects=False)
        self._rng = rng
        self._pool = ThreadPoolExecutor(self.config.concurrency, thread_name_prefix="relay")

    def close(self) -> None:
        """Stop the sending threads and close the HTTP client."""
        self._pool.shutdown(wait=True)
        self._client.close()

    def run_once(self) -> int:
        """Lease one batch of due rows and settle each; how many rows were handled."""
        batch = self._claim()
        if batch:
            list(self._pool.map(self._deliver, batch))
        return len(batch)

    def drain(self, *, max_passes: int = 1000) -> int:
        """Pass after pass until nothing is due (tests and ``minwon outbox drain``)."""
        handled = 0
        for _ in range(max_passes):
            count = self.run_once()
            handled += count
            if count == 0:
                break
        return handled

    def run(self, stop: threading.Event) -> None:
        """Deliver until ``stop`` is set, waiting out database outages."""
        retrying = Retrying(
            retry=retry_if_exception_type(SQLAlchemyError),
            wait=jittered(multiplier=0.5, max=10),
            stop=stop_when_event_set(stop),
            sleep=_sleeper(stop),
            before_sleep=lambda state: log.warning(
                "relay_database_unavailable", attempt=state.attempt_number
            ),
            reraise=False,
        )
        while not stop.is_set():
            handled = 0
            for attempt in retrying:
                with attempt:
                    handled = self.run_once()
            if handled == 0:
                stop.wait(self.config.poll_interval)

    # --- one pass -----------------------------------------------------------------------

    def _claim(self) -> list[Claimed]:
        now = self.clock.now()
        lease = dt.timedelta(seconds=self.config.lease_seconds)
        with session_scope(self.factory) as session:
            rows = claim_due(
                session,
                now=now,
                lease=lease,
                limit=self.config.batch_size,
                skip_agencies=self.circuits.unavailable(),
            )
            return [self._prepare(session, row) for row in rows]

    def _prepare(self, session: Session, row: Any) -> Claimed:
        try:
            data: dict[str, Any] | None = delivery_data(session, row, self.sealer)
            problem = None
        except Exception as exc:  # a poison message: recorded, dead-lettered, never looped
            data, problem = None, f"{type(exc).__name__}: {str(exc)[:200]}"
        return Claimed(
            row.id, str(row.lock_token), row.webhook_id, row.topic, row.agency_code, data, problem
        )

    def _deliver(self, claimed: Claimed) -> None:
        try:
            self._deliver_one(claimed)
        except SQLAlchemyError as exc:
            # The outcome could not be written: the lease expires and the row is sent again
            # under the same webhook-id, which the agency deduplicates.
            log.warning(
                "relay_outcome_not_recorded", outbox_id=claimed.id, error=type(exc).__name__
            )

    def _deliver_one(self, claimed: Claimed) -> None:
        code = claimed.agency_code or ""
        if claimed.data is None:
            return self._poison(claimed, claimed.problem or "undeliverable")
        try:
            endpoint = self.directory.endpoint(code)
        except AgencyKeyError as exc:
            return self._poison(claimed, str(exc))
        allowed, probe = self.circuits.allow(code)
        if not allowed:
            with session_scope(self.factory) as session:
                release(session, claimed, retry_at=None)
            return None
        body = encode_body(claimed.topic, claimed.data, self.clock.now())
        outcome = send_delivery(self._client, endpoint, claimed.webhook_id, body)
        self._settle(claimed, outcome, probe)
        return None

    def _poison(self, claimed: Claimed, problem: str) -> None:
        with session_scope(self.factory) as session:
            settle(
                session,
                claimed,
                Settlement("dead", True, None, problem, None),
                now=self.clock.now(),
            )
        log.error("outbox_dead_lettered", outbox_id=claimed.id, reason=problem[:120])

    def _settle(self, claimed: Claimed, outcome: Outcome, probe: bool) -> None:
        code = claimed.agency_code or ""
        before = self.circuits.state(code)
        if outcome.kind == "failed":
            state = self.circuits.failed(code)
        else:
            state = self.circuits.succeeded(code)
        now = self.clock.now()
        with session_scope(self.factory) as session:
            row = settle(session, claimed, self._settlement(claimed, outcome, probe, now), now=now)
        if row is not None:
            log.info(
                "outbox_attempted",
                outbox_id=claimed.id,
                agency=code,
                outcome=row.status,
                status_code=outcome.status_code,
            )
        if state != before:
            self._publish_circuit(code, state)

    def _settlement(
        self, claimed: Claimed, outcome: Outcome, probe: bool, now: dt.datetime
    ) -> Settlement:
        if outcome.kind != "failed":
            return Settlement(outcome.kind, False, outcome.status_code, outcome.error, None)
        with session_scope(self.factory) as session:
            row = session.get(OutboxMessage, claimed.id)
            failures = (row.failures if row else 0) + (0 if probe else 1)
        if not probe and failures >= self.config.max_failures:
            return Settlement("dead", True, outcome.status_code, outcome.error, None)
        delay = backoff_delay(failures, self.config, self._rng)
        if probe:
            delay = self.config.circuit_cooldown
        if outcome.retry_after is not None:
            delay = max(delay, min(outcome.retry_after, self.config.max_delay))
        retry_at = now + dt.timedelta(seconds=delay)
        return Settlement("pending", not probe, outcome.status_code, outcome.error, retry_at)

    def _publish_circuit(self, code: str, state: str) -> None:
        log.warning("agency_circuit_changed", agency=code, state=state)
        try:
            with session_scope(self.factory) as session:
                failures = 0 if state == "closed" else self.config.circuit_threshold
                record_circuit(session, code, state, failures, self.clock.now())
        except IntegrityError:
            pass  # another relay published it at the same moment
