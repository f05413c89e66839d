"""Data crossing the identity package's boundary (plain frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "AccountView",
    "IssuedSession",
    "PasskeyView",
    "SessionContext",
    "SessionView",
    "TotpEnrolment",
]


@dataclass(frozen=True, slots=True)
class SessionContext:
    """Who is behind a request and how strongly they authenticated."""

    session_id: str
    account_id: str
    account_kind: str
    level: str  # stored level: "signed_in" or "mfa"
    mfa_at: dt.datetime | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class IssuedSession:
    """A session just created or rotated: ``token`` goes into the cookie and nowhere else."""

    token: str
    csrf_token: str
    context: SessionContext
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class AccountView:
    """What a person sees about their own account."""

    id: str
    kind: str
    email: str
    display_name: str
    has_totp: bool
    passkey_count: int
    recovery_codes_left: int
    agencies: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SessionView:
    """One of the person's signed-in devices."""

    id: str
    device: str
    level: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    is_current: bool


@dataclass(frozen=True, slots=True)
class PasskeyView:
    """One registered passkey."""

    id: str
    name: str
    attachment: str | None
    is_backed_up: bool
    created_at: dt.datetime
    last_used_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class TotpEnrolment:
    """Shown once when enrolling an authenticator app: the secret never comes back."""

    secret: str
    otpauth_uri: str
    qr_svg: str
