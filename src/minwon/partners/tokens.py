"""Use case of the token endpoint: client credentials, authorization code with PKCE, refresh.

Every grant authenticates the client first (RFC 6749 §3.2.1). Refresh tokens rotate on every
use; a rotated refresh token or a used code presented again means a copy is in someone
else's hands, so every token of that grant is revoked (Security BCP §4.14.2, RFC 6749 §4.1.2).
"""

from __future__ import annotations

import datetime as dt
import hmac

from authlib.oauth2.rfc7636.challenge import (  # type: ignore[import-untyped]
    CODE_VERIFIER_PATTERN,
    create_s256_code_challenge,
)
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from minwon.audit import record_event
from minwon.db import session_scope
from minwon.identity.models import Account
from minwon.partners.authorize import CODE_KEY_PURPOSE
from minwon.partners.clients import authenticate_client
from minwon.partners.credentials import hash_credential, new_id
from minwon.partners.errors import (
    InvalidGrantError,
    InvalidRequestError,
    InvalidScopeError,
    UnauthorizedClientError,
    UnsupportedGrantTypeError,
)
from minwon.partners.models import AuthorizationCode, Consent, OAuthClient, OAuthToken
from minwon.partners.runtime import PartnerRuntime
from minwon.partners.schemas import ClientAuth, IssuedTokens, TokenRequest
from minwon.partners.scopes import CLIENT_SCOPES, format_scopes, parse_scopes
from minwon.partners.token_store import Grant, claim_token, find_token, issue_token, revoke_tokens

__all__ = ["exchange_token"]

GRANT_TYPES = ("client_credentials", "authorization_code", "refresh_token")


def exchange_token(rt: PartnerRuntime, auth: ClientAuth, request: TokenRequest) -> IssuedTokens:
    """Use case: the token endpoint. Raises an :class:`OAuthError` with the RFC 6749 code.

    A detected replay is committed (the grant stays revoked) before the error is raised.
    """
    now = rt.now()
    with session_scope(rt.db) as session:
        client = authenticate_client(session, rt, auth)
        grant_type = request.grant_type or ""
        if grant_type not in GRANT_TYPES:
            raise UnsupportedGrantTypeError(f"grant_type must be one of {', '.join(GRANT_TYPES)}")
        if grant_type not in client.grant_types.split():
            raise UnauthorizedClientError(f"this client may not use {grant_type}")
        if grant_type == "client_credentials":
            return _client_credentials(session, rt, client, request, now)
        if grant_type == "authorization_code":
            return _authorization_code(session, rt, client, request, now)
        return _refresh(session, rt, client, request, now)


def _client_credentials(
    session: Session,
    rt: PartnerRuntime,
    client: OAuthClient,
    request: TokenRequest,
    now: dt.datetime,
) -> IssuedTokens:
    allowed = frozenset(client.scopes.split()) & CLIENT_SCOPES
    scopes = parse_scopes(request.scope) or allowed  # RFC 6749 §3.3: a documented default
    if not scopes <= allowed:
        raise InvalidScopeError("client credentials reach only catalog:read and route")
    return _tokens(session, rt, Grant(client.id, scopes), now, with_refresh=False)


def _authorization_code(
    session: Session,
    rt: PartnerRuntime,
    client: OAuthClient,
    request: TokenRequest,
    now: dt.datetime,
) -> IssuedTokens:
    code = _redeemable_code(session, rt, client, request, now)
    consent = _live_consent(session, code.consent_id)
    family_id = new_id()
    if not _claim_code(session, code, family_id, now):
        raise InvalidGrantError("authorization code already used")
    scopes = frozenset(code.scopes.split())
    grant = Grant(
        client.id, scopes, consent.account_id, consent.id, family_id, now + rt.config.grant_ttl
    )
    record_event(
        session,
        actor=f"partner:{client.id}",
        action="partner:token:issued",
        subject=f"citizen:{consent.account_id}",
        data={"scopes": sorted(scopes)},
        at=now,
    )
    return _tokens(session, rt, grant, now, with_refresh=True)


