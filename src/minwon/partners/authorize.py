"""Use cases of the authorization endpoint: check a request, record the citizen's decision.

Rules beyond RFC 6749 (OAuth 2.0 Security BCP, RFC 9700): ``redirect_uri`` is always required
and must equal a registered URI character for character; PKCE is required and only ``S256``
is accepted (``plain`` would hand the verifier to anyone who sees the request); a request
with an unknown client or redirect URI is never answered with a redirect.
"""

from __future__ import annotations

import datetime as dt

from authlib.common.urls import add_params_to_uri  # type: ignore[import-untyped]
from authlib.oauth2.rfc7636.challenge import CODE_CHALLENGE_PATTERN  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlalchemy.orm import Session

from minwon.audit import record_event
from minwon.db import session_scope
from minwon.identity.models import Account
from minwon.partners.credentials import hash_credential, new_credential, new_id
from minwon.partners.errors import (
    AccessDeniedError,
    AuthorizationRedirectError,
    CitizenRequiredError,
    InvalidRedirectUriError,
    InvalidRequestError,
    InvalidScopeError,
    OAuthError,
    UnauthorizedClientError,
    UnsupportedResponseTypeError,
)
from minwon.partners.models import AuthorizationCode, Consent, OAuthClient
from minwon.partners.runtime import PartnerRuntime
from minwon.partners.schemas import AuthorizationParams, AuthorizationRequest, ClientView
from minwon.partners.scopes import format_scopes, parse_scopes

__all__ = [
    "CODE_KEY_PURPOSE",
    "approve_authorization",
    "deny_authorization",
    "live_consent",
    "validate_authorization_request",
]

CODE_KEY_PURPOSE = "authorization-code"
MAX_STATE = 500


def validate_authorization_request(
    rt: PartnerRuntime, params: AuthorizationParams
) -> AuthorizationRequest:
    """Use case: check an authorization request before the consent page is shown.

    Raises :class:`InvalidRedirectUriError` (tell the citizen; do not redirect) when the client
    or redirect URI cannot be trusted, and :class:`AuthorizationRedirectError` (send the error
    back to the partner) for anything else.
    """
    with session_scope(rt.db) as session:
        client = _trusted_client(session, params)
    redirect_uri = params.redirect_uri or ""
    try:
        return AuthorizationRequest(
            client=ClientView(client.id, client.name_ko, client.name_en),
            redirect_uri=redirect_uri,
            scopes=_requested_scopes(client, params),
            state=params.state,
            code_challenge=_code_challenge(params),
        )
    except OAuthError as error:
        raise AuthorizationRedirectError(
            error, _error_redirect(redirect_uri, error, params.state)
        ) from None


def approve_authorization(
    rt: PartnerRuntime, account_id: str, request: AuthorizationRequest
) -> str:
    """Use case: the citizen consented. Records the consent and returns the redirect with a code.

    The consent covers what was asked now plus anything consented to before; the code (and the
    tokens it buys) covers only what was asked now.
    """
    now = rt.now()
    code = new_credential()
    with session_scope(rt.db) as session:
        _check_citizen(session, account_id)
        consent = _grant_consent(session, account_id, request, now)
        session.add(
            AuthorizationCode(
                code_hash=hash_credential(rt.key(CODE_KEY_PURPOSE), code),
                client_id=request.client.client_id,
                account_id=account_id,
                consent_id=consent.id,
                redirect_uri=request.redirect_uri,
                scopes=format_scopes(request.scopes),
                code_challenge=request.code_challenge,
                created_at=now,
                expires_at=now + rt.config.code_ttl,
            )
        )
        _record_decision(session, "granted", account_id, request, now)
    return _redirect(request.redirect_uri, [("code", code)], request.state)


def deny_authorization(rt: PartnerRuntime, account_id: str, request: AuthorizationRequest) -> str:
    """Use case: the citizen said no. Recorded; the partner gets ``access_denied``."""
    now = rt.now()
    with session_scope(rt.db) as session:
        _check_citizen(session, account_id)
        _record_decision(session, "denied", account_id, request, now)
    error = AccessDeniedError("the citizen did not consent")
    return _error_redirect(request.redirect_uri, error, request.state)


def _trusted_client(session: Session, params: AuthorizationParams) -> OAuthClient:
    client = session.get(OAuthClient, (params.client_id or "")[:40])
    if client is None or client.disabled_at is not None:
        raise InvalidRedirectUriError("unknown client_id")
    if not params.redirect_uri or params.redirect_uri not in client.redirect_uris:
        raise InvalidRedirectUriError("redirect_uri is missing or not registered")
    return client


def _requested_scopes(client: OAuthClient, params: AuthorizationParams) -> frozenset[str]:
    if params.response_type != "code":
        raise UnsupportedResponseTypeError("only response_type=code is supported")
    if "authorization_code" not in client.grant_types.split():
        raise UnauthorizedClientError("this client may not act for citizens")
    if params.state is not None and len(params.state) > MAX_STATE:
        raise InvalidRequestError(f"state is longer than {MAX_STATE} characters")
    scopes = parse_scopes(params.scope)
    if not scopes:
        raise InvalidScopeError("scope is required: ask only for what you need")
    if not scopes <= frozenset(client.scopes.split()):
        raise InvalidScopeError("scope beyond what this client is registered for")
    return scopes


def _code_challenge(params: AuthorizationParams) -> str:
    if params.code_challenge_method != "S256":
        raise InvalidRequestError("PKCE is required with code_challenge_method=S256")
    challenge = params.code_challenge or ""
    if not CODE_CHALLENGE_PATTERN.fullmatch(challenge):
        raise InvalidRequestError("code_challenge is missing or malformed")
    return challenge


def _check_citizen(session: Session, account_id: str) -> None:
    account = session.get(Account, account_id)
    if account is None or account.kind != "citizen" or account.disabled_at is not None:
        raise CitizenRequiredError()


def _grant_consent(
    session: Session, account_id: str, request: AuthorizationRequest, now: dt.datetime
) -> Consent:
    consent = live_consent(session, account_id, request.client.client_id)
    if consent is None:
        consent = Consent(
            id=new_id(),
            account_id=account_id,
            client_id=request.client.client_id,
            scopes=format_scopes(request.scopes),
            granted_at=now,
        )
        session.add(consent)
    else:
        consent.scopes = format_scopes(request.scopes | frozenset(consent.scopes.split()))
    session.flush()
    return consent


def live_consent(session: Session, account_id: str, client_id: str) -> Consent | None:
    """The citizen's unrevoked consent for this partner, if any."""
    return session.scalars(
        select(Consent).where(
            Consent.account_id == account_id,
            Consent.client_id == client_id,
            Consent.revoked_at.is_(None),
        )
    ).first()


def _record_decision(
    session: Session,
    decision: str,
    account_id: str,
    request: AuthorizationRequest,
    now: dt.datetime,
) -> None:
    citizen = f"citizen:{account_id}"
    record_event(
        session,
        actor=citizen,
        action=f"partner:consent:{decision}",
        subject=citizen,
        target=f"partner:{request.client.client_id}",
        data={"scopes": sorted(request.scopes)},
        at=now,
    )


def _redirect(redirect_uri: str, params: list[tuple[str, str]], state: str | None) -> str:
    if state is not None:
        params = [*params, ("state", state)]
    uri: str = add_params_to_uri(redirect_uri, params)
    return uri


def _error_redirect(redirect_uri: str, error: OAuthError, state: str | None) -> str:
    params = [("error", error.error)]
    if error.description:
        params.append(("error_description", error.description))
    return _redirect(redirect_uri, params, state)
