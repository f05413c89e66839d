"""``/oauth/*`` (partners) and ``/v1/me/partners`` (citizens): OAuth 2.0 over HTTP.

``/oauth/token`` and ``/oauth/revoke`` answer errors in the RFC 6749 §5.2 JSON format;
``/oauth/authorize`` is a page for the citizen's browser; ``/v1/me/partners`` answers
problem+json like the rest of ``/v1``. Partner errors become status codes in
:func:`install_partners`, the one place that maps them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from authlib.oauth2.rfc6749.util import (  # type: ignore[import-untyped]
    extract_basic_authorization,
)
from fastapi import APIRouter, Depends, FastAPI, Path, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel

from minwon import partners as pt
from minwon.api.auth_deps import IdentityRuntimeDep, RequireSignedIn, session_token
from minwon.api.consent_page import consent_html, message_html
from minwon.api.deps import LangDep
from minwon.api.i18n import Lang, negotiate_language
from minwon.api.messages import message
from minwon.api.partner_deps import partner_runtime
from minwon.api.problems import problem_response
from minwon.identity import (
    CsrfTokenError,
    SessionContext,
    SessionInvalidError,
    account_view,
    effective_level,
    resolve_session,
    verify_csrf_token,
)
from minwon.identity.sessions import csrf_token_for

__all__ = ["install_partners", "router"]

router = APIRouter(tags=["partners"])
MAX_FORM_BYTES = 16_384
FORM_TYPE = "application/x-www-form-urlencoded"
SIGN_IN_PATH = "/signin"  # the portal's sign-in page; it gets ?next= to come back here
AUTHORIZATION_PARAMS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
)
# RFC 6749 §5.2: invalid_client is 401; every other token-endpoint error is 400.
OAUTH_STATUS = {"invalid_client": 401}
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
# The consent page must not be framed (RFC 6749 §10.13 clickjacking), cached or leak its
# query (state, code challenge) in a Referer.
PAGE_HEADERS = {
    **NO_STORE,
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
}


def _form_doc(required: tuple[str, ...], optional: tuple[str, ...]) -> dict[str, Any]:
    """OpenAPI for a form body (parsed by hand, so FastAPI cannot describe it)."""
    names = (*required, *optional)
    schema = {
        "type": "object",
        "properties": {name: {"type": "string"} for name in names},
        "required": list(required),
    }
    return {"requestBody": {"required": True, "content": {FORM_TYPE: {"schema": schema}}}}


TOKEN_DOC = _form_doc(
    ("grant_type",),
    (
        "code",
        "redirect_uri",
        "code_verifier",
        "refresh_token",
        "scope",
        "client_id",
        "client_secret",
    ),
)
REVOKE_DOC = _form_doc(("token",), ("token_type_hint", "client_id", "client_secret"))
AUTHORIZE_DOC = {
    "parameters": [
        {"name": name, "in": "query", "required": name != "state", "schema": {"type": "string"}}
        for name in AUTHORIZATION_PARAMS
    ]
}


class ScopeOut(BaseModel):
    scope: str
    title: str
    description: str


class PartnerOut(BaseModel):
    client_id: str
    name: str
    scopes: list[ScopeOut]
    connected_at: dt.datetime


async def _body(request: Request) -> bytes:
    # Read here (async) so the handlers stay synchronous and run in the thread pool; stop
    # reading at the limit so an endless body cannot fill memory.
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise pt.InvalidRequestError("request body too large")
    return bytes(body)


Body = Annotated[bytes, Depends(_body)]


def parse_form(request: Request, body: bytes) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body, each parameter at most once (§3.1)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != FORM_TYPE:
        raise pt.InvalidRequestError(f"send the parameters as {FORM_TYPE}")
    if len(body) > MAX_FORM_BYTES:
        raise pt.InvalidRequestError("request body too large")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise pt.InvalidRequestError("the body is not UTF-8") from None
    form = dict(pairs)
    if len(form) != len(pairs):
        raise pt.InvalidRequestError("a parameter is repeated")
    return form


def client_auth(request: Request, form: dict[str, str]) -> pt.ClientAuth:
    """client_secret_basic or client_secret_post, exactly one of them (RFC 6749 §2.3.1)."""
    basic_id, basic_secret = extract_basic_authorization(request.headers)
    if basic_id is not None and "client_secret" in form:
        raise pt.InvalidRequestError("use one client authentication method, not two")
    if basic_id is not None:
        if form.get("client_id", basic_id) != basic_id:
            raise pt.InvalidRequestError("client_id differs from the Basic credentials")
        return pt.ClientAuth(str(basic_id), str(basic_secret or ""))
    if "client_secret" in form and form.get("client_id"):
        return pt.ClientAuth(form["client_id"], form["client_secret"])
    raise pt.InvalidClientError("client authentication is required")


@router.post("/oauth/token", summary="Token endpoint (RFC 6749 §3.2)", openapi_extra=TOKEN_DOC)
def token(request: Request, body: Body) -> JSONResponse:
    """client_credentials, authorization_code (with PKCE S256) and refresh_token grants."""
    form = parse_form(request, body)
    issued = pt.exchange_token(
        partner_runtime(request.app),
        client_auth(request, form),
        pt.TokenRequest(
            grant_type=form.get("grant_type"),
            code=form.get("code"),
            redirect_uri=form.get("redirect_uri"),
            code_verifier=form.get("code_verifier"),
            refresh_token=form.get("refresh_token"),
            scope=form.get("scope"),
        ),
    )
    content: dict[str, Any] = {
        "access_token": issued.access_token,
        "token_type": issued.token_type,
        "expires_in": issued.expires_in,
        "scope": issued.scope,
    }
    if issued.refresh_token:
        content["refresh_token"] = issued.refresh_token
    return JSONResponse(content, headers=NO_STORE)


@router.post("/oauth/revoke", summary="Token revocation (RFC 7009)", openapi_extra=REVOKE_DOC)
def revoke(request: Request, body: Body) -> Response:
    """Give back an access or refresh token; unknown tokens are not an error (§2.2)."""
    form = parse_form(request, body)
    auth = client_auth(request, form)
    if not form.get("token"):
        raise pt.InvalidRequestError("token is required")
    pt.revoke_token(partner_runtime(request.app), auth, form["token"], form.get("token_type_hint"))
    return Response(status_code=200, headers=NO_STORE)


def _page_lang(request: Request, chosen: str | None = None) -> Lang:
    query = chosen or request.query_params.get("lang")
    return negotiate_language(
        query if query in ("ko", "en") else None, request.headers.get("accept-language")
    )


def _page(html: str, status: int, lang: str) -> HTMLResponse:
    return HTMLResponse(
        html, status_code=status, headers={**PAGE_HEADERS, "Content-Language": lang}
    )


def _redirect(url: str, status: int) -> RedirectResponse:
    return RedirectResponse(url, status_code=status, headers=NO_STORE)


def _params(values: dict[str, str]) -> pt.AuthorizationParams:
    return pt.AuthorizationParams(**{name: values.get(name) for name in AUTHORIZATION_PARAMS})


def _signed_in(request: Request, rt: IdentityRuntimeDep) -> tuple[str, SessionContext] | None:
    token = session_token(request, rt)
    try:
        context = resolve_session(rt, token)
    except SessionInvalidError:
        return None
    if effective_level(context, rt.now(), rt.config.reauth_window) == "anonymous":
        return None
    return token or "", context


@router.get(
    "/oauth/authorize",
    response_class=HTMLResponse,
    summary="Consent page (RFC 6749 §4.1.1, PKCE S256 required)",
    openapi_extra=AUTHORIZE_DOC,
)
def authorize_page(request: Request, rt: IdentityRuntimeDep) -> Response:
    """Shows the signed-in citizen who asks for what; errors go back to a verified partner."""
    lang = _page_lang(request)
    items = request.query_params.multi_items()
    if len({name for name, _ in items}) != len(items):
        return _page(message_html(lang, "oauth-invalid-request"), 400, lang)
    try:
        asked = pt.validate_authorization_request(
            partner_runtime(request.app), _params(dict(items))
        )
    except pt.InvalidRedirectUriError:
        return _page(message_html(lang, "oauth-invalid-request"), 400, lang)
    except pt.AuthorizationRedirectError as error:
        return _redirect(error.redirect_to, 302)
    signed_in = _signed_in(request, rt)
    partner = asked.client.name(lang)
    if signed_in is None:
        here = f"{request.url.path}?{request.url.query}"
        return _page(_sign_in_html(here, lang, partner), 401, lang)
    token, context = signed_in
    if context.account_kind != "citizen":
        return _page(message_html(lang, "oauth-citizens-only"), 403, lang)
    account = account_view(rt, context)
    label = f"{account.display_name} ({account.email})"
    return _page(consent_html(lang, asked, label, csrf_token_for(rt.config, token)), 200, lang)


def _sign_in_html(here: str, lang: str, partner: str) -> str:
    """Sign in first; ``here`` is the authorization request to come back to."""
    sign_in, reload_page = message("oauth-sign-in-links", lang)
    links = [
        (sign_in, f"{SIGN_IN_PATH}?{urlencode({'next': here, 'lang': lang})}"),
        (reload_page, here),
    ]
    return message_html(lang, "oauth-sign-in-required", links, partner=partner)


@router.post("/oauth/authorize", response_class=HTMLResponse, include_in_schema=False)
def authorize_decision(request: Request, rt: IdentityRuntimeDep, body: Body) -> Response:
    """Allow or deny. The request is checked again, and the form must carry the CSRF token."""
    try:
        form = parse_form(request, body)
    except pt.InvalidRequestError:
        form = {}
    lang = _page_lang(request, form.get("lang"))
    try:
        asked = pt.validate_authorization_request(partner_runtime(request.app), _params(form))
    except pt.InvalidRedirectUriError:
        return _page(message_html(lang, "oauth-invalid-request"), 400, lang)
    except pt.AuthorizationRedirectError as error:
        return _redirect(error.redirect_to, 303)
    signed_in = _signed_in(request, rt)
    if signed_in is None:
        # The session ended while the page was open: back to the request, not to this POST.
        query = {k: v for k, v in form.items() if k in (*AUTHORIZATION_PARAMS, "lang")}
        here = f"{request.url.path}?{urlencode(query)}"
        return _page(_sign_in_html(here, lang, asked.client.name(lang)), 401, lang)
    token, context = signed_in
    try:
        verify_csrf_token(rt.config, token, form.get("csrf_token"))
    except CsrfTokenError:
        return _page(message_html(lang, "oauth-request-expired"), 403, lang)
    return _decide(request, lang, form.get("decision"), context.account_id, asked)


def _decide(
    request: Request,
    lang: str,
    decision: str | None,
    account_id: str,
    asked: pt.AuthorizationRequest,
) -> Response:
    runtime = partner_runtime(request.app)
    try:
        if decision == "allow":
            return _redirect(pt.approve_authorization(runtime, account_id, asked), 303)
        if decision == "deny":
            return _redirect(pt.deny_authorization(runtime, account_id, asked), 303)
    except pt.CitizenRequiredError:
        return _page(message_html(lang, "oauth-citizens-only"), 403, lang)
    return _page(message_html(lang, "oauth-invalid-request"), 400, lang)


def _no_store(response: Response) -> None:
    response.headers["Cache-Control"] = "no-store"


@router.get(
    "/v1/me/partners",
    response_model=list[PartnerOut],
    summary="Services connected to my account",
    dependencies=[Depends(_no_store)],
)
def my_partners(request: Request, context: RequireSignedIn, lang: LangDep) -> list[PartnerOut]:
    """The partners that may act for me, and what each may do, in plain words."""
    connected = pt.list_connected_partners(partner_runtime(request.app), context.account_id)
    return [
        PartnerOut(
            client_id=p.client_id,
            name=p.name_en if lang == "en" else p.name_ko,
            scopes=[_scope_out(scope, lang) for scope in p.scopes],
            connected_at=p.granted_at,
        )
        for p in connected
    ]


def _scope_out(scope: str, lang: str) -> ScopeOut:
    title, description = message(f"scope:{scope}", lang)
    return ScopeOut(scope=scope, title=title, description=description)


@router.delete(
    "/v1/me/partners/{client_id}",
    status_code=204,
    summary="Disconnect a service",
    dependencies=[Depends(_no_store)],
)
def disconnect_partner(
    client_id: Annotated[str, Path(max_length=40)], request: Request, context: RequireSignedIn
) -> Response:
    """Withdraw my consent: the partner's tokens stop working at once."""
    pt.revoke_partner(partner_runtime(request.app), context.account_id, client_id)
    return Response(status_code=204)


