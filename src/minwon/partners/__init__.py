"""Partners: OAuth 2.0 clients (a search portal, a messenger) and the citizens' consents.

A partner reaches the catalog and routing with its own credentials (client credentials
grant); it acts for a citizen only with that citizen's consent (authorization code with PKCE
S256), through short-lived access tokens and rotating refresh tokens. Citizens list and
revoke connected partners; every consent, revocation and detected replay is written to the
audit log in the same transaction. Protocol pieces (PKCE S256, scope strings, URI building)
come from authlib; the state machine and storage are ours, so every credential is stored
hashed and every moment comes from the injected clock.

A partner's token never reaches the ``mfa`` level: submitting an application stays with the
citizen, on minwon, after a second factor.
"""

from minwon.partners.access import authenticate_access_token
from minwon.partners.authorize import (
    approve_authorization,
    deny_authorization,
    validate_authorization_request,
)
from minwon.partners.clients import authenticate_client, grant_types_for, register_client
from minwon.partners.config import PartnerConfig, partner_config
from minwon.partners.consents import list_connected_partners, revoke_partner
from minwon.partners.errors import (
    AccessDeniedError,
    AuthorizationRedirectError,
    CitizenRequiredError,
    ClientMetadataError,
    ClientNotFoundError,
    InsufficientScopeError,
    InvalidClientError,
    InvalidGrantError,
    InvalidRedirectUriError,
    InvalidRequestError,
    InvalidScopeError,
    InvalidTokenError,
    OAuthError,
    PartnerError,
    UnauthorizedClientError,
    UnsupportedGrantTypeError,
    UnsupportedResponseTypeError,
    UnsupportedTokenTypeError,
)
from minwon.partners.revocation import revoke_token
from minwon.partners.runtime import PartnerRuntime
from minwon.partners.schemas import (
    AccessGrant,
    AuthorizationParams,
    AuthorizationRequest,
    ClientAuth,
    ClientView,
    ConnectedPartner,
    IssuedTokens,
    NewClient,
    RegisteredClient,
    TokenRequest,
)
from minwon.partners.scopes import CITIZEN_SCOPES, CLIENT_SCOPES, SCOPES, parse_scopes
from minwon.partners.tokens import exchange_token

__all__ = [
    "CITIZEN_SCOPES",
    "CLIENT_SCOPES",
    "SCOPES",
    "AccessDeniedError",
    "AccessGrant",
    "AuthorizationParams",
    "AuthorizationRedirectError",
    "AuthorizationRequest",
    "CitizenRequiredError",
    "ClientAuth",
    "ClientMetadataError",
    "ClientNotFoundError",
    "ClientView",
    "ConnectedPartner",
    "InsufficientScopeError",
    "InvalidClientError",
    "InvalidGrantError",
    "InvalidRedirectUriError",
    "InvalidRequestError",
    "InvalidScopeError",
    "InvalidTokenError",
    "IssuedTokens",
    "NewClient",
    "OAuthError",
    "PartnerConfig",
    "PartnerError",
    "PartnerRuntime",
    "RegisteredClient",
    "TokenRequest",
    "UnauthorizedClientError",
    "UnsupportedGrantTypeError",
    "UnsupportedResponseTypeError",
    "UnsupportedTokenTypeError",
    "approve_authorization",
    "authenticate_access_token",
    "authenticate_client",
    "deny_authorization",
    "exchange_token",
    "grant_types_for",
    "list_connected_partners",
    "parse_scopes",
    "partner_config",
    "register_client",
    "revoke_partner",
    "revoke_token",
    "validate_authorization_request",
]
