"""The authentication-level check other packages (the conversation engine) call.

anonymous < signed_in < mfa. ``mfa`` means a second factor within the re-authentication
window; officers count as signed in only once they have used their second factor.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Protocol

from minwon.identity.errors import StepUpRequiredError
from minwon.identity.schemas import SessionContext

__all__ = [
    "LEVELS",
    "AuthenticationLevel",
    "FakeAuthenticationLevel",
    "Level",
    "LevelPolicy",
    "effective_level",
]

Level = Literal["anonymous", "signed_in", "mfa"]
LEVELS: tuple[Level, ...] = ("anonymous", "signed_in", "mfa")


class AuthenticationLevel(Protocol):
    """Raises :class:`StepUpRequiredError` when ``session_ctx`` is below ``level`` at ``now``."""

    def require_level(
        self, session_ctx: SessionContext | None, level: Level, *, now: dt.datetime
    ) -> None: ...


def effective_level(
    session_ctx: SessionContext | None, now: dt.datetime, reauth_window: dt.timedelta
) -> Level:
    """The level a session stands at right now."""
    if session_ctx is None:
        return "anonymous"
    fresh = (
        session_ctx.level == "mfa"
        and session_ctx.mfa_at is not None
        and now - session_ctx.mfa_at <= reauth_window
    )
    if fresh:
        return "mfa"
    if session_ctx.account_kind == "officer" and session_ctx.level != "mfa":
        # Officers always sign in with a second factor: a password alone is not signed in.
        return "anonymous"
    return "signed_in"


class LevelPolicy:
    """The real policy: levels from the session, ``mfa`` only within the re-auth window."""

    def __init__(self, reauth_window: dt.timedelta) -> None:
        self.reauth_window = reauth_window

    def require_level(
        self, session_ctx: SessionContext | None, level: Level, *, now: dt.datetime
    ) -> None:
        """Raise :class:`StepUpRequiredError` unless the session is at ``level`` or above."""
        actual = effective_level(session_ctx, now, self.reauth_window)
        if LEVELS.index(actual) < LEVELS.index(level):
            raise StepUpRequiredError(level)


class FakeAuthenticationLevel:
    """Test double: grants exactly ``granted`` and remembers every level asked for."""

    def __init__(self, granted: Level = "mfa") -> None:
        self.granted: Level = granted
        self.asked: list[Level] = []

    def require_level(
        self, session_ctx: SessionContext | None, level: Level, *, now: dt.datetime
    ) -> None:
        """Raise :class:`StepUpRequiredError` when ``level`` is above ``granted``."""
        self.asked.append(level)
        if LEVELS.index(self.granted) < LEVELS.index(level):
            raise StepUpRequiredError(level)
