"""Use cases: enrol an authenticator app, remove it, and step up with its codes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minwon.db import session_scope
from minwon.identity.errors import (
    IdentityError,
    NoPendingEnrolmentError,
    TotpAlreadyEnrolledError,
    TotpNotEnrolledError,
)
from minwon.identity.events import record_identity_event
from minwon.identity.models import Account, RecoveryCode, TotpFactor
from minwon.identity.recovery import issue_recovery_codes
from minwon.identity.runtime import IdentityRuntime
from minwon.identity.schemas import IssuedSession, SessionContext, TotpEnrolment
from minwon.identity.secondfactor import (
    complete_step_up,
    ensure_keeps_a_factor,
    ensure_not_locked,
    record_second_factor_failure,
    require_factor_change,
)
from minwon.identity.totp_codes import (
    decrypt_secret,
    encrypt_secret,
    new_secret,
    otpauth_uri,
    qr_svg,
    verify_totp_code,
)

__all__ = [
    "begin_totp_enrolment",
    "confirm_totp_enrolment",
    "remove_totp",
    "step_up_with_totp",
]

SECRET_KEY_PURPOSE = "totp-secret"  # noqa: S105 - a key-derivation label, not a secret


def _factor(session: Session, account_id: str) -> TotpFactor | None:
    return session.scalars(
        select(TotpFactor).where(TotpFactor.account_id == account_id)
    ).one_or_none()


def begin_totp_enrolment(rt: IdentityRuntime, ctx: SessionContext) -> TotpEnrolment:
    """Use case: a new secret, its otpauth URI and QR code, shown this once."""
    now = rt.now()
    with session_scope(rt.db) as session:
        require_factor_change(session, rt, ctx, now)
        existing = _factor(session, ctx.account_id)
        if existing is not None and existing.confirmed_at is not None:
            raise TotpAlreadyEnrolledError()
        if existing is not None:
            session.delete(existing)
            session.flush()
        account = session.get_one(Account, ctx.account_id)
        secret = new_secret()
        key = rt.config.derive_key(SECRET_KEY_PURPOSE)
        session.add(
            TotpFactor(
                account_id=account.id,
                secret_encrypted=encrypt_secret(key, secret, account.id),
                created_at=now,
            )
        )
        uri = otpauth_uri(secret, account.email, rt.config.rp_name)
    return TotpEnrolment(secret=secret, otpauth_uri=uri, qr_svg=qr_svg(uri))


def confirm_totp_enrolment(
    rt: IdentityRuntime, ctx: SessionContext, code: str
) -> tuple[str, ...] | None:
    """Use case: the first code proves the app holds the secret.

    Returns the recovery codes when this is the account's first set (shown once), else None.
    """
    now = rt.now()
    with session_scope(rt.db) as session:
        require_factor_change(session, rt, ctx, now)
        factor = _factor(session, ctx.account_id)
        if factor is None or factor.confirmed_at is not None:
            raise NoPendingEnrolmentError()
        secret = decrypt_secret(
            rt.config.derive_key(SECRET_KEY_PURPOSE), factor.secret_encrypted, ctx.account_id
        )
        factor.last_used_step = verify_totp_code(secret, code, now, None)
        factor.confirmed_at = now
        record_identity_event(session, "account:totp:enrolled", account=ctx, at=now)
        has_codes = session.scalar(
            select(func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.account_id == ctx.account_id)
        )
        if has_codes:
            return None
        return issue_recovery_codes(session, rt, ctx.account_id, now)


def remove_totp(rt: IdentityRuntime, ctx: SessionContext) -> None:
    """Use case: forget the authenticator app. Needs a fresh second factor and another one.

    Raises :class:`LastSecondFactorError` when the app is the account's only second factor.
    """
    now = rt.now()
    rt.levels.require_level(ctx, "mfa", now=now)
    with session_scope(rt.db) as session:
        factor = _factor(session, ctx.account_id)
        if factor is None:
            raise TotpNotEnrolledError()
        if factor.confirmed_at is not None:
            ensure_keeps_a_factor(session, ctx.account_id)
        session.delete(factor)
        record_identity_event(session, "account:totp:removed", account=ctx, at=now)


def _attempt(
    session: Session, rt: IdentityRuntime, ctx: SessionContext, code: str, now: dt.datetime
) -> IssuedSession | IdentityError:
    account = session.get_one(Account, ctx.account_id)
    factor = _factor(session, account.id)
    if factor is None or factor.confirmed_at is None:
        return TotpNotEnrolledError()
    ensure_not_locked(account, now)
    secret = decrypt_secret(
        rt.config.derive_key(SECRET_KEY_PURPOSE), factor.secret_encrypted, account.id
    )
    try:
        factor.last_used_step = verify_totp_code(secret, code, now, factor.last_used_step)
    except IdentityError as error:
        return record_second_factor_failure(session, account, "totp", now) or error
    return complete_step_up(session, rt, ctx, "totp", now)


def step_up_with_totp(rt: IdentityRuntime, ctx: SessionContext, code: str) -> IssuedSession:
    """Use case: reach ``mfa`` with a code from the authenticator app (each code works once)."""
    now = rt.now()
    with session_scope(rt.db) as session:
        outcome = _attempt(session, rt, ctx, code, now)
    if isinstance(outcome, IdentityError):
        raise outcome
    return outcome
