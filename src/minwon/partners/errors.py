"""Domain errors of the partners package.

The OAuth errors carry the RFC 6749 §5.2 / RFC 7009 / RFC 6750 ``error`` code; the API maps
each code to its status (the only place with status codes) and writes the standard JSON.
"""

from __future__ import annotations

__all__ = [
    "AccessDeniedError",
    "AuthorizationRedirectError",
    "CitizenRequiredError",
    "ClientMetadataError",
    "ClientNotFoundError",
    "InsufficientScopeError",
    "InvalidClientError",
    "InvalidGrantError",
    "InvalidRedirectUriError",
    "InvalidRequestError",
    "InvalidScopeError",
    "InvalidTokenError",
    "OAuthError",
    "PartnerError",
    "UnauthorizedClientError",
    "UnsupportedGrantTypeError",
    "UnsupportedResponseTypeError",
    "UnsupportedTokenTypeError",
]


class PartnerError(Exception):
    """Base of every partners error."""


class OAuthError(PartnerError):
    """An OAuth 2.0 error; ``error`` is the registered code a client program acts on.

    ``description`` is for the partner's developers (ASCII, English, never personal data).
    """

    error = "invalid_request"

    def __init__(self, description: str = "") -> None:
        self.description = description
        super().__init__(description or self.error)


class InvalidRequestError(OAuthError):
    """A parameter is missing, repeated or malformed."""

    error = "invalid_request"


class InvalidClientError(OAuthError):
    """Client authentication failed: unknown client, wrong secret, disabled client."""

    error = "invalid_client"


class InvalidGrantError(OAuthError):
    """The code or refresh token is unknown, expired, used, revoked or not this client's."""

    error = "invalid_grant"


class UnauthorizedClientError(OAuthError):
    """The client is not registered for this grant type."""

    error = "unauthorized_client"


class UnsupportedGrantTypeError(OAuthError):
    """A grant type minwon does not offer (password, implicit...)."""

    error = "unsupported_grant_type"


class UnsupportedResponseTypeError(OAuthError):
    """An authorization request for anything but ``response_type=code``."""

    error = "unsupported_response_type"


class InvalidScopeError(OAuthError):
    """A scope that is unknown, not allowed for this client, or beyond what was granted."""

    error = "invalid_scope"


class AccessDeniedError(OAuthError):
    """The citizen said no on the consent page."""

    error = "access_denied"


class UnsupportedTokenTypeError(OAuthError):
    """RFC 7009 §2.2.1: a ``token_type_hint`` naming a type minwon does not revoke."""

    error = "unsupported_token_type"


class InvalidTokenError(OAuthError):
    """RFC 6750 §3.1: the bearer token is unknown, expired or revoked."""

    error = "invalid_token"


class InsufficientScopeError(OAuthError):
    """RFC 6750 §3.1: the bearer token is valid but lacks the scope the request needs."""

    error = "insufficient_scope"

    def __init__(self, required: str | None) -> None:
        self.required = required  # None: no scope opens this endpoint to partner tokens
        super().__init__(
            f"this request needs the scope {required}"
            if required
            else "this endpoint is not open to partner tokens"
        )


class InvalidRedirectUriError(OAuthError):
    """Unknown client or a redirect URI not registered for it (RFC 6749 §4.1.2.1).

    Never answered with a redirect: the URI cannot be trusted, so the citizen is told instead.
    """

    error = "invalid_request"


class AuthorizationRedirectError(PartnerError):
    """An authorization request refused *after* its redirect URI was verified.

    RFC 6749 §4.1.2.1: the error goes back to the partner in ``redirect_to`` (its verified
    redirect URI with ``error``, ``error_description`` and ``state``).
    """

    def __init__(self, error: OAuthError, redirect_to: str) -> None:
        self.error = error
        self.redirect_to = redirect_to
        super().__init__(error.error)


class ClientMetadataError(PartnerError):
    """An operator tried to register a partner with a bad name, redirect URI or scope."""


class CitizenRequiredError(PartnerError):
    """Only a citizen's own live account can connect a partner (not an officer's)."""


class ClientNotFoundError(PartnerError):
    """The citizen has no connection with this partner (or the partner does not exist)."""
