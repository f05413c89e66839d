"""``/v1/accounts``, ``/v1/sessions`` and ``/v1/me``: sign-up, sign-in, step-up, sign-in methods.

Handlers parse, call one identity use case, and shape the response; identity errors become
problems in :func:`install_identity` (the only place with their status codes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from minwon import identity as idn
from minwon.api.auth_deps import (
    CurrentSession,
    IdentityRuntimeDep,
    RequireMFA,
    RequireSignedIn,
    clear_session_cookies,
    session_token,
    set_session_cookies,
)
from minwon.api.origin_guard import require_same_origin_json
from minwon.api.problems import problem_response
from minwon.identity.sessions import csrf_token_for

__all__ = ["SessionOut", "install_identity", "no_store", "router", "session_out"]


def no_store(response: Response) -> None:
    """Dependency: secrets, codes and session details never sit in a shared or browser cache."""
    response.headers["Cache-Control"] = "no-store"


router = APIRouter(prefix="/v1", tags=["identity"], dependencies=[Depends(no_store)])
SameOriginJson = Depends(require_same_origin_json)
IdPath = Annotated[str, Path(max_length=64)]
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class NewAccount(BaseModel):
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)
    password: str = Field(max_length=1024)
    display_name: str = Field(min_length=1, max_length=100)


class Credentials(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)


class Code(BaseModel):
    code: str = Field(min_length=1, max_length=32)


class WebAuthnResponse(BaseModel):
    credential: dict[str, Any]


class NewPasskey(WebAuthnResponse):
    name: str = Field(min_length=1, max_length=60)


class PasskeyName(BaseModel):
    name: str = Field(min_length=1, max_length=60)


class AccountOut(BaseModel):
    id: str
    kind: str
    email: str
    display_name: str
    has_totp: bool
    passkey_count: int
    recovery_codes_left: int
    agencies: list[str]


class MeOut(AccountOut):
    level: str
    csrf_token: str


class SessionOut(BaseModel):
    session_id: str
    level: str
    csrf_token: str
    expires_at: dt.datetime


class SessionItem(BaseModel):
    id: str
    device: str
    level: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    is_current: bool


class PasskeyOut(BaseModel):
    id: str
    name: str
    attachment: str | None
    is_backed_up: bool
    created_at: dt.datetime
    last_used_at: dt.datetime | None


class TotpOut(BaseModel):
    secret: str
    otpauth_uri: str
    qr_svg: str


class RecoveryCodesOut(BaseModel):
    recovery_codes: list[str] | None


class PasskeyAdded(RecoveryCodesOut):
    passkey: PasskeyOut


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _account_out(view: idn.AccountView) -> AccountOut:
    return AccountOut(
        id=view.id,
        kind=view.kind,
        email=view.email,
        display_name=view.display_name,
        has_totp=view.has_totp,
        passkey_count=view.passkey_count,
        recovery_codes_left=view.recovery_codes_left,
        agencies=list(view.agencies),
    )


def session_out(
    rt: idn.IdentityRuntime, issued: idn.IssuedSession, response: Response
) -> SessionOut:
    """Put a new or rotated session in the cookies; the body repeats its CSRF token."""
    set_session_cookies(response, rt, issued)
    level = idn.effective_level(issued.context, rt.now(), rt.config.reauth_window)
    return SessionOut(
        session_id=issued.context.session_id,
        level=level,
        csrf_token=issued.csrf_token,
        expires_at=issued.expires_at,
    )


def _passkey_out(view: idn.PasskeyView) -> PasskeyOut:
    return PasskeyOut(
        id=view.id,
        name=view.name,
        attachment=view.attachment,
        is_backed_up=view.is_backed_up,
        created_at=view.created_at,
        last_used_at=view.last_used_at,
    )


@router.post(
    "/accounts",
    status_code=status.HTTP_201_CREATED,
    summary="Create an account",
    dependencies=[SameOriginJson],
)
def create_account(body: NewAccount, request: Request, rt: IdentityRuntimeDep) -> AccountOut:
    view = idn.create_account(
        rt,
        email=body.email,
        password=body.password,
        display_name=body.display_name,
        client_address=_client(request),
    )
    return _account_out(view)


@router.post(
    "/sessions",
    status_code=status.HTTP_201_CREATED,
    summary="Sign in with a password",
    dependencies=[SameOriginJson],  # login CSRF: see minwon.api.origin_guard
)
def sign_in(
    body: Credentials, request: Request, response: Response, rt: IdentityRuntimeDep
) -> SessionOut:
    issued = idn.sign_in(
        rt,
        idn.SignInRequest(
            email=body.email,
            password=body.password,
            client_address=_client(request),
            device=request.headers.get("user-agent", ""),
            previous_token=session_token(request, rt),
        ),
    )
    return session_out(rt, issued, response)


@router.post("/sessions/mfa/totp", summary="Step up with an authenticator-app code")
def step_up_totp(
    body: Code, ctx: CurrentSession, response: Response, rt: IdentityRuntimeDep
) -> SessionOut:
    return session_out(rt, idn.step_up_with_totp(rt, ctx, body.code), response)


@router.post("/sessions/mfa/recovery-code", summary="Step up with a recovery code")
def step_up_recovery(
    body: Code, ctx: CurrentSession, response: Response, rt: IdentityRuntimeDep
) -> SessionOut:
    return session_out(rt, idn.step_up_with_recovery_code(rt, ctx, body.code), response)


@router.post("/sessions/mfa/passkey/options", summary="Options to step up with a passkey")
def step_up_passkey_options(ctx: CurrentSession, rt: IdentityRuntimeDep) -> dict[str, Any]:
    return idn.passkey_authentication_options(rt, ctx)


@router.post("/sessions/mfa/passkey/verify", summary="Step up with a passkey")
def step_up_passkey(
    body: WebAuthnResponse, ctx: CurrentSession, response: Response, rt: IdentityRuntimeDep
) -> SessionOut:
    return session_out(rt, idn.step_up_with_passkey(rt, ctx, body.credential), response)


@router.get("/me", summary="My account")
def me(ctx: RequireSignedIn, request: Request, rt: IdentityRuntimeDep) -> MeOut:
    account = _account_out(idn.account_view(rt, ctx))
    return MeOut(
        **account.model_dump(),
        level=idn.effective_level(ctx, rt.now(), rt.config.reauth_window),
        csrf_token=csrf_token_for(rt.config, session_token(request, rt) or ""),
    )


@router.get("/me/sessions", summary="My signed-in devices")
def my_sessions(ctx: RequireSignedIn, rt: IdentityRuntimeDep) -> list[SessionItem]:
    return [SessionItem(**asdict(v)) for v in idn.list_sessions(rt, ctx)]


@router.delete(
    "/me/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, summary="End a session"
)
def end_my_session(session_id: IdPath, ctx: RequireSignedIn, rt: IdentityRuntimeDep) -> Response:
    idn.end_session(rt, ctx, session_id)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    if session_id == ctx.session_id:
        clear_session_cookies(response, rt)
    return response


@router.post("/me/totp", status_code=status.HTTP_201_CREATED, summary="Start authenticator app")
def begin_totp(ctx: CurrentSession, rt: IdentityRuntimeDep) -> TotpOut:
    enrolment = idn.begin_totp_enrolment(rt, ctx)
    return TotpOut(
        secret=enrolment.secret, otpauth_uri=enrolment.otpauth_uri, qr_svg=enrolment.qr_svg
    )


@router.post("/me/totp/confirm", summary="Confirm the authenticator app with a code")
def confirm_totp(body: Code, ctx: CurrentSession, rt: IdentityRuntimeDep) -> RecoveryCodesOut:
    codes = idn.confirm_totp_enrolment(rt, ctx, body.code)
    return RecoveryCodesOut(recovery_codes=list(codes) if codes else None)


@router.delete("/me/totp", status_code=status.HTTP_204_NO_CONTENT, summary="Remove the app")
def remove_totp(ctx: RequireSignedIn, rt: IdentityRuntimeDep) -> Response:
    idn.remove_totp(rt, ctx)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/me/passkeys/options", summary="Options to register a passkey")
def passkey_options(ctx: CurrentSession, rt: IdentityRuntimeDep) -> dict[str, Any]:
    return idn.passkey_registration_options(rt, ctx)


@router.post("/me/passkeys", status_code=status.HTTP_201_CREATED, summary="Register a passkey")
def add_passkey(body: NewPasskey, ctx: CurrentSession, rt: IdentityRuntimeDep) -> PasskeyAdded:
    view, codes = idn.register_passkey(rt, ctx, body.credential, body.name)
    return PasskeyAdded(passkey=_passkey_out(view), recovery_codes=list(codes) if codes else None)


@router.get("/me/passkeys", summary="My passkeys")
def my_passkeys(ctx: RequireSignedIn, rt: IdentityRuntimeDep) -> list[PasskeyOut]:
    return [_passkey_out(v) for v in idn.list_passkeys(rt, ctx)]


@router.get("/me/passkeys/{passkey_id}", summary="One passkey")
def my_passkey(passkey_id: IdPath, ctx: RequireSignedIn, rt: IdentityRuntimeDep) -> PasskeyOut:
    for view in idn.list_passkeys(rt, ctx):
        if view.id == passkey_id:
            return _passkey_out(view)
    raise idn.PasskeyNotFoundError()


@router.patch("/me/passkeys/{passkey_id}", summary="Rename a passkey")
def rename_passkey(
    passkey_id: IdPath, body: PasskeyName, ctx: RequireSignedIn, rt: IdentityRuntimeDep
) -> PasskeyOut:
    return _passkey_out(idn.rename_passkey(rt, ctx, passkey_id, body.name))


@router.delete(
    "/me/passkeys/{passkey_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Remove passkey"
)
def remove_passkey(passkey_id: IdPath, ctx: RequireSignedIn, rt: IdentityRuntimeDep) -> Response:
    idn.remove_passkey(rt, ctx, passkey_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/me/recovery-codes", summary="New recovery codes (the old ones stop working)")
def new_recovery_codes(ctx: RequireMFA, rt: IdentityRuntimeDep) -> RecoveryCodesOut:
    return RecoveryCodesOut(recovery_codes=list(idn.regenerate_recovery_codes(rt, ctx)))


# Each identity error's status and problem code. Subclasses are listed before their bases.
PROBLEMS: dict[type[idn.IdentityError], tuple[int, str]] = {
    idn.AccountExistsError: (409, "account-exists"),
    idn.SignInFailedError: (401, "sign-in-failed"),
    idn.TooManyAttemptsError: (429, "too-many-attempts"),
    idn.SessionInvalidError: (401, "sign-in-required"),
    idn.SessionNotFoundError: (404, "session-not-found"),
    idn.StepUpRequiredError: (403, "step-up-required"),
    idn.CsrfTokenError: (403, "csrf-failed"),
    idn.SecondFactorReplayedError: (401, "code-already-used"),
    idn.InvalidSecondFactorError: (401, "second-factor-invalid"),
    idn.SecondFactorLockedError: (423, "second-factor-locked"),
    idn.TotpNotEnrolledError: (409, "totp-not-enrolled"),
    idn.TotpAlreadyEnrolledError: (409, "totp-already-enrolled"),
    idn.NoPendingEnrolmentError: (409, "no-pending-enrolment"),
    idn.PasskeyNotFoundError: (404, "passkey-not-found"),
    idn.PasskeyRejectedError: (400, "passkey-rejected"),
    idn.ChallengeInvalidError: (400, "challenge-invalid"),
    idn.LastSecondFactorError: (409, "last-second-factor"),
    idn.CurrentPasswordWrongError: (403, "current-password-wrong"),
    idn.OfficerOnlyError: (403, "officer-only"),
    idn.CitizenOnlyError: (403, "citizen-only"),
    idn.AccountNotFoundError: (404, "account-not-found"),
    idn.ReasonMissingError: (422, "reason-required"),
    idn.ReasonHasNumberError: (422, "reason-has-number"),
    idn.IdDocumentUnknownError: (422, "id-document-unknown"),
    idn.ResetCodeInvalidError: (400, "reset-code-invalid"),
    idn.NotificationNotFoundError: (404, "notification-not-found"),
    idn.GranteeNotFoundError: (422, "grantee-not-found"),
    idn.DelegationNotFoundError: (404, "delegation-not-found"),
    idn.DelegationNotActiveError: (403, "delegation-not-active"),
}
# Why a delegation's terms were refused, grouped into the codes a person reads.
DELEGATION_TERMS: dict[str, str] = {
    "no-services": "delegation-services-invalid",
    "too-many-services": "delegation-services-invalid",
    "unknown-service": "delegation-services-invalid",
    "end-before-start": "delegation-dates-invalid",
    "already-ended": "delegation-dates-invalid",
    "start-in-past": "delegation-dates-invalid",
    "too-long": "delegation-dates-invalid",
    "self": "delegation-self",
}


def _problem_for(request: Request, error: idn.IdentityError) -> JSONResponse:
    if isinstance(error, idn.PasswordRejectedError):
        return problem_response(request, 422, f"password-{error.reason}", reason=error.reason)
    if isinstance(error, idn.DelegationTermsError):
        code = DELEGATION_TERMS.get(error.reason, "delegation-services-invalid")
        return problem_response(
            request, 422, code, reason=error.reason, unknown_services=list(error.unknown)
        )
    status_code, code = next(
        (PROBLEMS[kind] for kind in type(error).__mro__ if kind in PROBLEMS),
        (400, "identity-error"),
    )
    extra: dict[str, Any] = {}
    if isinstance(error, idn.StepUpRequiredError):
        extra["required_level"] = error.required
    if isinstance(error, idn.SecondFactorLockedError):
        extra["locked_until"] = error.until.isoformat()
    if isinstance(error, idn.TooManyAttemptsError):
        extra["retry_after"] = error.retry_after_seconds
        extra["minutes"] = max(1, -(-error.retry_after_seconds // 60))  # rounded up
    response = problem_response(request, status_code, code, **extra)
    if isinstance(error, idn.TooManyAttemptsError):
        response.headers["Retry-After"] = str(error.retry_after_seconds)
    response.headers["Cache-Control"] = "no-store"
    return response


def install_identity(app: FastAPI) -> None:
    """Mount the identity routes and map identity errors to problems (one call in create_app)."""

    @app.exception_handler(idn.IdentityError)
    async def _identity_problem(request: Request, exc: idn.IdentityError) -> JSONResponse:
        return _problem_for(request, exc)

    app.include_router(router)
