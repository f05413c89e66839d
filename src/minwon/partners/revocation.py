"""Use case of the revocation endpoint (RFC 7009): a partner gives back a token."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from minwon.audit import record_event
from minwon.db import session_scope
from minwon.partners.clients import authenticate_client
from minwon.partners.errors import InvalidGrantError, UnsupportedTokenTypeError
from minwon.partners.models import OAuthToken
from minwon.partners.runtime import PartnerRuntime
from minwon.partners.schemas import ClientAuth
from minwon.partners.token_store import TokenKind, find_token, revoke_tokens

__all__ = ["revoke_token"]

HINTS: dict[str, TokenKind] = {"access_token": "access", "refresh_token": "refresh"}


def revoke_token(rt: PartnerRuntime, auth: ClientAuth, token: str, hint: str | None) -> None:
    """Use case: revoke ``token`` for the authenticated client.

    An unknown, expired or already revoked token is not an error (RFC 7009 §2.2: the client
    cannot act on it anyway). A refresh token takes its access tokens with it (§2.1); an
    access token goes alone. Another client's token is refused with ``invalid_grant``.
    """
    if hint is not None and hint not in HINTS:
        raise UnsupportedTokenTypeError("token_type_hint must be access_token or refresh_token")
    now = rt.now()
    with session_scope(rt.db) as session:
        client = authenticate_client(session, rt, auth)
        row = _find_any(session, rt, token, HINTS.get(hint or "", "access"))
        if row is None or row.revoked_at is not None:
            return
        if row.client_id != client.id:
            raise InvalidGrantError("this token was issued to another client")
        _revoke(session, row, now)


def _find_any(
    session: Session, rt: PartnerRuntime, token: str, first: TokenKind
) -> OAuthToken | None:
    # §2.1: the hint only says where to look first; a wrong hint must not hide the token.
    second: TokenKind = "refresh" if first == "access" else "access"
    return find_token(session, rt, first, token) or find_token(session, rt, second, token)


def _revoke(session: Session, row: OAuthToken, now: dt.datetime) -> None:
    if row.kind == "refresh" and row.family_id is not None:
        count = revoke_tokens(
            session, reason="revoked-by-partner", now=now, family_id=row.family_id
        )
    else:
        count = revoke_tokens(session, reason="revoked-by-partner", now=now, token_id=row.id)
    record_event(
        session,
        actor=f"partner:{row.client_id}",
        action="partner:token:revoked",
        subject=f"citizen:{row.account_id}" if row.account_id else None,
        data={"kind": row.kind, "revoked_tokens": count},
        at=now,
    )
