"""Session cookies, CSRF checks and authentication levels as typed FastAPI dependencies.

``CurrentSession`` is any live session (an officer who has not yet used a second factor
included: they need it to reach the step-up endpoints). ``RequireSignedIn`` and
``RequireMFA`` apply the level policy. Every dependency here checks ``X-CSRF-Token`` on
state-changing methods, so no cookie-authenticated change can skip it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Request, Response

from minwon.identity import (
    IdentityRuntime,
    IssuedSession,
    SessionContext,
    identity_config,
    resolve_session,
    verify_csrf_token,
)

__all__ = [
    "CSRF_COOKIE",
    "CSRF_HEADER",
    "CurrentSession",
    "IdentityRuntimeDep",
    "RequireMFA",
    "RequireSignedIn",
    "clear_session_cookies",
    "identity_runtime",
    "session_cookie_name",
    "session_token",
    "set_session_cookies",
]

CSRF_HEADER = "X-CSRF-Token"
CSRF_COOKIE = "minwon_csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def identity_runtime(app: FastAPI) -> IdentityRuntime:
    """The app's identity runtime, built once from its settings, database and clock."""
    runtime: IdentityRuntime | None = getattr(app.state, "identity_runtime", None)
    if runtime is None:
        runtime = IdentityRuntime(
            db=app.state.session_factory,
            clock=app.state.clock,
            config=identity_config(app.state.settings),
        )
        app.state.identity_runtime = runtime
    return runtime


def _runtime(request: Request) -> IdentityRuntime:
    return identity_runtime(request.app)


IdentityRuntimeDep = Annotated[IdentityRuntime, Depends(_runtime)]


def session_cookie_name(runtime: IdentityRuntime) -> str:
    """``__Host-`` cookies are Secure, host-only and path=/ by the browser's own rules."""
    return "__Host-minwon_session" if runtime.config.cookie_secure else "minwon_session"


def session_token(request: Request, runtime: IdentityRuntime) -> str | None:
    """The session token from the request's cookie, if any."""
    return request.cookies.get(session_cookie_name(runtime))


def set_session_cookies(
    response: Response, runtime: IdentityRuntime, issued: IssuedSession
) -> None:
    """Put a new (or rotated) session in the cookies.

    The session cookie is HttpOnly (scripts never see it); the CSRF cookie is readable so a
    page can echo it in ``X-CSRF-Token``, which a cross-site page cannot do.
    """
    max_age = int((issued.expires_at - runtime.now()).total_seconds())
    secure = runtime.config.cookie_secure
    response.set_cookie(
        session_cookie_name(runtime),
        issued.token,
        max_age=max_age,
        path="/",
        secure=secure,
        httponly=True,
        samesite="lax",
    )
    response.set_cookie(
        CSRF_COOKIE,
        issued.csrf_token,
        max_age=max_age,
        path="/",
        secure=secure,
        httponly=False,
        samesite="strict",
    )


def clear_session_cookies(response: Response, runtime: IdentityRuntime) -> None:
    """Remove both cookies (after signing out)."""
    secure = runtime.config.cookie_secure
    response.delete_cookie(session_cookie_name(runtime), path="/", secure=secure, httponly=True)
    response.delete_cookie(CSRF_COOKIE, path="/", secure=secure)


def _current_session(request: Request, runtime: IdentityRuntimeDep) -> SessionContext:
    token = session_token(request, runtime)
    context = resolve_session(runtime, token)
    if request.method not in SAFE_METHODS:
        verify_csrf_token(runtime.config, token or "", request.headers.get(CSRF_HEADER))
    return context


CurrentSession = Annotated[SessionContext, Depends(_current_session)]


def _signed_in(context: CurrentSession, runtime: IdentityRuntimeDep) -> SessionContext:
    runtime.levels.require_level(context, "signed_in", now=runtime.now())
    return context


def _mfa(context: CurrentSession, runtime: IdentityRuntimeDep) -> SessionContext:
    runtime.levels.require_level(context, "mfa", now=runtime.now())
    return context


RequireSignedIn = Annotated[SessionContext, Depends(_signed_in)]
RequireMFA = Annotated[SessionContext, Depends(_mfa)]
