"""Use case: sign in with e-mail and password, without telling anyone which one was wrong."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from minwon.db import session_scope
from minwon.identity.accounts import normalise_email
from minwon.identity.errors import IdentityError, SignInFailedError, TooManyAttemptsError
from minwon.identity.events import record_identity_event
from minwon.identity.models import Account, AuthSession, ThrottleBucket
from minwon.identity.runtime import IdentityRuntime
from minwon.identity.schemas import IssuedSession
from minwon.identity.sessions import hash_token, issue_session
from minwon.identity.throttle import (
    SIGNIN_BY_ACCOUNT,
    SIGNIN_BY_ADDRESS,
    check_throttle,
    record_attempt,
    throttle_key,
)

__all__ = ["SignInRequest", "sign_in"]


@dataclass(frozen=True, slots=True)
class SignInRequest:
    """What the person typed, and where the request came from."""

    email: str
    password: str
    client_address: str
    device: str = ""
    previous_token: str | None = None  # the cookie they already had, ended on success


def _fail(
    session: Session, account: Account | None, keys: tuple[str, str], now: dt.datetime
) -> SignInFailedError:
    record_attempt(session, SIGNIN_BY_ACCOUNT, keys[0], now)
    record_attempt(session, SIGNIN_BY_ADDRESS, keys[1], now)
    record_identity_event(
        session,
        "account:signin:failure",
        account=account,
        at=now,
        data={"registered": account is not None},
    )
    return SignInFailedError()


def _end_previous(session: Session, token: str | None, now: dt.datetime) -> None:
    if not token:
        return
    row = session.scalars(
        select(AuthSession).where(AuthSession.token_hash == hash_token(token))
    ).one_or_none()
    if row is not None and row.ended_at is None:
        row.ended_at, row.end_reason = now, "replaced-at-sign-in"
        record_identity_event(
            session,
            "session:ended",
            account=session.get_one(Account, row.account_id),
            at=now,
            target=f"session:{row.id}",
            reason="replaced-at-sign-in",
        )


def _attempt(
    session: Session, rt: IdentityRuntime, request: SignInRequest, now: dt.datetime
) -> IssuedSession | IdentityError:
    secret = rt.config.derive_key("throttle")
    email = normalise_email(request.email)
    keys = (throttle_key(secret, email), throttle_key(secret, request.client_address))
    try:
        check_throttle(session, SIGNIN_BY_ACCOUNT, keys[0], now)
        check_throttle(session, SIGNIN_BY_ADDRESS, keys[1], now)
    except TooManyAttemptsError as error:
        # No account lookup: the answer must not depend on whether the address is registered.
        record_identity_event(
            session, "account:signin:failure", account=None, at=now, reason="throttled"
        )
        return error
    account = session.scalars(select(Account).where(Account.email == email)).one_or_none()
    # Always one argon2 verification, real or dummy: the same time for unknown accounts.
    matches = rt.passwords.verify(account.password_hash if account else None, request.password)
    if account is None or not matches or account.disabled_at is not None:
        return _fail(session, account, keys, now)
    if rt.passwords.needs_rehash(account.password_hash):
        account.password_hash = rt.passwords.hash(request.password)
    session.execute(
        delete(ThrottleBucket).where(
            ThrottleBucket.scope == SIGNIN_BY_ACCOUNT.scope, ThrottleBucket.key == keys[0]
        )
    )
    _end_previous(session, request.previous_token, now)
    issued = issue_session(session, rt, account, request.device, now)
    record_identity_event(
        session,
        "account:signin:success",
        account=account,
        at=now,
        target=f"session:{issued.context.session_id}",
    )
    return issued


def sign_in(rt: IdentityRuntime, request: SignInRequest) -> IssuedSession:
    """Use case: a new session at ``signed_in`` (a fresh token: the session id rotates).

    Unknown e-mail and wrong password raise the same :class:`SignInFailedError`; repeated
    failures per e-mail address or per client address raise :class:`TooManyAttemptsError`.
    """
    now = rt.now()
    with session_scope(rt.db) as session:
        outcome = _attempt(session, rt, request, now)
    if isinstance(outcome, IdentityError):
        raise outcome
    return outcome
