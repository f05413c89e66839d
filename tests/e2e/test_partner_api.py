"""Partners over HTTP: client credentials, a citizen's consent with PKCE, scopes, revocation."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import typer
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from minwon.audit import AuditEvent
from minwon.cli.main import app as main_app
from minwon.clock import FixedClock
from minwon.db import make_session_factory, session_scope
from minwon.dialogue import FormField

if TYPE_CHECKING:
    from tests.e2e.conftest import CitizenFactory

REDIRECT = "https://partner.example/callback"
PROBLEM = "application/problem+json"
ALL_SCOPES = ("catalog:read", "route", "applications:read", "conversations:write")


@dataclass
class Partner:
    client_id: str
    secret: str


@dataclass
class Setup:
    app: FastAPI
    engine: Engine
    clock: FixedClock
    url: str
    browser_for: Callable[[FastAPI], TestClient]
    make_citizen: CitizenFactory


def minwon_cli() -> typer.Typer:
    """The real ``minwon`` command."""
    return main_app


@pytest.fixture
def setup(
    app: FastAPI,
    clock: FixedClock,
    browser_for: Callable[[FastAPI], TestClient],
    make_citizen: CitizenFactory,
) -> Setup:
    """The app on a fresh SQLite database, with what the tests here reach for."""
    url = app.state.settings.database_url
    return Setup(app, app.state.engine, clock, url, browser_for, make_citizen)


def browser(setup: Setup) -> TestClient:
    return setup.browser_for(setup.app)


def register(setup: Setup, *scopes: str, monkeypatch: pytest.MonkeyPatch) -> Partner:
    """Register through the operator's command, as in production."""
    monkeypatch.setenv("MINWON_DATABASE_URL", setup.url)
    monkeypatch.setenv("MINWON_ENVIRONMENT", "test")
    args = [
        "partners",
        "register",
        "--name",
        "네이버",
        "--name-en",
        "Naver",
        "--redirect-uri",
        REDIRECT,
    ]
    for scope in scopes or ALL_SCOPES:
        args += ["--scope", scope]
    result = CliRunner().invoke(minwon_cli(), args)
    assert result.exit_code == 0, result.output
    client_id = re.search(r"client_id:\s+(\S+)", result.output)
    secret = re.search(r"client_secret:\s+(\S+)", result.output)
    assert client_id
    assert secret
    return Partner(client_id.group(1), secret.group(1))


@pytest.fixture
def partner(setup: Setup, monkeypatch: pytest.MonkeyPatch) -> Partner:
    return register(setup, monkeypatch=monkeypatch)


def signed_in_citizen(setup: Setup, email: str = "jiwoo@example.kr") -> tuple[TestClient, str]:
    """A browser with a signed-in citizen; returns it and the session's CSRF token."""
    jiwoo = setup.make_citizen(email, "Kim Jiwoo", stage="signed_in")
    return jiwoo.http, jiwoo.csrf


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def authorize_query(partner: Partner, challenge: str, **extra: str) -> str:
    values = {
        "response_type": "code",
        "client_id": partner.client_id,
        "redirect_uri": REDIRECT,
        "scope": "applications:read conversations:write",
        "state": "st-123",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **extra,
    }
    return "/oauth/authorize?" + urlencode({k: v for k, v in values.items() if v})


def consent(web: TestClient, partner: Partner, scope: str | None = None) -> tuple[str, str]:
    """Show the consent page, allow; returns (code, verifier)."""
    verifier, challenge = pkce()
    extra = {"scope": scope} if scope else {}
    page = web.get(authorize_query(partner, challenge, **extra))
    assert page.status_code == 200, page.text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    decided = web.post(
        "/oauth/authorize", data={**fields, "decision": "allow"}, follow_redirects=False
    )
    assert decided.status_code == 303, decided.text
    location = decided.headers["location"]
    assert location.startswith(REDIRECT + "?")
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["st-123"]
    return query["code"][0], verifier


def token_request(setup: Setup, partner: Partner, **form: str) -> Any:
    return browser(setup).post("/oauth/token", data=form, auth=(partner.client_id, partner.secret))


