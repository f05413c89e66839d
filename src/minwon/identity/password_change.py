"""Use case: change the password (MFA level), ending every other session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from minwon.db import session_scope
from minwon.identity.accounts import password_context
from minwon.identity.errors import CurrentPasswordWrongError, IdentityError, TooManyAttemptsError
from minwon.identity.events import record_identity_event
from minwon.identity.models import Account, AuthSession
from minwon.identity.notifications import notify
from minwon.identity.passwords import check_password_policy
from minwon.identity.runtime import IdentityRuntime
from minwon.identity.schemas import IssuedSession, SessionContext
from minwon.identity.sessions import end_other_sessions, rotate_session
from minwon.identity.throttle import SIGNIN_BY_ACCOUNT, check_throttle, record_attempt, throttle_key

__all__ = ["PasswordChange", "change_password"]


@dataclass(frozen=True, slots=True)
class PasswordChange:
    """The current password (proof the person, not just their session, is here) and the new."""

    current_password: str
    new_password: str


def _change(
    session: Session,
    rt: IdentityRuntime,
    ctx: SessionContext,
    change: PasswordChange,
    now: dt.datetime,
) -> IssuedSession | IdentityError:
    account = session.get_one(Account, ctx.account_id)
    # Guesses at the current password share the sign-in budget of the account.
    key = throttle_key(rt.config.derive_key("throttle"), account.email)
    try:
        check_throttle(session, SIGNIN_BY_ACCOUNT, key, now)
    except TooManyAttemptsError as error:
        return error
    if not rt.passwords.verify(account.password_hash, change.current_password):
        record_attempt(session, SIGNIN_BY_ACCOUNT, key, now)
        record_identity_event(session, "account:password:failure", account=account, at=now)
        return CurrentPasswordWrongError()
    context = password_context(account.email, account.display_name)
    check_password_policy(change.new_password, context=context)
    account.password_hash = rt.passwords.hash(change.new_password)
    account.password_changed_at = now
    # Whoever may have learnt the old password is signed out everywhere but here.
    ended = end_other_sessions(session, account.id, "password-changed", now, keep=ctx.session_id)
    notify(session, account.id, "notice-password-changed", now, on=rt.clock.today().isoformat())
    record_identity_event(
        session, "account:password:changed", account=account, at=now, data={"ended": ended}
    )
    return rotate_session(session, rt, session.get_one(AuthSession, ctx.session_id), now)


def change_password(
    rt: IdentityRuntime, ctx: SessionContext, change: PasswordChange
) -> IssuedSession:
    """Use case: a new password, checked against the policy; needs a fresh second factor.

    Ends every other session of the account and rotates this one's token. A wrong current
    password raises :class:`CurrentPasswordWrongError` and counts towards the account's
    sign-in throttle.
    """
    now = rt.now()
    rt.levels.require_level(ctx, "mfa", now=now)
    with session_scope(rt.db) as session:
        outcome = _change(session, rt, ctx, change, now)
    if isinstance(outcome, IdentityError):
        raise outcome
    return outcome
