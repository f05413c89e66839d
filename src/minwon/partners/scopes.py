"""The scopes a partner may ask for, and which of them need a citizen's consent.

A scope names one thing a partner can do through the API. ``catalog:read`` and ``route`` touch
no one's data, so a partner gets them with its own credentials (client credentials grant);
the others act for a citizen and exist only in tokens the citizen consented to.
"""

from __future__ import annotations

from collections.abc import Iterable

from authlib.oauth2.rfc6749.util import list_to_scope, scope_to_list  # type: ignore[import-untyped]

from minwon.partners.errors import InvalidScopeError

__all__ = [
    "CITIZEN_SCOPES",
    "CLIENT_SCOPES",
    "SCOPES",
    "format_scopes",
    "parse_scopes",
]

CLIENT_SCOPES = frozenset({"catalog:read", "route"})
CITIZEN_SCOPES = frozenset({"applications:read", "conversations:write"})
SCOPES = CLIENT_SCOPES | CITIZEN_SCOPES
MAX_SCOPE_LENGTH = 400  # the width of the scope columns


def parse_scopes(scope: str | None) -> frozenset[str]:
    """The set of scopes in an RFC 6749 §3.3 scope string (space-delimited, order ignored).

    Raises :class:`InvalidScopeError` for a scope minwon does not know.
    """
    if not scope:
        return frozenset()
    if len(scope) > MAX_SCOPE_LENGTH:
        raise InvalidScopeError("scope is too long")
    scopes = frozenset(scope_to_list(scope))
    unknown = scopes - SCOPES
    if unknown:
        raise InvalidScopeError(f"unknown scope: {' '.join(sorted(unknown))}")
    return scopes


def format_scopes(scopes: Iterable[str]) -> str:
    """The scope string for a set of scopes, sorted so equal sets give equal strings."""
    text: str = list_to_scope(sorted(scopes))
    return text
