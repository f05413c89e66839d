"""Use case of the resource side: what a bearer access token allows, right now."""

from __future__ import annotations

from sqlalchemy.orm import Session

from minwon.db import session_scope
from minwon.identity.models import Account
from minwon.partners.errors import InvalidTokenError
from minwon.partners.models import Consent, OAuthClient, OAuthToken
from minwon.partners.runtime import PartnerRuntime
from minwon.partners.schemas import AccessGrant
from minwon.partners.token_store import find_token

__all__ = ["authenticate_access_token"]

MAX_TOKEN = 200  # ours are 43 characters; anything far longer is not worth hashing


def authenticate_access_token(rt: PartnerRuntime, token: str) -> AccessGrant:
    """Use case: the grant behind a bearer token, checked on every request.

    Raises :class:`InvalidTokenError` for an unknown, expired or revoked token, a disabled
    partner, a withdrawn consent or a closed account: all of them stop a token at once,
    without waiting for it to expire.
    """
    if not token or len(token) > MAX_TOKEN:
        raise InvalidTokenError("malformed access token")
    now = rt.now()
    with session_scope(rt.db) as session:
        row = find_token(session, rt, "access", token)
        if row is None or row.revoked_at is not None or now >= row.expires_at:
            raise InvalidTokenError("the access token is unknown, expired or revoked")
        if not _is_grant_live(session, row):
            raise InvalidTokenError("the grant behind this token has ended")
        return AccessGrant(
            token_id=row.id,
            client_id=row.client_id,
            account_id=row.account_id,
            scopes=frozenset(row.scopes.split()),
            expires_at=row.expires_at,
        )


def _is_grant_live(session: Session, row: OAuthToken) -> bool:
    client = session.get(OAuthClient, row.client_id)
    if client is None or client.disabled_at is not None:
        return False
    if row.account_id is None:
        return True
    consent = session.get(Consent, row.consent_id) if row.consent_id else None
    account = session.get(Account, row.account_id)
    return (
        consent is not None
        and consent.revoked_at is None
        and account is not None
        and account.disabled_at is None
    )