def citizen_tokens(setup: Setup, partner: Partner, web: TestClient, **kw: str) -> dict[str, Any]:
    code, verifier = consent(web, partner, **kw)
    response = token_request(
        setup,
        partner,
        grant_type="authorization_code",
        code=code,
        redirect_uri=REDIRECT,
        code_verifier=verifier,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def audit_actions(setup: Setup) -> list[str]:
    with session_scope(make_session_factory(setup.engine)) as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_client_credentials_reach_catalog_and_route_but_not_applications(
    setup: Setup, partner: Partner
) -> None:
    issued = token_request(setup, partner, grant_type="client_credentials")
    assert issued.status_code == 200, issued.text
    assert issued.headers["cache-control"] == "no-store"
    body = issued.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 600
    assert body["scope"] == "catalog:read route"
    assert "refresh_token" not in body
    api = browser(setup)
    headers = bearer(body["access_token"])
    assert api.get("/v1/services", headers=headers).status_code == 200
    routed = api.post("/v1/route", json={"text": "이사했어요"}, headers=headers)
    assert routed.status_code == 200
    assert "move-in-report" in routed.json()["services"]
    refused = api.get("/v1/applications", headers=headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == PROBLEM
    assert refused.json()["code"] == "insufficient-scope"
    assert refused.json()["required_scope"] == "applications:read"
    assert 'error="insufficient_scope"' in refused.headers["www-authenticate"]
    assert 'scope="applications:read"' in refused.headers["www-authenticate"]
    assert api.post("/v1/conversations", json={}, headers=headers).status_code == 403


def test_token_endpoint_errors_follow_rfc_6749(setup: Setup, partner: Partner) -> None:
    api = browser(setup)
    wrong = api.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(partner.client_id, "wrong-secret"),
    )
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid_client"
    assert wrong.headers["www-authenticate"].startswith("Basic")
    both = api.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_secret": partner.secret},
        auth=(partner.client_id, partner.secret),
    )
    assert both.json()["error"] == "invalid_request"
    as_json = api.post("/oauth/token", json={"grant_type": "client_credentials"})
    assert (as_json.status_code, as_json.json()["error"]) == (400, "invalid_request")
    repeated = api.post(
        "/oauth/token",
        content="grant_type=client_credentials&grant_type=password",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        auth=(partner.client_id, partner.secret),
    )
    assert repeated.json()["error"] == "invalid_request"
    huge = api.post(
        "/oauth/token",
        content="grant_type=" + "x" * 20_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert (huge.status_code, huge.json()["error"]) == (400, "invalid_request")
    password = token_request(setup, partner, grant_type="password")
    assert password.json()["error"] == "unsupported_grant_type"
    post_auth = api.post(
        "/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": partner.client_id,
            "client_secret": partner.secret,
            "scope": "route",
        },
    )
    assert post_auth.json()["scope"] == "route"


def test_authorization_code_with_pkce_over_http(setup: Setup, partner: Partner) -> None:
    web, _csrf = signed_in_citizen(setup)
    tokens = citizen_tokens(setup, partner, web)
    assert tokens["scope"] == "applications:read conversations:write"
    assert tokens["refresh_token"]
    api = browser(setup)  # the partner's server: no cookie, only the token
    headers = bearer(tokens["access_token"])
    mine = api.get("/v1/applications", headers=headers)
    assert mine.status_code == 200, mine.text
    assert mine.json() == []
    started = api.post("/v1/conversations", json={"text": "이사했어요"}, headers=headers)
    assert started.status_code == 201, started.text
    conversation_id = started.json()["conversation_id"]
    # The conversation is the citizen's own: they see it on minwon with their cookie.
    assert web.get(f"/v1/conversations/{conversation_id}").status_code == 200
    # Nothing beyond the consented scopes, and no endpoint that does not opt in.
    log = api.get("/v1/me/access-log", headers=headers)
    assert (log.status_code, log.json()["code"]) == (403, "insufficient-scope")
    assert api.get("/v1/me", headers=headers).status_code == 401
    refreshed = token_request(
        setup, partner, grant_type="refresh_token", refresh_token=tokens["refresh_token"]
    )
    assert refreshed.status_code == 200
    assert refreshed.json()["refresh_token"] != tokens["refresh_token"]
    assert "partner:consent:granted" in audit_actions(setup)


