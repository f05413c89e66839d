"""Issuing, finding and revoking tokens inside a caller's transaction (never commits)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from minwon.partners.credentials import hash_credential, new_credential, new_id
from minwon.partners.models import OAuthToken
from minwon.partners.runtime import PartnerRuntime
from minwon.partners.scopes import format_scopes

__all__ = [
    "Grant",
    "TokenKind",
    "claim_token",
    "find_token",
    "issue_token",
    "revoke_tokens",
]

TokenKind = Literal["access", "refresh"]
KEY_PURPOSE: dict[TokenKind, str] = {"access": "access-token", "refresh": "refresh-token"}


@dataclass(frozen=True, slots=True)
class Grant:
    """Who a token is for: the client alone, or the client for a citizen under a consent."""

    client_id: str
    scopes: frozenset[str]
    account_id: str | None = None
    consent_id: str | None = None
    family_id: str | None = None
    grant_expires_at: dt.datetime | None = None


def issue_token(
    session: Session, rt: PartnerRuntime, kind: TokenKind, grant: Grant, now: dt.datetime
) -> tuple[str, OAuthToken]:
    """A new token of ``kind`` for ``grant``: the credential (for the client) and its row."""
    credential = new_credential()
    ttl = rt.config.access_ttl if kind == "access" else rt.config.refresh_ttl
    expires_at = now + ttl
    if grant.grant_expires_at is not None:
        expires_at = min(expires_at, grant.grant_expires_at)
    row = OAuthToken(
        id=new_id(),
        token_hash=hash_credential(rt.key(KEY_PURPOSE[kind]), credential),
        kind=kind,
        client_id=grant.client_id,
        account_id=grant.account_id,
        consent_id=grant.consent_id,
        family_id=grant.family_id,
        scopes=format_scopes(grant.scopes),
        issued_at=now,
        expires_at=expires_at,
        grant_expires_at=grant.grant_expires_at,
    )
    session.add(row)
    session.flush()
    return credential, row


def find_token(
    session: Session, rt: PartnerRuntime, kind: TokenKind, credential: str
) -> OAuthToken | None:
    """The token row for ``credential``, whatever its state (expired, used, revoked)."""
    token_hash = hash_credential(rt.key(KEY_PURPOSE[kind]), credential)
    return session.scalars(
        select(OAuthToken).where(OAuthToken.token_hash == token_hash, OAuthToken.kind == kind)
    ).one_or_none()


def claim_token(session: Session, row: OAuthToken, now: dt.datetime) -> bool:
    """Mark a refresh token used, atomically: False if another request used it first.

    A conditional UPDATE, not read-then-write, so two concurrent refreshes cannot both win.
    """
    result = session.execute(
        update(OAuthToken)
        .where(OAuthToken.id == row.id, OAuthToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def revoke_tokens(
    session: Session,
    *,
    reason: str,
    now: dt.datetime,
    token_id: str | None = None,
    family_id: str | None = None,
    consent_id: str | None = None,
) -> int:
    """Revoke the live tokens matching every key given (one token, a family, a consent)."""
    criteria = [
        column == value
        for column, value in (
            (OAuthToken.id, token_id),
            (OAuthToken.family_id, family_id),
            (OAuthToken.consent_id, consent_id),
        )
        if value is not None
    ]
    if not criteria:
        return 0
    result = session.execute(
        update(OAuthToken)
        .where(*criteria, OAuthToken.revoked_at.is_(None))
        .values(revoked_at=now, revoke_reason=reason)
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0))
