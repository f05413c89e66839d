"""Data crossing the identity package's boundary (plain frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

__all__ = [
    "AccountSummary",
    "AccountView",
    "DelegationTerms",
    "DelegationView",
    "IssuedReset",
    "IssuedSession",
    "NotificationView",
    "PaperPowerOfAttorney",
    "Party",
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


@dataclass(frozen=True, slots=True)
class NotificationView:
    """One in-app notice: a message code and what fills it in."""

    id: str
    code: str
    params: dict[str, Any]
    created_at: dt.datetime
    read_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class DelegationTerms:
    """What a delegation covers: catalog service ids, from ``starts_on`` to ``ends_on``."""

    services: tuple[str, ...]
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True, slots=True)
class Party:
    """One side of a delegation, as the other side sees it (no e-mail address)."""

    account_id: str
    display_name: str


@dataclass(frozen=True, slots=True)
class DelegationView:
    """A delegation as either party sees it; ``direction`` is from the viewer's side."""

    id: str
    direction: str  # "granted" (I am represented) or "received" (I act for someone)
    grantor: Party
    grantee: Party
    services: tuple[str, ...]
    starts_on: dt.date
    ends_on: dt.date
    status: str  # scheduled, active, ended or revoked, as of today
    recorded_by: str  # "citizen" (granted online) or "officer" (from a paper power of attorney)
    document_ref: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class PaperPowerOfAttorney:
    """What an officer reads off a paper power of attorney at the counter."""

    grantor_email: str
    grantee_email: str
    document_ref: str  # the paper's reference number, kept with the delegation
    reason: str  # recorded in the audit log


@dataclass(frozen=True, slots=True)
class AccountSummary:
    """What an officer at a counter sees of a citizen's account before resetting it."""

    id: str
    display_name: str
    created_at: dt.datetime
    has_second_factor: bool


@dataclass(frozen=True, slots=True)
class IssuedReset:
    """A reset just made: the one-time ``code`` is shown once, to the officer, for the person."""

    account_id: str
    code: str
    expires_at: dt.datetime
