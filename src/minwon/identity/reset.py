"""Use cases: an officer resets a citizen's account after an in-person identity check.

For a person who has lost every second factor and every recovery code. The officer checks
an identity document at a counter, then the reset removes the account's second factors and
recovery codes, ends its sessions and makes the old password unusable. The officer hands
the person a one-time reset code (shown once, kept only as a keyed hash); with it the person
chooses a new password, signs in, and enrols a second factor again. The reset is in the
audit log with the officer, the reason and the *type* of document checked (never its
number), and the person finds a notice in the app (there is no e-mail or SMS channel).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal, get_args

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from minwon.audit import record_event
from minwon.db import session_scope
from minwon.identity.accounts import (
    find_citizen,
    normalise_email,
    password_context,
    require_officer,
)
from minwon.identity.errors import (
    AccountNotFoundError,
    IdDocumentUnknownError,
    IdentityError,
    ResetCodeInvalidError,
)
from minwon.identity.events import actor_of, checked_reason, new_id, record_identity_event
from minwon.identity.models import (
    Account,
    AccountReset,
    Passkey,
    RecoveryCode,
    ThrottleBucket,
    TotpFactor,
)
from minwon.identity.notifications import notify
from minwon.identity.passwords import check_password_policy
from minwon.identity.recovery import ALPHABET, normalise_code
from minwon.identity.runtime import IdentityRuntime
from minwon.identity.schemas import AccountSummary, IssuedReset, SessionContext
from minwon.identity.secondfactor import has_second_factor
from minwon.identity.sessions import end_other_sessions
from minwon.identity.throttle import (
    RESET_BY_ADDRESS,
    SIGNIN_BY_ACCOUNT,
    check_throttle,
    record_attempt,
    throttle_key,
)

__all__ = [
    "ID_DOCUMENT_TYPES",
    "RESET_CODE_TTL",
    "UNUSABLE_PASSWORD",
    "IdDocumentType",
    "ResetCompletion",
    "complete_account_reset",
    "find_account_for_reset",
    "new_reset_code",
    "reset_account",
]

# 신분증 accepted at a counter: 주민등록증, 운전면허증, 여권, 장애인등록증, 국가보훈등록증,
# 외국인등록증, 모바일 신분증.
IdDocumentType = Literal[
    "resident-card",
    "driver-licence",
    "passport",
    "disability-card",
    "veterans-card",
    "foreigner-card",
    "mobile-id",
]
ID_DOCUMENT_TYPES: frozenset[str] = frozenset(get_args(IdDocumentType))
# Long enough to get home to a computer, short enough that a lost slip soon stops mattering.
RESET_CODE_TTL = dt.timedelta(hours=24)
CODE_GROUPS, GROUP_LENGTH = 4, 4  # 16 symbols x 5 bits = 80 bits
# Not a PHC string, so argon2 can never verify anything against it.
UNUSABLE_PASSWORD = "!reset"  # noqa: S105 - a marker, not a password


def new_reset_code() -> str:
    """A fresh one-time reset code, ``XXXX-XXXX-XXXX-XXXX`` (80 bits, no I, L, O or U)."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(CODE_GROUPS * GROUP_LENGTH))
    return "-".join(symbols[i : i + GROUP_LENGTH] for i in range(0, len(symbols), GROUP_LENGTH))


def _hash_code(rt: IdentityRuntime, account_id: str, code: str) -> str:
    message = f"{account_id}:{normalise_code(code)}".encode()
    return hmac.new(rt.config.derive_key("account-reset"), message, hashlib.sha256).hexdigest()


def find_account_for_reset(rt: IdentityRuntime, ctx: SessionContext, email: str) -> AccountSummary:
    """Use case: an officer (MFA) finds the citizen account the person at the counter names.

    The look-up itself is recorded: an officer browsing accounts leaves a trace.
    """
    now = rt.now()
    require_officer(rt, ctx, now)
    with session_scope(rt.db) as session:
        account = find_citizen(session, email)
        if account is None:
            raise AccountNotFoundError()
        record_event(
            session,
            actor=actor_of(ctx),
            action="account:looked_up",
            subject=f"citizen:{account.id}",
            reason="account reset at a counter",
            at=now,
        )
        return AccountSummary(
            id=account.id,
            display_name=account.display_name,
            created_at=account.created_at,
            has_second_factor=has_second_factor(session, account.id),
        )


