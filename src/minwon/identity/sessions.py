"""Server-side sessions: opaque cookie tokens, idle and absolute expiry, CSRF tokens."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from minwon.db import session_scope
from minwon.identity.config import IdentityConfig
from minwon.identity.errors import CsrfTokenError, SessionInvalidError, SessionNotFoundError
from minwon.identity.events import new_id, record_identity_event
from minwon.identity.models import Account, AuthSession
from minwon.identity.runtime import IdentityRuntime
from minwon.identity.schemas import IssuedSession, SessionContext, SessionView

__all__ = [
    "csrf_token_for",
    "end_other_sessions",
    "end_session",
    "hash_token",
    "issue_session",
    "list_sessions",
    "resolve_session",
    "rotate_session",
    "verify_csrf_token",
]

TOKEN_BYTES = 32  # 256 bits from the CSPRNG (800-63B §7.1: at least 64)
MAX_DEVICE = 200


def hash_token(token: str) -> str:
    """SHA-256 of a session token: a stolen database does not yield usable cookies."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def csrf_token_for(config: IdentityConfig, token: str) -> str:
    """The CSRF token bound to a session token (HMAC, so it rotates with the session)."""
    digest = hmac.new(config.derive_key("csrf"), token.encode("ascii", "replace"), "sha256")
    return base64.urlsafe_b64encode(digest.digest()).decode("ascii").rstrip("=")


def verify_csrf_token(config: IdentityConfig, token: str, presented: str | None) -> None:
    """Raise :class:`CsrfTokenError` unless ``presented`` is this session's CSRF token."""
    if not presented or not hmac.compare_digest(csrf_token_for(config, token), presented):
        raise CsrfTokenError()


def context_of(row: AuthSession, account: Account) -> SessionContext:
    """The immutable view of a session that the rest of the app passes around."""
    return SessionContext(
        session_id=row.id,
        account_id=account.id,
        account_kind=account.kind,
        level=row.level,
        mfa_at=row.mfa_at,
        created_at=row.created_at,
    )


def _issued(rt: IdentityRuntime, row: AuthSession, account: Account, token: str) -> IssuedSession:
    return IssuedSession(
        token=token,
        csrf_token=csrf_token_for(rt.config, token),
        context=context_of(row, account),
        expires_at=row.created_at + rt.config.session_absolute,
    )


def issue_session(
    session: Session, rt: IdentityRuntime, account: Account, device: str, now: dt.datetime
) -> IssuedSession:
    """Add a new signed-in session for ``account`` (a fresh token: sign-in rotates)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = AuthSession(
        id=new_id(),
        account_id=account.id,
        token_hash=hash_token(token),
        level="signed_in",
        device=device[:MAX_DEVICE],
        created_at=now,
        last_seen_at=now,
    )
    session.add(row)
    session.flush()
    return _issued(rt, row, account, token)


def rotate_session(
    session: Session, rt: IdentityRuntime, row: AuthSession, now: dt.datetime
) -> IssuedSession:
    """Give the session a new token (at step-up) so a token seen before stops working."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row.token_hash = hash_token(token)
    row.last_seen_at = now
    session.flush()
    return _issued(rt, row, session.get_one(Account, row.account_id), token)


def _expiry_reason(rt: IdentityRuntime, row: AuthSession, now: dt.datetime) -> str | None:
    if now - row.created_at >= rt.config.session_absolute:
        return "absolute-timeout"
    if now - row.last_seen_at > rt.config.session_idle:
        return "idle-timeout"
    return None


def _end(session: Session, row: AuthSession, reason: str, now: dt.datetime) -> None:
    row.ended_at = now
    row.end_reason = reason
    record_identity_event(
        session,
        "session:ended",
        account=session.get_one(Account, row.account_id),
        at=now,
        target=f"session:{row.id}",
        reason=reason,
    )


def resolve_session(rt: IdentityRuntime, token: str | None) -> SessionContext:
    """Use case: the live session behind a cookie token, touched now.

    Raises :class:`SessionInvalidError` for no token, an unknown or ended one, or an expired one.
    """
    if not token:
        raise SessionInvalidError()
    now = rt.now()
    with session_scope(rt.db) as session:
        row = session.scalars(
            select(AuthSession).where(AuthSession.token_hash == hash_token(token))
        ).one_or_none()
        if row is None or row.ended_at is not None:
            raise SessionInvalidError()
        reason = _expiry_reason(rt, row, now)
        if reason is None:
            row.last_seen_at = now
            return context_of(row, session.get_one(Account, row.account_id))
        _end(session, row, reason, now)
    raise SessionInvalidError()


def list_sessions(rt: IdentityRuntime, ctx: SessionContext) -> list[SessionView]:
    """Use case: the account's live sessions, most recently used first."""
    now = rt.now()
    with session_scope(rt.db) as session:
        rows = session.scalars(
            select(AuthSession)
            .where(AuthSession.account_id == ctx.account_id, AuthSession.ended_at.is_(None))
            .order_by(AuthSession.last_seen_at.desc())
        ).all()
        return [
            SessionView(
                id=r.id,
                device=r.device,
                level=r.level,
                created_at=r.created_at,
                last_seen_at=r.last_seen_at,
                is_current=r.id == ctx.session_id,
            )
            for r in rows
            if _expiry_reason(rt, r, now) is None
        ]


def end_session(rt: IdentityRuntime, ctx: SessionContext, session_id: str) -> None:
    """Use case: end one of the account's sessions (its own, when signing out)."""
    now = rt.now()
    with session_scope(rt.db) as session:
        row = session.get(AuthSession, session_id)
        if row is None or row.account_id != ctx.account_id or row.ended_at is not None:
            raise SessionNotFoundError()
        reason = "signed-out" if session_id == ctx.session_id else "ended-by-owner"
        _end(session, row, reason, now)


def end_other_sessions(
    session: Session, account_id: str, reason: str, now: dt.datetime, keep: str | None = None
) -> int:
    """End every live session of the account except ``keep``; returns how many ended."""
    rows = session.scalars(
        select(AuthSession).where(
            AuthSession.account_id == account_id,
            AuthSession.ended_at.is_(None),
            AuthSession.id != (keep or ""),
        )
    ).all()
    for row in rows:
        _end(session, row, reason, now)
    return len(rows)
