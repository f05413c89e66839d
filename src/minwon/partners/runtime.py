"""What every partners use case is given: the database, the clock and the configuration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from minwon.clock import Clock
from minwon.partners.config import PartnerConfig

__all__ = ["PartnerRuntime"]


@dataclass(frozen=True)
class PartnerRuntime:
    """Injected into every use case; tests build one with a ``FixedClock``."""

    db: sessionmaker[Session]
    clock: Clock
    config: PartnerConfig

    def now(self) -> dt.datetime:
        """Now, in UTC (what the tables store)."""
        return self.clock.now().astimezone(dt.UTC)

    def key(self, purpose: str) -> bytes:
        """The hashing key for one kind of credential (``client-secret``, ``access-token``...)."""
        return self.config.derive_key(purpose)
