"""RFC 9457 problem details: the only place where domain errors become HTTP status codes."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from minwon.api.i18n import negotiate_language
from minwon.api.messages import field_error, message
from minwon.applications.errors import (
    AlreadyClaimedError,
    ApplicationClosedError,
    ApplicationNotFoundError,
    AuthenticationRequiredError,
    DelegationScopeError,
    InvalidTransitionError,
    NotClaimedError,
    NothingToSubmitError,
    OwnAccessLogOnlyError,
    ReasonRequiredError,
)
from minwon.catalog import UnknownEntryError
from minwon.conversations.errors import ConversationNotFoundError
from minwon.conversations.submission import RepeatedConfirmationError
from minwon.dispatch.callbacks import AgencyEventError, InvalidSignatureError, UnknownAgencyError
from minwon.idempotency import IdempotencyKeyReusedError
from minwon.logging import get_logger

__all__ = ["ProblemError", "install_problem_handlers", "problem_response"]

PROBLEM_JSON = "application/problem+json"
# How long a client should wait before trying again while the database is away: the pool
# reconnects within a second or two of its return.
RETRY_AFTER_SECONDS = 2
# A lost, refused, timed-out or hung database connection (or no free one in the pool).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError)
log = get_logger(__name__)


class ProblemError(Exception):
    """Raised by handlers for a client error that has a message in the message table."""

    def __init__(self, status: int, code: str, **params: Any) -> None:
        self.status = status
        self.code = code
        self.params = params
        super().__init__(code)


def _lang(request: Request) -> str:
    query = request.query_params.get("lang")
    return negotiate_language(
        query if query in ("ko", "en") else None, request.headers.get("accept-language")
    )


def problem_response(request: Request, status: int, code: str, **extra: Any) -> JSONResponse:
    """A problem+json response whose title and detail are in the person's language."""
    lang = _lang(request)
    title, detail = message(code, lang, **{k: v for k, v in extra.items() if k != "errors"})
    body = {
        "type": f"https://minwon.example/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "code": code,
        **extra,
    }
    return JSONResponse(
        body, status_code=status, media_type=PROBLEM_JSON, headers={"Content-Language": lang}
    )


# Domain errors of the applications and conversations packages, and what they mean over HTTP.
DOMAIN_PROBLEMS: dict[type[Exception], tuple[int, str]] = {
    ApplicationNotFoundError: (404, "application-not-found"),
    ConversationNotFoundError: (404, "conversation-not-found"),
    ReasonRequiredError: (422, "reason-required"),
    InvalidTransitionError: (409, "invalid-transition"),
    NotClaimedError: (409, "not-claimed"),
    AlreadyClaimedError: (409, "already-claimed"),
    ApplicationClosedError: (409, "application-closed"),
    NothingToSubmitError: (409, "nothing-to-submit"),
    OwnAccessLogOnlyError: (403, "own-access-log-only"),
    # Someone acting for another files a service outside the delegation (see _params).
    DelegationScopeError: (403, "delegation-out-of-scope"),
    StaleDataError: (409, "edit-conflict"),
    RepeatedConfirmationError: (409, "edit-conflict"),
    IdempotencyKeyReusedError: (422, "idempotency-key-reused"),
    InvalidSignatureError: (401, "invalid-signature"),
    UnknownAgencyError: (404, "unknown-agency"),
    AgencyEventError: (422, "invalid-agency-event"),
}


def _params(exc: Exception) -> dict[str, Any]:
    """Fields a problem adds to its body (and fills into its detail), by error."""
    if isinstance(exc, DelegationScopeError):
        return {"service_id": exc.service_id}
    return {}


def install_domain_handlers(app: FastAPI) -> None:
    """Problems for the domain errors above; authentication needs its own status per level."""

    async def _domain(request: Request, exc: Exception) -> JSONResponse:
        status, code = next(v for k, v in DOMAIN_PROBLEMS.items() if isinstance(exc, k))
        return problem_response(request, status, code, **_params(exc))

    for error in DOMAIN_PROBLEMS:
        app.add_exception_handler(error, _domain)

    @app.exception_handler(AuthenticationRequiredError)
    async def _auth(request: Request, exc: AuthenticationRequiredError) -> JSONResponse:
        if exc.level == "mfa":
            return problem_response(request, 403, "step-up-required", required_level="mfa")
        return problem_response(request, 401, "sign-in-required")


def install_problem_handlers(app: FastAPI) -> None:
    """Map every error, expected or not, to problem+json; never leak a stack trace."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(request, exc.status, exc.code, **exc.params)

    @app.exception_handler(UnknownEntryError)
    async def _unknown(request: Request, exc: UnknownEntryError) -> JSONResponse:
        return problem_response(request, 404, f"unknown-{exc.kind}", id=exc.entry_id)

    install_domain_handlers(app)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        lang = _lang(request)
        errors = [
            {
                "loc": [str(p) for p in e.get("loc", ())],
                "type": str(e.get("type", "")),
                "msg": field_error(
                    str(e.get("type", "")), lang, dict(e.get("ctx") or {}), str(e.get("msg", ""))
                ),
            }
            for e in exc.errors()
        ]
        return problem_response(request, 422, "invalid-request", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {400: "malformed-request", 404: "not-found", 405: "method-not-allowed"}.get(
            exc.status_code, "http-error"
        )
        return problem_response(request, exc.status_code, code)

    async def _database(request: Request, exc: Exception) -> JSONResponse:
        # Expected while a database restarts or fails over: one line, no stack trace, and a
        # handled response (the connection stays open for the client's next request).
        cause = getattr(exc, "orig", None) or exc
        log.warning("database_unavailable", path=request.url.path, error_type=type(cause).__name__)
        response = problem_response(request, 503, "database-unavailable")
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    for error in DATABASE_UNAVAILABLE:
        app.add_exception_handler(error, _database)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.error("request_failed", path=request.url.path, error_type=type(exc).__name__)
        return problem_response(request, 500, "internal-error")
