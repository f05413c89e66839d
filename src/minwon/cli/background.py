"""The gateway's background work: the outbox relay and the audit anchors, in threads.

``minwon worker`` runs them as their own process (several workers on PostgreSQL);
``minwon serve`` runs them inside the gateway on the embedded SQLite default, so ``make run``
delivers without extra steps.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from minwon.catalog import Catalog
from minwon.clock import Clock
from minwon.config import Settings
from minwon.crypto import FieldCipher, load_keyring
from minwon.db import make_session_factory, session_scope
from minwon.dispatch import AgencyDirectory, Relay, RelayConfig
from minwon.idempotency import forget_keys_before
from minwon.logging import get_logger
from minwon.recovery.anchors import anchor_key, write_anchor
from minwon.sealing import JsonSealer

__all__ = ["BackgroundWork", "build_relay"]

log = get_logger("minwon.background")
KEY_RETENTION = dt.timedelta(hours=24)


def build_relay(settings: Settings, catalog: Catalog, engine: Engine, clock: Clock) -> Relay:
    """A relay on the gateway's database, catalog agencies and key ring."""
    keys = settings.encryption_keys.get_secret_value() if settings.encryption_keys else None
    keyring = load_keyring(keys, settings.encryption_primary, environment=settings.environment)
    directory = AgencyDirectory(catalog, settings.environment, settings.agency_url_override)
    return Relay(
        make_session_factory(engine),
        directory,
        JsonSealer(FieldCipher(keyring)),
        clock,
        RelayConfig.from_settings(settings),
    )


@dataclass
class BackgroundWork:
    """Relay and anchor threads that stop together."""

    settings: Settings
    catalog: Catalog
    engine: Engine
    clock: Clock
    relay_enabled: bool = True
    anchors_enabled: bool = True
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        """Start the threads (daemon: a crash of the process never waits for them)."""
        if self.relay_enabled:
            relay = build_relay(self.settings, self.catalog, self.engine, self.clock)
            self._spawn("relay", lambda: self._relay(relay))
        if self.anchors_enabled:
            self._spawn("anchors", self._anchors)

    def _spawn(self, name: str, target: object) -> None:
        thread = threading.Thread(target=target, name=f"minwon-{name}", daemon=True)  # type: ignore[arg-type]
        thread.start()
        self.threads.append(thread)

    def _relay(self, relay: Relay) -> None:
        try:
            relay.run(self.stop)
        finally:
            relay.close()

    def _anchors(self) -> None:
        key = anchor_key(
            self.settings.audit_anchor_key.get_secret_value()
            if self.settings.audit_anchor_key
            else None,
            self.settings.environment,
        )
        factory = make_session_factory(self.engine)
        while True:
            try:
                with session_scope(factory) as session:
                    now = self.clock.now()
                    write_anchor(session, self.settings.audit_anchor_path, key, now)
                    # Stored Idempotency-Key answers expire after a day (the draft allows it).
                    forget_keys_before(session, now - KEY_RETENTION)
            except (SQLAlchemyError, OSError) as exc:
                log.warning("audit_anchor_failed", error=type(exc).__name__)
            if self.stop.wait(self.settings.audit_anchor_interval):
                return

    def close(self, timeout: float = 10.0) -> None:
        """Stop and wait (bounded) for the threads."""
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout)
