"""Identity settings, read from the application's ``Settings`` in one place."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from minwon.config import Settings

__all__ = ["IdentityConfig", "identity_config"]


@dataclass(frozen=True, slots=True)
class IdentityConfig:
    """What the identity use cases need to know about this deployment."""

    secret_key: bytes
    rp_id: str = "localhost"
    rp_name: str = "minwon"
    origin: str = "http://localhost:8000"
    cookie_secure: bool = True
    # 800-63B 4.2.3 (AAL2): reauthenticate after 30 minutes idle and at least every 12 hours.
    session_idle: dt.timedelta = dt.timedelta(minutes=30)
    session_absolute: dt.timedelta = dt.timedelta(hours=12)
    # Sensitive actions (submitting, changing sign-in methods) need a second factor this fresh.
    reauth_window: dt.timedelta = dt.timedelta(minutes=15)
    challenge_ttl: dt.timedelta = dt.timedelta(minutes=5)

    def derive_key(self, purpose: str) -> bytes:
        """A 32-byte key for one purpose, so no two uses share key material."""
        return hmac.new(
            self.secret_key, f"minwon/identity/{purpose}".encode(), hashlib.sha256
        ).digest()


def identity_config(settings: Settings) -> IdentityConfig:
    """The identity configuration for ``settings``.

    A Secure-less cookie is allowed only in development and test, where the app is reached
    over plain http://127.0.0.1.
    """
    # Unset: Secure everywhere but development, which `make run` serves over http://127.0.0.1.
    chosen = settings.session_cookie_secure
    secure = settings.environment == "production" or (
        chosen if chosen is not None else settings.environment != "development"
    )
    return IdentityConfig(
        secret_key=settings.secret_key.get_secret_value().encode("utf-8"),
        rp_id=settings.webauthn_rp_id,
        rp_name=settings.webauthn_rp_name,
        origin=settings.webauthn_origin,
        cookie_secure=secure,
        session_idle=dt.timedelta(minutes=settings.session_idle_minutes),
        session_absolute=dt.timedelta(hours=settings.session_absolute_hours),
        reauth_window=dt.timedelta(minutes=settings.reauth_window_minutes),
    )
