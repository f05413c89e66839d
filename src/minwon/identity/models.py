"""Tables of the identity package: accounts, sign-in methods, sessions, counters, delegations.

Every moment is stored in UTC through :class:`UtcDateTime`, so SQLite (which keeps no offset)
and PostgreSQL hand back the same aware datetime.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from minwon.db import Base, UtcDateTime

__all__ = [
    "Account",
    "AccountReset",
    "AuthSession",
    "Delegation",
    "Notification",
    "OfficerRole",
    "Passkey",
    "RecoveryCode",
    "ThrottleBucket",
    "TotpFactor",
    "UtcDateTime",
    "WebAuthnChallenge",
]

ACCOUNT_FK = "accounts.id"


class Account(Base):
    """A person who signs in: a citizen, or an officer (who always signs in with MFA)."""

    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint("kind IN ('citizen', 'officer')", name="kind"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="citizen")
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(200))
    password_changed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # One counter for the guessable second factors (TOTP and recovery codes) together, so an
    # attacker gets ten tries in all, not ten per factor.
    second_factor_failures: Mapped[int] = mapped_column(Integer, default=0)
    second_factor_locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class OfficerRole(Base):
    """A role an officer holds within one agency (e.g. 'reviewer' at a district office)."""

    __tablename__ = "officer_roles"
    __table_args__ = (
        UniqueConstraint("account_id", "agency_code", "role", name="uq_officer_roles_role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey(ACCOUNT_FK, ondelete="CASCADE"))
    agency_code: Mapped[str] = mapped_column(String(80))  # catalog agency.code
    role: Mapped[str] = mapped_column(String(40))
    granted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class TotpFactor(Base):
    """An authenticator app. Pending until its first code is confirmed; one per account."""

    __tablename__ = "totp_factors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey(ACCOUNT_FK, ondelete="CASCADE"), unique=True)
    secret_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    # The last accepted 30-second step: a code at or before it is a replay (800-63B 5.1.4.2).
    last_used_step: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class Passkey(Base):
    """A WebAuthn credential (platform or roaming), named by its owner."""

    __tablename__ = "passkeys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey(ACCOUNT_FK, ondelete="CASCADE"), index=True)
    credential_id: Mapped[str] = mapped_column(String(1400), unique=True)  # base64url
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(60))
    attachment: Mapped[str | None] = mapped_column(String(20))
    transports: Mapped[str] = mapped_column(String(200), default="")
    aaguid: Mapped[str] = mapped_column(String(36))
    is_backed_up: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class RecoveryCode(Base):
    """One single-use recovery code, kept only as a keyed hash."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey(ACCOUNT_FK, ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class AuthSession(Base):
    """A signed-in browser or device. The cookie holds a token; only its SHA-256 is here."""

    __tablename__ = "auth_sessions"
    __table_args__ = (CheckConstraint("level IN ('signed_in', 'mfa')", name="level"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey(ACCOUNT_FK, ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    level: Mapped[str] = mapped_column(String(16))
    device: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    mfa_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(40))


class WebAuthnChallenge(Base):
    """A challenge handed to a browser: bound to one session and purpose, used at most once."""

    __tablename__ = "webauthn_challenges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    challenge: Mapped[str] = mapped_column(String(200), unique=True)  # base64url
    session_id: Mapped[str] = mapped_column(
        ForeignKey("auth_sessions.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(20))
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ThrottleBucket(Base):
    """Failures counted per key and per minute; the sum over recent buckets is a sliding window."""

    __tablename__ = "throttle_buckets"
    __table_args__ = (
        UniqueConstraint("scope", "key", "bucket_start", name="uq_throttle_buckets_bucket"),
        Index("ix_throttle_buckets_scope_key", "scope", "key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scope: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(64))
    bucket_start: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    count: Mapped[int] = mapped_column(Integer, default=0)


class Delegation(Base):
    """The grantor lets the grantee act for them on some services, between two dates.

    Granted by the grantor themselves (``created_by`` ``citizen:<grantor>``) or recorded by an
    officer from a paper power of attorney (``officer:<id>`` and the paper's ``document_ref``).
    """

    __tablename__ = "delegations"
    __table_args__ = (
        CheckConstraint("grantor_account_id <> grantee_account_id", name="distinct_parties"),
        CheckConstraint("ends_on >= starts_on", name="dates"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    grantor_account_id: Mapped[str] = mapped_column(
        ForeignKey(ACCOUNT_FK, ondelete="CASCADE"), index=True
    )
    grantee_account_id: Mapped[str] = mapped_column(
        ForeignKey(ACCOUNT_FK, ondelete="CASCADE"), index=True
    )
    # Explicit catalog service ids, never a wildcard: a new service is never covered silently.
    services: Mapped[list[str]] = mapped_column(JSON)
    starts_on: Mapped[dt.date] = mapped_column(Date)  # Korean calendar dates, both inclusive
    ends_on: Mapped[dt.date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(64))
    document_ref: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(64))


class Notification(Base):
    """A notice shown to the account holder in the app (there is no e-mail or SMS channel).

    ``code`` names a message in the API's message table; ``params`` fill it in.
    """

    __tablename__ = "notifications"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey(ACCOUNT_FK, ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    read_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class AccountReset(Base):
    """An officer's reset after an in-person identity check: a one-time code, kept as a hash."""

    __tablename__ = "account_resets"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey(ACCOUNT_FK, ondelete="CASCADE"), index=True)
    officer_account_id: Mapped[str] = mapped_column(ForeignKey(ACCOUNT_FK))
    id_document_type: Mapped[str] = mapped_column(String(40))  # the type only, never its number
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