def test_a_partner_token_never_reaches_a_second_factor(
    setup: Setup, partner: Partner, canned_answer: Callable[[FormField], str]
) -> None:
    web, _csrf = signed_in_citizen(setup)
    tokens = citizen_tokens(setup, partner, web)
    api = browser(setup)
    headers = bearer(tokens["access_token"])
    started = api.post(
        "/v1/conversations",
        json={"text": "2026년 11월 20일에 마포구로 이사했어요"},
        headers=headers,
    )
    conversation_id = started.json()["conversation_id"]

    def say(text: str) -> dict[str, Any]:
        response = api.post(
            f"/v1/conversations/{conversation_id}/messages", json={"text": text}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    body = say("네")
    for _ in range(60):
        if body["phase"] == "confirming":
            break
        form = body["reply"]["form"]
        body = say(canned_answer(FormField.model_validate(form[0])) if form else "네")
    assert body["phase"] == "confirming"
    waiting = say("제출")  # the partner drafted everything; submitting stays with the citizen
    assert waiting["phase"] != "submitted"
    assert waiting["reply"]["needs_auth"] == "mfa"
    assert web.get("/v1/applications").json() == []


def test_a_token_beyond_its_scope_is_refused(setup: Setup, partner: Partner) -> None:
    web, _csrf = signed_in_citizen(setup)
    tokens = citizen_tokens(setup, partner, web, scope="applications:read")
    api = browser(setup)
    headers = bearer(tokens["access_token"])
    assert api.get("/v1/applications", headers=headers).status_code == 200
    beyond = api.post("/v1/conversations", json={"text": "안녕하세요"}, headers=headers)
    assert beyond.status_code == 403
    assert beyond.json()["required_scope"] == "conversations:write"
    wider = token_request(
        setup,
        partner,
        grant_type="refresh_token",
        refresh_token=tokens["refresh_token"],
        scope="applications:read conversations:write",
    )
    assert wider.json()["error"] == "invalid_scope"


def test_expired_and_revoked_tokens_get_401(setup: Setup, partner: Partner) -> None:
    web, _csrf = signed_in_citizen(setup)
    tokens = citizen_tokens(setup, partner, web)
    api = browser(setup)
    garbage = api.get("/v1/applications", headers=bearer("not-a-token"))
    assert (garbage.status_code, garbage.json()["code"]) == (401, "invalid-token")
    assert 'error="invalid_token"' in garbage.headers["www-authenticate"]
    setup.clock.advance(dt.timedelta(minutes=10))
    expired = api.get("/v1/applications", headers=bearer(tokens["access_token"]))
    assert expired.status_code == 401
    fresh = token_request(
        setup, partner, grant_type="refresh_token", refresh_token=tokens["refresh_token"]
    ).json()
    assert api.get("/v1/applications", headers=bearer(fresh["access_token"])).status_code == 200
    revoked = api.post(
        "/oauth/revoke",
        data={"token": fresh["refresh_token"], "token_type_hint": "refresh_token"},
        auth=(partner.client_id, partner.secret),
    )
    assert revoked.status_code == 200
    after = api.get("/v1/applications", headers=bearer(fresh["access_token"]))
    assert after.status_code == 401
    assert "partner:token:revoked" in audit_actions(setup)


def test_a_citizen_sees_and_revokes_a_partner(setup: Setup, partner: Partner) -> None:
    web, csrf = signed_in_citizen(setup)
    tokens = citizen_tokens(setup, partner, web)
    listed = web.get("/v1/me/partners?lang=en")
    assert listed.status_code == 200
    assert listed.headers["cache-control"] == "no-store"
    [connected] = listed.json()
    assert connected["name"] == "Naver"
    assert {s["title"] for s in connected["scopes"]} == {
        "See my applications",
        "Talk to minwon for me",
    }
    path = f"/v1/me/partners/{partner.client_id}"
    assert web.delete(path).status_code == 403  # a cookie needs the CSRF token
    assert web.delete(path, headers={"X-CSRF-Token": csrf}).status_code == 204
    assert web.get("/v1/me/partners").json() == []
    api = browser(setup)
    stopped = api.get("/v1/applications", headers=bearer(tokens["access_token"]))
    assert stopped.status_code == 401
    again = token_request(
        setup, partner, grant_type="refresh_token", refresh_token=tokens["refresh_token"]
    )
    assert again.json()["error"] == "invalid_grant"
    missing = web.delete(path, headers={"X-CSRF-Token": csrf})
    assert (missing.status_code, missing.json()["code"]) == (404, "partner-not-connected")
    actions = audit_actions(setup)
    assert actions.index("partner:consent:granted") < actions.index("partner:consent:revoked")


def test_the_consent_page_speaks_plainly_and_cannot_be_framed(
    setup: Setup, partner: Partner
) -> None:
    web, _csrf = signed_in_citizen(setup)
    _verifier, challenge = pkce()
    korean = web.get(authorize_query(partner, challenge))
    assert "네이버 연결" in korean.text
    assert "내 신청 보기" in korean.text
    assert "Kim Jiwoo (jiwoo@example.kr)" in korean.text
    assert korean.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in korean.headers["content-security-policy"]
    assert korean.headers["cache-control"] == "no-store"
    english = web.get(authorize_query(partner, challenge), headers={"Accept-Language": "en"})
    assert "Connect Naver" in english.text
    assert "See my applications" in english.text


def test_signed_out_people_are_asked_to_sign_in(setup: Setup, partner: Partner) -> None:
    _verifier, challenge = pkce()
    page = browser(setup).get(authorize_query(partner, challenge, lang="en"))
    assert page.status_code == 401
    assert "Please sign in" in page.text
    assert "To connect Naver, sign in to minwon first" in page.text
    assert 'href="/signin?next=' in page.text


def test_bad_requests_are_shown_or_sent_back_never_to_an_unknown_uri(
    setup: Setup, partner: Partner
) -> None:
    web, _csrf = signed_in_citizen(setup)
    _verifier, challenge = pkce()
    evil = web.get(
        authorize_query(partner, challenge, redirect_uri="https://evil.example/cb"),
        follow_redirects=False,
    )
    assert evil.status_code == 400
    assert "location" not in evil.headers
    assert "잘못된 연결 요청" in evil.text
    no_pkce = web.get(
        authorize_query(partner, challenge, code_challenge_method="plain"), follow_redirects=False
    )
    assert no_pkce.status_code == 302
    query = parse_qs(urlsplit(no_pkce.headers["location"]).query)
    assert query["error"] == ["invalid_request"]
    assert query["state"] == ["st-123"]


def test_the_decision_needs_the_session_csrf_token(setup: Setup, partner: Partner) -> None:
    web, _csrf = signed_in_citizen(setup)
    _verifier, challenge = pkce()
    page = web.get(authorize_query(partner, challenge))
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    forged = {**fields, "csrf_token": "forged", "decision": "allow"}
    refused = web.post("/oauth/authorize", data=forged, follow_redirects=False)
    assert refused.status_code == 403
    assert "location" not in refused.headers
    denied = web.post(
        "/oauth/authorize", data={**fields, "decision": "deny"}, follow_redirects=False
    )
    assert denied.status_code == 303
    assert parse_qs(urlsplit(denied.headers["location"]).query)["error"] == ["access_denied"]
    assert audit_actions(setup)[-1] == "partner:consent:denied"


def test_a_session_that_ended_on_the_consent_page_leads_back_to_the_request(
    setup: Setup, partner: Partner
) -> None:
    web, _csrf = signed_in_citizen(setup)
    _verifier, challenge = pkce()
    page = web.get(authorize_query(partner, challenge))
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
    setup.clock.advance(dt.timedelta(hours=1))  # idle for longer than a session lives
    late = web.post(
        "/oauth/authorize", data={**fields, "decision": "allow"}, follow_redirects=False
    )
    assert late.status_code == 401
    assert "location" not in late.headers
    assert f"/oauth/authorize?response_type=code&amp;client_id={partner.client_id}" in late.text
    assert "partner:consent:granted" not in audit_actions(setup)


def test_a_used_code_cannot_be_exchanged_again(setup: Setup, partner: Partner) -> None:
    web, _csrf = signed_in_citizen(setup)
    code, verifier = consent(web, partner)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
    }
    first = token_request(setup, partner, **form)
    assert first.status_code == 200
    second = token_request(setup, partner, **form)
    assert (second.status_code, second.json()["error"]) == (400, "invalid_grant")
    gone = browser(setup).get("/v1/applications", headers=bearer(first.json()["access_token"]))
    assert gone.status_code == 401


def test_registration_refuses_an_unsafe_redirect_uri(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINWON_DATABASE_URL", setup.url)
    result = CliRunner().invoke(
        minwon_cli(),
        [
            "partners",
            "register",
            "--name",
            "x",
            "--scope",
            "applications:read",
            "--redirect-uri",
            "http://x.kr/",
        ],
    )
    assert result.exit_code == 2
    assert "must use https" in result.output
