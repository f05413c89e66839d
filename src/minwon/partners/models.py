"""Tables of the partners package: OAuth clients, authorization codes, tokens and consents.

No credential is stored in clear: client secrets, codes and tokens are kept as keyed hashes
(:mod:`minwon.partners.credentials`), so a copy of the database authenticates nobody.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from minwon.db import Base
from minwon.identity.models import UtcDateTime

__all__ = ["AuthorizationCode", "Consent", "OAuthClient", "OAuthToken"]

CLIENT_FK = "oauth_clients.id"
ACCOUNT_FK = "accounts.id"


class OAuthClient(Base):
    """A registered partner (a portal, a messenger). Always confidential: it holds a secret."""

    __tablename__ = "oauth_clients"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # the public client_id
    secret_hash: Mapped[str] = mapped_column(String(64))
    name_ko: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    # Compared by exact string equality, never by prefix (OAuth 2.0 Security BCP §4.1.3).
    redirect_uris: Mapped[list[str]] = mapped_column(JSON)
    scopes: Mapped[str] = mapped_column(String(400))  # the most it may ever ask for
    grant_types: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class Consent(Base):
    """A citizen's permission for one partner to act for them within ``scopes``.

    At most one live consent per citizen and partner; revoking it ends every token issued
    under it.
    """

    __tablename__ = "oauth_consents"
    __table_args__ = (Index("ix_oauth_consents_account_client", "account_id", "client_id"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey(ACCOUNT_FK, ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(ForeignKey(CLIENT_FK, ondelete="CASCADE"), index=True)
    scopes: Mapped[str] = mapped_column(String(400))
    granted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class AuthorizationCode(Base):
    """A code handed to the partner through the citizen's browser: single use, 60 seconds.

    Bound to the client, the account, the consent, the exact redirect URI, the scopes and the
    PKCE S256 challenge. ``family_id`` names the tokens it was exchanged for, so a replayed
    code can revoke them (RFC 6749 §4.1.2).
    """

    __tablename__ = "oauth_authorization_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(ForeignKey(CLIENT_FK, ondelete="CASCADE"))
    account_id: Mapped[str] = mapped_column(ForeignKey(ACCOUNT_FK, ondelete="CASCADE"))
    consent_id: Mapped[str] = mapped_column(ForeignKey("oauth_consents.id", ondelete="CASCADE"))
    redirect_uri: Mapped[str] = mapped_column(String(2000))
    scopes: Mapped[str] = mapped_column(String(400))
    code_challenge: Mapped[str] = mapped_column(String(128))  # S256 only; plain is refused
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    family_id: Mapped[str | None] = mapped_column(String(40))


class OAuthToken(Base):
    """An access or refresh token, kept as a keyed hash.

    Tokens from one authorization code share a ``family_id``: refreshing rotates the refresh
    token inside the family, and presenting a rotated one again revokes the whole family
    (the token was stolen, or the partner is broken). Client-credentials tokens have no
    account, consent or family.
    """

    __tablename__ = "oauth_tokens"
    __table_args__ = (
        CheckConstraint("kind IN ('access', 'refresh')", name="kind"),
        Index("ix_oauth_tokens_family_id", "family_id"),
        Index("ix_oauth_tokens_consent_id", "consent_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    client_id: Mapped[str] = mapped_column(ForeignKey(CLIENT_FK, ondelete="CASCADE"), index=True)
    account_id: Mapped[str | None] = mapped_column(ForeignKey(ACCOUNT_FK, ondelete="CASCADE"))
    consent_id: Mapped[str | None] = mapped_column(
        ForeignKey("oauth_consents.id", ondelete="CASCADE")
    )
    family_id: Mapped[str | None] = mapped_column(String(40))
    scopes: Mapped[str] = mapped_column(String(400))
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    # The end of the whole grant: a rotated refresh token never outlives it.
    grant_expires_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)  # refresh: rotated
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    revoke_reason: Mapped[str | None] = mapped_column(String(40))
