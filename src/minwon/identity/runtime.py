"""What every identity use case is given: the database, the clock, the configuration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from minwon.clock import Clock
from minwon.identity.config import IdentityConfig
from minwon.identity.passwords import PasswordHashing
from minwon.identity.ports import LevelPolicy

__all__ = ["IdentityRuntime"]


@dataclass(frozen=True)
class IdentityRuntime:
    """Injected into every use case; tests build one with a ``FixedClock``."""

    db: sessionmaker[Session]
    clock: Clock
    config: IdentityConfig
    passwords: PasswordHashing = field(default_factory=PasswordHashing)

    def now(self) -> dt.datetime:
        """Now, in UTC (what the tables store)."""
        return self.clock.now().astimezone(dt.UTC)

    @property
    def levels(self) -> LevelPolicy:
        """The authentication-level policy for this deployment."""
        return LevelPolicy(self.config.reauth_window)
