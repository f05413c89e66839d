"""Data crossing the partners package's boundary (plain frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "AccessGrant",
    "AuthorizationParams",
    "AuthorizationRequest",
    "ClientAuth",
    "ClientView",
    "ConnectedPartner",
    "IssuedTokens",
    "NewClient",
    "RegisteredClient",
    "TokenRequest",
]


@dataclass(frozen=True, slots=True)
class NewClient:
    """What an operator gives to register a partner."""

    name_ko: str
    name_en: str
    redirect_uris: tuple[str, ...]
    scopes: frozenset[str]


@dataclass(frozen=True, slots=True)
class RegisteredClient:
    """A partner just registered: ``client_secret`` is shown once and never again."""

    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]
    scopes: frozenset[str]
    grant_types: frozenset[str]


@dataclass(frozen=True, slots=True)
class ClientView:
    """A partner as a citizen sees it on the consent page."""

    client_id: str
    name_ko: str
    name_en: str

    def name(self, lang: str) -> str:
        """The partner's name in ``lang`` (Korean unless English is asked for)."""
        return self.name_en if lang == "en" else self.name_ko


@dataclass(frozen=True, slots=True)
class AuthorizationParams:
    """The query of an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3), unchecked."""

    response_type: str | None
    client_id: str | None
    redirect_uri: str | None
    scope: str | None
    state: str | None
    code_challenge: str | None
    code_challenge_method: str | None


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    """An authorization request that passed every check: what the consent page shows."""

    client: ClientView
    redirect_uri: str
    scopes: frozenset[str]
    state: str | None
    code_challenge: str


@dataclass(frozen=True, slots=True)
class ClientAuth:
    """How the client authenticated at the token or revocation endpoint."""

    client_id: str
    client_secret: str


@dataclass(frozen=True, slots=True)
class TokenRequest:
    """The form posted to the token endpoint (RFC 6749 §4.1.3, §4.4.2, §6), unchecked."""

    grant_type: str | None
    code: str | None = None
    redirect_uri: str | None = None
    code_verifier: str | None = None
    refresh_token: str | None = None
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    """The token response (RFC 6749 §5.1). ``refresh_token`` only for a citizen's grant."""

    access_token: str
    expires_in: int
    scope: str
    refresh_token: str | None = None
    token_type: str = "Bearer"  # noqa: S105 — the RFC 6750 scheme name


@dataclass(frozen=True, slots=True)
class AccessGrant:
    """What a valid access token allows: a partner alone, or a partner for one citizen."""

    token_id: str
    client_id: str
    account_id: str | None
    scopes: frozenset[str]
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ConnectedPartner:
    """A partner a citizen connected, as listed under "connected services"."""

    client_id: str
    name_ko: str
    name_en: str
    scopes: tuple[str, ...]
    granted_at: dt.datetime
