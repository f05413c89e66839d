"""Recovery codes: ten single-use look-up secrets, stored as keyed hashes.

Why HMAC-SHA256 and not argon2: each code carries 60 bits from the CSPRNG, and the HMAC key
is derived from the deployment's secret key, which never sits in the database. A stolen
database therefore gives nothing to brute-force offline, while online guessing is capped by
the shared second-factor lockout. A keyed hash also lets us find the code with one indexed
lookup instead of ten slow argon2 verifications per attempt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from minwon.db import session_scope
from minwon.identity.errors import IdentityError, InvalidSecondFactorError
from minwon.identity.events import record_identity_event
from minwon.identity.models import Account, RecoveryCode
from minwon.identity.runtime import IdentityRuntime
from minwon.identity.schemas import IssuedSession, SessionContext
from minwon.identity.secondfactor import (
    complete_step_up,
    ensure_not_locked,
    record_second_factor_failure,
)

__all__ = [
    "CODE_COUNT",
    "generate_codes",
    "hash_code",
    "issue_recovery_codes",
    "normalise_code",
    "regenerate_recovery_codes",
    "step_up_with_recovery_code",
]

CODE_COUNT = 10
# Crockford-style alphabet without I, L, O, U: nothing to misread on paper. 32 symbols.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MISREAD = str.maketrans("OIL", "011")
GROUPS, GROUP_LENGTH = 3, 4  # 12 symbols x 5 bits = 60 bits (800-63B §5.1.2.1: at least 20)


def generate_codes(count: int = CODE_COUNT) -> tuple[str, ...]:
    """``count`` fresh codes formatted ``XXXX-XXXX-XXXX``."""
    return tuple(
        "-".join(
            "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)
        )
        for _ in range(count)
    )


def normalise_code(code: str) -> str:
    """Upper case, without spaces or hyphens; O read as 0 and I/L as 1, as people type them."""
    cleaned = "".join(code.split()).replace("-", "").upper()
    return cleaned.translate(MISREAD)


def hash_code(key: bytes, account_id: str, code: str) -> str:
    """HMAC-SHA256 of the normalised code, salted with the account id."""
    message = f"{account_id}:{normalise_code(code)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def issue_recovery_codes(
    session: Session, rt: IdentityRuntime, account_id: str, now: dt.datetime
) -> tuple[str, ...]:
    """Replace the account's codes with a fresh set; the old ones stop working at once."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.account_id == account_id))
    codes = generate_codes()
    key = rt.config.derive_key("recovery-codes")
    for code in codes:
        session.add(
            RecoveryCode(
                account_id=account_id, code_hash=hash_code(key, account_id, code), created_at=now
            )
        )
    session.flush()
    return codes


def regenerate_recovery_codes(rt: IdentityRuntime, ctx: SessionContext) -> tuple[str, ...]:
    """Use case: a new set of ten codes, shown once. Needs a fresh second factor."""
    now = rt.now()
    rt.levels.require_level(ctx, "mfa", now=now)
    with session_scope(rt.db) as session:
        codes = issue_recovery_codes(session, rt, ctx.account_id, now)
        record_identity_event(session, "account:recovery_codes:regenerated", account=ctx, at=now)
        return codes


def _attempt(
    session: Session, rt: IdentityRuntime, ctx: SessionContext, code: str, now: dt.datetime
) -> IssuedSession | IdentityError:
    account = session.get_one(Account, ctx.account_id)
    ensure_not_locked(account, now)
    wanted = hash_code(rt.config.derive_key("recovery-codes"), account.id, code)
    row = session.scalars(
        select(RecoveryCode).where(
            RecoveryCode.account_id == account.id,
            RecoveryCode.code_hash == wanted,
            RecoveryCode.used_at.is_(None),
        )
    ).one_or_none()
    if row is None:
        locked = record_second_factor_failure(session, account, "recovery_code", now)
        return locked or InvalidSecondFactorError()
    row.used_at = now
    left = session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.account_id == account.id, RecoveryCode.used_at.is_(None))
    )
    record_identity_event(
        session, "account:recovery_code:used", account=account, at=now, data={"left": left}
    )
    return complete_step_up(session, rt, ctx, "recovery_code", now)


def step_up_with_recovery_code(
    rt: IdentityRuntime, ctx: SessionContext, code: str
) -> IssuedSession:
    """Use case: reach ``mfa`` with a recovery code, which then never works again."""
    now = rt.now()
    with session_scope(rt.db) as session:
        outcome = _attempt(session, rt, ctx, code, now)
    if isinstance(outcome, IdentityError):
        raise outcome
    return outcome
