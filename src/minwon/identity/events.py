"""Authentication events into the audit log, inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import string
import unicodedata
from typing import Any

from sqlalchemy.orm import Session

from minwon.audit import record_event
from minwon.identity.errors import ReasonHasNumberError, ReasonMissingError
from minwon.identity.models import Account
from minwon.identity.schemas import SessionContext

__all__ = ["actor_of", "checked_reason", "new_id", "record_identity_event"]

SYSTEM = "system"
ID_ALPHABET = string.ascii_letters + string.digits
ID_LENGTH = 22  # 131 bits
# Six digits in a row: the start of a resident, passport, licence or phone number.
LONG_NUMBER = re.compile(r"\d{6,}")


def new_id() -> str:
    """An opaque random id (accounts, sessions, passkeys).

    Letters and digits mixed, not a UUID: long digit runs in a UUID can look like a phone or
    resident number to the audit log's personal-data guard, which then refuses the event.
    """
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


def actor_of(account: Account | SessionContext | None) -> str:
    """``citizen:<id>`` or ``officer:<id>`` (never an e-mail address: the log is permanent)."""
    if account is None:
        return SYSTEM
    if isinstance(account, SessionContext):
        return f"{account.account_kind}:{account.account_id}"
    return f"{account.kind}:{account.id}"


def record_identity_event(
    session: Session,
    action: str,
    *,
    account: Account | SessionContext | None,
    at: dt.datetime,
    target: str | None = None,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Append one event: the account acts on itself, so it is ``actor`` and ``subject``.

    Without an account (a sign-in for an unknown address) the actor is ``system``.
    """
    actor = actor_of(account)
    record_event(
        session,
        actor=actor,
        action=action,
        subject=actor if account is not None else None,
        target=target,
        reason=reason,
        data=data or {},
        at=at,
    )


def checked_reason(reason: str) -> str:
    """An officer's reason, NFC and trimmed; refused if it holds a long number.

    The audit log is permanent and masks only the numbers it recognises, so an ID number
    typed into a reason ("checked passport M12345678") is refused rather than stored.
    """
    text = unicodedata.normalize("NFC", reason).strip()
    if not text:
        raise ReasonMissingError()
    if LONG_NUMBER.search(text):
        raise ReasonHasNumberError()
    return text
