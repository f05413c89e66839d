"""Use cases: create an account (citizen or officer) and show it to its owner."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from minwon.db import session_scope
from minwon.identity.errors import AccountExistsError, IdentityError, OfficerOnlyError
from minwon.identity.events import new_id, record_identity_event
from minwon.identity.models import Account, OfficerRole, Passkey, RecoveryCode, TotpFactor
from minwon.identity.passwords import check_password_policy
from minwon.identity.runtime import IdentityRuntime
from minwon.identity.schemas import AccountView, SessionContext
from minwon.identity.throttle import SIGNUP_BY_ADDRESS, check_throttle, record_attempt, throttle_key

__all__ = [
    "account_view",
    "create_account",
    "create_officer_account",
    "find_citizen",
    "normalise_email",
    "officer_agencies",
    "password_context",
    "require_officer",
]


def normalise_email(email: str) -> str:
    """One spelling per address: NFC, trimmed, lower case (how accounts are looked up)."""
    return unicodedata.normalize("NFC", email).strip().lower()


def password_context(email: str, display_name: str) -> tuple[str, ...]:
    """Words an attacker would try first for this person (800-63B §5.1.1.2 context words)."""
    local = email.split("@", 1)[0]
    return (email, local, display_name, *display_name.split())


def _email_taken(session: Session, email: str) -> bool:
    return session.scalars(select(Account.id).where(Account.email == email)).first() is not None


def _new_account(
    session: Session, rt: IdentityRuntime, email: str, password: str, display_name: str
) -> Account:
    check_password_policy(password, context=password_context(email, display_name))
    if _email_taken(session, email):
        raise AccountExistsError()
    now = rt.now()
    account = Account(
        id=new_id(),
        email=email,
        display_name=display_name.strip(),
        password_hash=rt.passwords.hash(password),
        password_changed_at=now,
        second_factor_failures=0,
        created_at=now,
    )
    session.add(account)
    session.flush()
    return account


def create_account(
    rt: IdentityRuntime, *, email: str, password: str, display_name: str, client_address: str
) -> AccountView:
    """Use case: a citizen creates an account. Throttled per client address."""
    email = normalise_email(email)
    now = rt.now()
    address_key = throttle_key(rt.config.derive_key("throttle"), client_address)
    with session_scope(rt.db) as session:
        check_throttle(session, SIGNUP_BY_ADDRESS, address_key, now)
        record_attempt(session, SIGNUP_BY_ADDRESS, address_key, now)
        session.commit()  # the attempt counts even when the request is refused below
        try:
            account = _new_account(session, rt, email, password, display_name)
        except IdentityError:
            session.commit()
            raise
        except IntegrityError:
            # A simultaneous sign-up with this address committed between our check and our
            # insert: the unique index caught it, and the person hears what the check says.
            session.rollback()
            if _email_taken(session, email):
                raise AccountExistsError() from None
            raise
        record_identity_event(session, "account:created", account=account, at=now)
        return _view(session, account)


def create_officer_account(
    rt: IdentityRuntime,
    *,
    email: str,
    password: str,
    display_name: str,
    roles: Sequence[tuple[str, str]],
) -> AccountView:
    """Use case (administration, not the public API): an officer with (agency, role) pairs."""
    email = normalise_email(email)
    now = rt.now()
    with session_scope(rt.db) as session:
        account = _new_account(session, rt, email, password, display_name)
        account.kind = "officer"
        for agency_code, role in roles:
            session.add(
                OfficerRole(
                    account_id=account.id, agency_code=agency_code, role=role, granted_at=now
                )
            )
        record_identity_event(
            session, "account:created", account=account, at=now, data={"kind": "officer"}
        )
        session.flush()
        return _view(session, account)


def _count(session: Session, model: type[Passkey] | type[RecoveryCode], account_id: str) -> int:
    query = select(func.count()).select_from(model).where(model.account_id == account_id)
    if model is RecoveryCode:
        query = query.where(RecoveryCode.used_at.is_(None))
    return int(session.scalar(query) or 0)


def _view(session: Session, account: Account) -> AccountView:
    totp = session.scalars(
        select(TotpFactor).where(TotpFactor.account_id == account.id)
    ).one_or_none()
    agencies = session.scalars(
        select(OfficerRole.agency_code)
        .where(OfficerRole.account_id == account.id, OfficerRole.revoked_at.is_(None))
        .distinct()
    ).all()
    return AccountView(
        id=account.id,
        kind=account.kind,
        email=account.email,
        display_name=account.display_name,
        has_totp=totp is not None and totp.confirmed_at is not None,
        passkey_count=_count(session, Passkey, account.id),
        recovery_codes_left=_count(session, RecoveryCode, account.id),
        agencies=tuple(sorted(agencies)),
    )


def account_view(rt: IdentityRuntime, ctx: SessionContext) -> AccountView:
    """Use case: the signed-in person's own account."""
    with session_scope(rt.db) as session:
        return _view(session, session.get_one(Account, ctx.account_id))


def officer_agencies(rt: IdentityRuntime, account_id: str) -> frozenset[str]:
    """The agency codes an officer's roles cover (their applications are all they may see)."""
    with session_scope(rt.db) as session:
        codes = session.scalars(
            select(OfficerRole.agency_code).where(OfficerRole.account_id == account_id)
        )
        return frozenset(codes)


def find_citizen(session: Session, email: str) -> Account | None:
    """The enabled citizen account with this e-mail address (officers are never returned)."""
    return session.scalars(
        select(Account).where(
            Account.email == normalise_email(email),
            Account.kind == "citizen",
            Account.disabled_at.is_(None),
        )
    ).one_or_none()


def require_officer(rt: IdentityRuntime, ctx: SessionContext, now: dt.datetime) -> None:
    """Raise unless ``ctx`` is an officer who used a second factor within the window."""
    if ctx.account_kind != "officer":
        raise OfficerOnlyError()
    rt.levels.require_level(ctx, "mfa", now=now)
