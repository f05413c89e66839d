"""Who is calling, as an ``Actor``: anonymous, or the person behind the session cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from minwon.actors import Actor
from minwon.api.auth_deps import CSRF_HEADER, SAFE_METHODS, IdentityRuntimeDep, session_token
from minwon.api.delegation_deps import apply_delegation
from minwon.api.partner_deps import bearer_actor
from minwon.identity import (
    SessionInvalidError,
    effective_level,
    officer_agencies,
    resolve_session,
    verify_csrf_token,
)

__all__ = ["ANONYMOUS", "ActorDep"]

ANONYMOUS = Actor(kind="anonymous", id="-")


def _actor(request: Request, runtime: IdentityRuntimeDep) -> Actor:
    partner = bearer_actor(request)
    if partner is not None:
        # A bearer token is sent on purpose, never ambiently like a cookie: no CSRF check.
        return partner
    token = session_token(request, runtime)
    if not token:
        return ANONYMOUS
    try:
        context = resolve_session(runtime, token)
    except SessionInvalidError:
        return ANONYMOUS  # an expired cookie: carry on anonymously (nothing is lost)
    if request.method not in SAFE_METHODS:
        # A cookie is ambient authority: every state change made with it needs the CSRF token.
        verify_csrf_token(runtime.config, token, request.headers.get(CSRF_HEADER))
    level = effective_level(context, runtime.now(), runtime.config.reauth_window)
    if context.account_kind == "officer":
        return Actor(
            kind="officer",
            id=context.account_id,
            level=level,
            agencies=officer_agencies(runtime, context.account_id),
        )
    return Actor(kind="citizen", id=context.account_id, level=level)


def _acting_actor(request: Request, runtime: IdentityRuntimeDep) -> Actor:
    """The caller, acting for someone else when ``X-On-Behalf-Of`` names an active delegation."""
    return apply_delegation(request, _actor(request, runtime), runtime)


ActorDep = Annotated[Actor, Depends(_acting_actor)]