def install_partners(app: FastAPI) -> None:
    """Map partner errors: OAuth JSON on /oauth/*, problems with WWW-Authenticate on /v1."""

    @app.exception_handler(pt.OAuthError)
    async def _oauth(request: Request, exc: pt.OAuthError) -> JSONResponse:
        status = OAUTH_STATUS.get(exc.error, 400)
        headers = dict(NO_STORE)
        if status == 401:
            headers["WWW-Authenticate"] = 'Basic realm="minwon"'
        content = {"error": exc.error, "error_description": exc.description or exc.error}
        return JSONResponse(content, status_code=status, headers=headers)

    @app.exception_handler(pt.InvalidTokenError)
    async def _invalid_token(request: Request, exc: pt.InvalidTokenError) -> JSONResponse:
        response = problem_response(request, 401, "invalid-token")
        response.headers["WWW-Authenticate"] = (
            f'Bearer realm="minwon", error="invalid_token", error_description="{exc.description}"'
        )
        return response

    @app.exception_handler(pt.InsufficientScopeError)
    async def _scope(request: Request, exc: pt.InsufficientScopeError) -> JSONResponse:
        extra = {"required_scope": exc.required} if exc.required else {}
        response = problem_response(request, 403, "insufficient-scope", **extra)
        challenge = 'Bearer realm="minwon", error="insufficient_scope"'
        if exc.required:
            challenge += f', scope="{exc.required}"'
        response.headers["WWW-Authenticate"] = challenge
        return response

    @app.exception_handler(pt.ClientNotFoundError)
    async def _not_connected(request: Request, exc: pt.ClientNotFoundError) -> JSONResponse:
        return problem_response(request, 404, "partner-not-connected")
