"""Partner OAuth settings: token lifetimes and the key that hashes secrets at rest."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from minwon.config import Settings

__all__ = ["PartnerConfig", "partner_config"]


@dataclass(frozen=True, slots=True)
class PartnerConfig:
    """How long each credential lives, and the key its hashes are made with.

    Access tokens are short so that a revoked consent or a stolen token stops working soon
    even where a resource server cached a validation; the refresh token is what lasts, and it
    is rotated on every use (OAuth 2.0 Security BCP §4.14).
    """

    secret_key: bytes
    # RFC 6749 §4.1.2 recommends at most 10 minutes for a code; a browser redirect needs seconds.
    code_ttl: dt.timedelta = dt.timedelta(seconds=60)
    access_ttl: dt.timedelta = dt.timedelta(minutes=10)
    # An unused refresh token dies after 30 days; a grant ends 90 days after the consent was
    # first exchanged, so a forgotten partner cannot act for a citizen indefinitely.
    refresh_ttl: dt.timedelta = dt.timedelta(days=30)
    grant_ttl: dt.timedelta = dt.timedelta(days=90)

    def derive_key(self, purpose: str) -> bytes:
        """A 32-byte key for one kind of credential, so no two kinds share key material."""
        return hmac.new(
            self.secret_key, f"minwon/partners/{purpose}".encode(), hashlib.sha256
        ).digest()


def partner_config(settings: Settings) -> PartnerConfig:
    """The partner configuration for ``settings`` (the key comes from ``MINWON_SECRET_KEY``)."""
    return PartnerConfig(secret_key=settings.secret_key.get_secret_value().encode("utf-8"))
