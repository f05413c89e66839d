"""Partner bearer tokens on the API: who the token speaks for, and which scopes it carries.

A request may carry ``Authorization: Bearer <token>`` from a partner. :func:`bearer_actor`
turns it into an :class:`Actor` limited to the token's scopes; :class:`RequireScope` on a
route says which scope that route needs. A route without ``RequireScope`` refuses every
bearer token (default deny), so a new route is never open to partners by accident.

Requests without a bearer token are not affected: cookies and anonymous access work as before.
"""

from __future__ import annotations

from fastapi import FastAPI, Request

from minwon.actors import Actor
from minwon.partners import (
    AccessGrant,
    InsufficientScopeError,
    InvalidTokenError,
    PartnerRuntime,
    authenticate_access_token,
    partner_config,
)

__all__ = ["RequireScope", "bearer_actor", "bearer_grant", "bearer_token", "partner_runtime"]

_GRANT = "partner_grant"  # request.state: the validated grant, resolved once per request
_CHECKED = "partner_scope_checked"  # request.state: a RequireScope on this route passed


def partner_runtime(app: FastAPI) -> PartnerRuntime:
    """The app's partners runtime, built once from its settings, database and clock."""
    runtime: PartnerRuntime | None = getattr(app.state, "partner_runtime", None)
    if runtime is None:
        runtime = PartnerRuntime(
            db=app.state.session_factory,
            clock=app.state.clock,
            config=partner_config(app.state.settings),
        )
        app.state.partner_runtime = runtime
    return runtime


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header (RFC 6750 §2.1), or None without one.

    Only the header is accepted: a token in the query string would end up in logs and
    browser history (RFC 6750 §2.3 discourages it).
    """
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    if not token.strip():
        raise InvalidTokenError("empty bearer token")
    return token.strip()


def bearer_grant(request: Request) -> AccessGrant | None:
    """The grant behind the request's bearer token, validated once and remembered.

    Raises :class:`InvalidTokenError` for an expired, revoked or unknown token.
    """
    if hasattr(request.state, _GRANT):
        cached: AccessGrant | None = getattr(request.state, _GRANT)
        return cached
    token = bearer_token(request)
    grant = authenticate_access_token(partner_runtime(request.app), token) if token else None
    setattr(request.state, _GRANT, grant)
    return grant


def bearer_actor(request: Request) -> Actor | None:
    """The actor a partner token speaks for, or None when the request carries no token.

    A client-credentials token is the partner itself, at level ``anonymous`` because no
    person authenticated. A consented token is the citizen at ``signed_in`` and never
    ``mfa``: a partner cannot submit an application or read personal data; the citizen does
    that on minwon with a second factor. Raises :class:`InsufficientScopeError` when the
    route has no :class:`RequireScope` (it is not open to partners).
    """
    grant = bearer_grant(request)
    if grant is None:
        return None
    if not getattr(request.state, _CHECKED, False):
        raise InsufficientScopeError(None)
    if grant.account_id is None:
        return Actor(kind="partner", id=grant.client_id, level="anonymous", scopes=grant.scopes)
    return Actor(kind="citizen", id=grant.account_id, level="signed_in", scopes=grant.scopes)


class RequireScope:
    """A route dependency: a bearer token on this route must carry ``scope``.

    ``dependencies=[Depends(RequireScope("applications:read"))]``. Without a bearer token
    it does nothing (cookies and anonymous callers follow the route's own rules).
    """

    def __init__(self, scope: str) -> None:
        self.scope = scope

    def __call__(self, request: Request) -> None:
        """Raise :class:`InsufficientScopeError` unless the token carries the scope."""
        grant = bearer_grant(request)
        if grant is None:
            return
        if self.scope not in grant.scopes:
            raise InsufficientScopeError(self.scope)
        setattr(request.state, _CHECKED, True)
