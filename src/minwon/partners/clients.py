"""Use cases about partners themselves: register one, authenticate one at the token endpoint."""

from __future__ import annotations

import ipaddress
import unicodedata
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from minwon.audit import record_event
from minwon.db import session_scope
from minwon.partners.credentials import (
    hash_credential,
    is_same_credential,
    new_credential,
    new_id,
)
from minwon.partners.errors import ClientMetadataError, InvalidClientError
from minwon.partners.models import OAuthClient
from minwon.partners.runtime import PartnerRuntime
from minwon.partners.schemas import ClientAuth, NewClient, RegisteredClient
from minwon.partners.scopes import CITIZEN_SCOPES, CLIENT_SCOPES, SCOPES, format_scopes

__all__ = [
    "SECRET_KEY_PURPOSE",
    "authenticate_client",
    "grant_types_for",
    "register_client",
]

SECRET_KEY_PURPOSE = "client-secret"  # noqa: S105 — a key-derivation label, not a secret
MAX_NAME = 100
MAX_REDIRECT_URI = 2000
MAX_REDIRECT_URIS = 10
# Compared against when the client id is unknown, so both paths take the same time.
UNKNOWN_CLIENT_HASH = "0" * 64


def grant_types_for(scopes: frozenset[str]) -> frozenset[str]:
    """The grants a partner needs for ``scopes``: its own access, a citizen's, or both."""
    grants: set[str] = set()
    if scopes & CLIENT_SCOPES:
        grants.add("client_credentials")
    if scopes & CITIZEN_SCOPES:
        grants |= {"authorization_code", "refresh_token"}
    return frozenset(grants)


def register_client(rt: PartnerRuntime, new: NewClient) -> RegisteredClient:
    """Use case (operator): register a partner; its secret is returned once, here only.

    Raises :class:`ClientMetadataError` for a bad name, scope or redirect URI.
    """
    names = (_checked_name(new.name_ko), _checked_name(new.name_en))
    scopes, redirect_uris = _checked_scopes(new.scopes), _checked_redirect_uris(new)
    grants = grant_types_for(scopes)
    secret = new_credential()
    now = rt.now()
    client = OAuthClient(
        id=new_id(),
        secret_hash=hash_credential(rt.key(SECRET_KEY_PURPOSE), secret),
        name_ko=names[0],
        name_en=names[1],
        redirect_uris=list(redirect_uris),
        scopes=format_scopes(scopes),
        grant_types=format_scopes(grants),
        created_at=now,
    )
    with session_scope(rt.db) as session:
        session.add(client)
        session.flush()
        record_event(
            session,
            actor="system",
            action="partner:client:registered",
            target=f"partner:{client.id}",
            data={"scopes": sorted(scopes), "redirect_uris": list(redirect_uris)},
            at=now,
        )
    return RegisteredClient(client.id, secret, redirect_uris, scopes, grants)


def authenticate_client(session: Session, rt: PartnerRuntime, auth: ClientAuth) -> OAuthClient:
    """The live client whose secret this is; :class:`InvalidClientError` otherwise.

    The answer is the same for an unknown client, a wrong secret and a disabled client.
    """
    client = session.get(OAuthClient, auth.client_id[:40])
    stored = client.secret_hash if client is not None else UNKNOWN_CLIENT_HASH
    is_valid = is_same_credential(rt.key(SECRET_KEY_PURPOSE), auth.client_secret, stored)
    if client is None or not is_valid or client.disabled_at is not None:
        raise InvalidClientError("client authentication failed")
    return client


def _checked_name(name: str) -> str:
    clean = unicodedata.normalize("NFC", name).strip()
    if not 1 <= len(clean) <= MAX_NAME:
        raise ClientMetadataError(f"a partner name needs 1 to {MAX_NAME} characters")
    return clean


def _checked_scopes(scopes: frozenset[str]) -> frozenset[str]:
    if not scopes:
        raise ClientMetadataError("give at least one scope")
    unknown = scopes - SCOPES
    if unknown:
        raise ClientMetadataError(f"unknown scope {sorted(unknown)}; known: {sorted(SCOPES)}")
    return scopes


def _checked_redirect_uris(new: NewClient) -> tuple[str, ...]:
    uris = tuple(dict.fromkeys(new.redirect_uris))  # de-duplicated, order kept
    if new.scopes & CITIZEN_SCOPES and not uris:
        raise ClientMetadataError("acting for citizens needs at least one redirect URI")
    if len(uris) > MAX_REDIRECT_URIS:
        raise ClientMetadataError(f"at most {MAX_REDIRECT_URIS} redirect URIs")
    for uri in uris:
        _check_redirect_uri(uri)
    return uris


def _check_redirect_uri(uri: str) -> None:
    """https, or http on the loopback interface only (RFC 8252 §7.3); no fragment (§3.1.2)."""
    try:
        parts = urlsplit(uri)
    except ValueError:
        raise ClientMetadataError(f"not a URI: {uri!r}") from None
    problem = None
    if len(uri) > MAX_REDIRECT_URI or not parts.hostname or "*" in uri:
        problem = "must be an absolute URI without wildcards"
    elif parts.fragment or "#" in uri:
        problem = "must not have a fragment"
    elif parts.username is not None or parts.password is not None:
        problem = "must not carry user information"
    elif parts.scheme != "https" and not (parts.scheme == "http" and _is_loopback(parts.hostname)):
        problem = "must use https (http only for 127.0.0.1, [::1] or localhost)"
    if problem:
        raise ClientMetadataError(f"redirect URI {uri!r} {problem}")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