def _strip_sign_in_methods(session: Session, account: Account, now: dt.datetime) -> dict[str, int]:
    removed: dict[str, int] = {}
    for table in (TotpFactor, Passkey, RecoveryCode):
        rows = session.scalars(select(table).where(table.account_id == account.id)).all()
        for row in rows:
            session.delete(row)
        removed[table.__tablename__] = len(rows)
    removed["sessions"] = end_other_sessions(session, account.id, "account-reset", now)
    account.password_hash = UNUSABLE_PASSWORD
    account.second_factor_failures = 0
    account.second_factor_locked_until = None
    return removed


def _issue_code(
    session: Session, rt: IdentityRuntime, account: Account, officer_id: str, document: str
) -> IssuedReset:
    now = rt.now()
    # Only the newest code works: a second visit to the counter voids the first slip.
    session.execute(
        update(AccountReset)
        .where(AccountReset.account_id == account.id, AccountReset.used_at.is_(None))
        .values(expires_at=now)
    )
    code = new_reset_code()
    reset = AccountReset(
        id=new_id(),
        account_id=account.id,
        officer_account_id=officer_id,
        id_document_type=document,
        code_hash=_hash_code(rt, account.id, code),
        created_at=now,
        expires_at=now + RESET_CODE_TTL,
    )
    session.add(reset)
    return IssuedReset(account_id=account.id, code=code, expires_at=reset.expires_at)


def reset_account(
    rt: IdentityRuntime, ctx: SessionContext, account_id: str, *, reason: str, id_document_type: str
) -> IssuedReset:
    """Use case: an officer (MFA) resets a citizen's account after checking an ID in person."""
    now = rt.now()
    require_officer(rt, ctx, now)
    reason = checked_reason(reason)
    if id_document_type not in ID_DOCUMENT_TYPES:
        raise IdDocumentUnknownError()
    with session_scope(rt.db) as session:
        account = session.get(Account, account_id)
        if account is None or account.kind != "citizen":
            raise AccountNotFoundError()  # officers' accounts are reset by administrators
        removed = _strip_sign_in_methods(session, account, now)
        issued = _issue_code(session, rt, account, ctx.account_id, id_document_type)
        notify(session, account.id, "notice-account-reset", now, on=rt.clock.today().isoformat())
        record_event(
            session,
            actor=actor_of(ctx),
            action="account:reset",
            subject=f"citizen:{account.id}",
            reason=reason,
            data={"id_document": id_document_type, "removed": removed},
            at=now,
        )
        return issued


@dataclass(frozen=True, slots=True)
class ResetCompletion:
    """What the person types at home: their address, the code from the counter, a password."""

    email: str
    code: str
    new_password: str
    client_address: str


def _valid_reset(
    session: Session, rt: IdentityRuntime, account: Account | None, code: str, now: dt.datetime
) -> AccountReset | None:
    if account is None:
        return None
    return session.scalars(
        select(AccountReset).where(
            AccountReset.account_id == account.id,
            AccountReset.code_hash == _hash_code(rt, account.id, code),
            AccountReset.used_at.is_(None),
            AccountReset.expires_at > now,
        )
    ).one_or_none()


def _complete(
    session: Session, rt: IdentityRuntime, request: ResetCompletion, now: dt.datetime
) -> IdentityError | None:
    address_key = throttle_key(rt.config.derive_key("throttle"), request.client_address)
    try:
        check_throttle(session, RESET_BY_ADDRESS, address_key, now)
    except IdentityError as error:
        return error
    account = find_citizen(session, request.email)
    reset = _valid_reset(session, rt, account, request.code, now)
    if account is None or reset is None:
        record_attempt(session, RESET_BY_ADDRESS, address_key, now)
        return ResetCodeInvalidError()  # the same answer for an unknown address
    # Checked before the code is spent, so a refused password can be retried with the code.
    check_password_policy(
        request.new_password, context=password_context(account.email, account.display_name)
    )
    reset.used_at = now
    account.password_hash = rt.passwords.hash(request.new_password)
    account.password_changed_at = now
    # Their own failed sign-ins before the visit must not lock them out of the first one after.
    email_key = throttle_key(rt.config.derive_key("throttle"), normalise_email(account.email))
    session.execute(
        delete(ThrottleBucket).where(
            ThrottleBucket.scope == SIGNIN_BY_ACCOUNT.scope, ThrottleBucket.key == email_key
        )
    )
    record_identity_event(session, "account:reset:completed", account=account, at=now)
    return None


def complete_account_reset(rt: IdentityRuntime, request: ResetCompletion) -> None:
    """Use case: the person sets a new password with the code from the counter.

    They then sign in with it and enrol a second factor again (the account has none). A
    wrong, used, superseded or expired code raises :class:`ResetCodeInvalidError`; failures
    count against the client address.
    """
    now = rt.now()
    with session_scope(rt.db) as session:
        outcome = _complete(session, rt, request, now)
    if outcome is not None:
        raise outcome