def _redeemable_code(
    session: Session,
    rt: PartnerRuntime,
    client: OAuthClient,
    request: TokenRequest,
    now: dt.datetime,
) -> AuthorizationCode:
    if not request.code or not request.redirect_uri or not request.code_verifier:
        raise InvalidRequestError("code, redirect_uri and code_verifier are required")
    code_hash = hash_credential(rt.key(CODE_KEY_PURPOSE), request.code)
    code = session.scalars(
        select(AuthorizationCode).where(AuthorizationCode.code_hash == code_hash)
    ).one_or_none()
    if code is None or code.client_id != client.id:
        raise InvalidGrantError("unknown authorization code")
    if code.used_at is not None:
        _revoke_after_replay(session, "code", code.family_id, f"partner:{client.id}", now)
        raise InvalidGrantError("authorization code already used")
    if now >= code.expires_at:
        raise InvalidGrantError("authorization code expired")
    if request.redirect_uri != code.redirect_uri:
        raise InvalidGrantError("redirect_uri differs from the authorization request")
    if not _is_pkce_match(request.code_verifier, code.code_challenge):
        raise InvalidGrantError("code_verifier does not match the code_challenge")
    return code


def _claim_code(
    session: Session, code: AuthorizationCode, family_id: str, now: dt.datetime
) -> bool:
    """Mark the code used; a conditional UPDATE, so of two concurrent exchanges one wins."""
    result = session.execute(
        update(AuthorizationCode)
        .where(AuthorizationCode.id == code.id, AuthorizationCode.used_at.is_(None))
        .values(used_at=now, family_id=family_id)
        .execution_options(synchronize_session="fetch")
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def _is_pkce_match(verifier: str, challenge: str) -> bool:
    if not CODE_VERIFIER_PATTERN.fullmatch(verifier):
        return False
    computed: str = create_s256_code_challenge(verifier)
    return hmac.compare_digest(computed.encode("ascii"), challenge.encode("ascii"))


def _refresh(
    session: Session,
    rt: PartnerRuntime,
    client: OAuthClient,
    request: TokenRequest,
    now: dt.datetime,
) -> IssuedTokens:
    if not request.refresh_token:
        raise InvalidRequestError("refresh_token is required")
    row = find_token(session, rt, "refresh", request.refresh_token)
    if row is None or row.client_id != client.id or row.revoked_at is not None:
        raise InvalidGrantError("unknown or revoked refresh token")
    if row.used_at is not None or not claim_token(session, row, now):
        _revoke_after_replay(session, "refresh_token", row.family_id, f"partner:{client.id}", now)
        raise InvalidGrantError("refresh token already used")
    if now >= row.expires_at:
        raise InvalidGrantError("refresh token expired")
    consent = _live_consent(session, row.consent_id)
    granted = frozenset(row.scopes.split())
    scopes = parse_scopes(request.scope) or granted  # RFC 6749 §6: the same or fewer
    if not scopes <= granted:
        raise InvalidScopeError("a refresh cannot widen the scope")
    grant = Grant(
        client.id, scopes, consent.account_id, consent.id, row.family_id, row.grant_expires_at
    )
    return _tokens(session, rt, grant, now, with_refresh=True)


def _live_consent(session: Session, consent_id: str | None) -> Consent:
    consent = session.get(Consent, consent_id) if consent_id else None
    if consent is None or consent.revoked_at is not None:
        raise InvalidGrantError("the citizen revoked this partner's access")
    account = session.get(Account, consent.account_id)
    if account is None or account.disabled_at is not None:
        raise InvalidGrantError("the citizen's account is closed")
    return consent


def _revoke_after_replay(
    session: Session, what: str, family_id: str | None, actor: str, now: dt.datetime
) -> None:
    """Revoke the grant a replayed credential belongs to, and keep that even though we refuse."""
    if family_id is None:
        return
    count = revoke_tokens(session, reason=f"{what}-replayed", now=now, family_id=family_id)
    subject = session.scalars(
        select(OAuthToken.account_id).where(OAuthToken.family_id == family_id)
    ).first()
    record_event(
        session,
        actor=actor,
        action=f"partner:{what}:replayed",
        subject=f"citizen:{subject}" if subject else None,
        data={"revoked_tokens": count},
        at=now,
    )
    session.commit()  # the caller raises next, and session_scope would roll this back


def _tokens(
    session: Session, rt: PartnerRuntime, grant: Grant, now: dt.datetime, *, with_refresh: bool
) -> IssuedTokens:
    access, row = issue_token(session, rt, "access", grant, now)
    refresh = issue_token(session, rt, "refresh", grant, now)[0] if with_refresh else None
    return IssuedTokens(
        access_token=access,
        expires_in=int((row.expires_at - now).total_seconds()),
        scope=format_scopes(grant.scopes),
        refresh_token=refresh,
    )
