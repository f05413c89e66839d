"""What all second factors share: the lockout counter, factor-change rules, completing step-up."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from minwon.identity.errors import LastSecondFactorError, SecondFactorLockedError
from minwon.identity.events import record_identity_event
from minwon.identity.models import Account, AuthSession, Passkey, TotpFactor
from minwon.identity.runtime import IdentityRuntime
from minwon.identity.schemas import IssuedSession, SessionContext
from minwon.identity.sessions import rotate_session

__all__ = [
    "LOCK_AFTER_FAILURES",
    "LOCK_DURATION",
    "complete_step_up",
    "ensure_keeps_a_factor",
    "ensure_not_locked",
    "has_second_factor",
    "record_second_factor_failure",
    "require_factor_change",
]

# 800-63B §5.2.2 allows at most 100 consecutive failures; OTPs have only 10^6 values, so we
# lock far earlier: ten failures lock TOTP and recovery codes for ten minutes.
LOCK_AFTER_FAILURES = 10
LOCK_DURATION = dt.timedelta(minutes=10)


def ensure_not_locked(account: Account, now: dt.datetime) -> None:
    """Raise :class:`SecondFactorLockedError` while the lock holds (even for a right code)."""
    until = account.second_factor_locked_until
    if until is not None and now < until:
        raise SecondFactorLockedError(until)


def record_second_factor_failure(
    session: Session, account: Account, factor: str, now: dt.datetime
) -> SecondFactorLockedError | None:
    """Count a failure; on the tenth, lock and return the error to raise instead."""
    account.second_factor_failures += 1
    record_identity_event(session, f"account:{factor}:failure", account=account, at=now)
    if account.second_factor_failures < LOCK_AFTER_FAILURES:
        return None
    account.second_factor_failures = 0
    account.second_factor_locked_until = now + LOCK_DURATION
    record_identity_event(
        session,
        f"account:{factor}:locked",
        account=account,
        at=now,
        data={"minutes": int(LOCK_DURATION.total_seconds() // 60)},
    )
    return SecondFactorLockedError(account.second_factor_locked_until)


def _second_factor_count(session: Session, account_id: str) -> int:
    totp = session.scalar(
        select(func.count())
        .select_from(TotpFactor)
        .where(TotpFactor.account_id == account_id, TotpFactor.confirmed_at.is_not(None))
    )
    passkeys = session.scalar(
        select(func.count()).select_from(Passkey).where(Passkey.account_id == account_id)
    )
    return int(totp or 0) + int(passkeys or 0)


def has_second_factor(session: Session, account_id: str) -> bool:
    """True when the account has a confirmed authenticator app or a passkey."""
    return _second_factor_count(session, account_id) > 0


def ensure_keeps_a_factor(session: Session, account_id: str) -> None:
    """Raise :class:`LastSecondFactorError` if removing one factor would leave none.

    Once an account has a second factor it always keeps one: a citizen needs it to submit,
    an officer to work at all, and without one a stolen password would be enough. Call this
    before deleting a confirmed factor, in the same transaction.
    """
    # A no-op write on the account row first: it serialises two removals running at once
    # (row lock on PostgreSQL, the write lock on SQLite), so they cannot both see "one left".
    session.execute(
        update(Account)
        .where(Account.id == account_id)
        .values(second_factor_failures=Account.second_factor_failures)
    )
    if _second_factor_count(session, account_id) <= 1:
        raise LastSecondFactorError()


def require_factor_change(
    session: Session, rt: IdentityRuntime, ctx: SessionContext, now: dt.datetime
) -> None:
    """Changing sign-in methods needs a fresh second factor, once the account has one.

    The first one is enrolled with the password session alone: there is nothing stronger to
    ask for yet (and an officer, who counts as signed in only after MFA, must get one).
    """
    if has_second_factor(session, ctx.account_id):
        rt.levels.require_level(ctx, "mfa", now=now)


def complete_step_up(
    session: Session, rt: IdentityRuntime, ctx: SessionContext, method: str, now: dt.datetime
) -> IssuedSession:
    """Raise the session to ``mfa``, reset the failure counter, rotate the token."""
    account = session.get_one(Account, ctx.account_id)
    account.second_factor_failures = 0
    row = session.get_one(AuthSession, ctx.session_id)
    row.level = "mfa"
    row.mfa_at = now
    record_identity_event(
        session, "account:mfa:success", account=account, at=now, data={"method": method}
    )
    return rotate_session(session, rt, row, now)
