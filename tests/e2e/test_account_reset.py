"""A person who lost every factor is reset by an officer at a counter, then starts again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from minwon.api import create_app
from minwon.catalog import Catalog
from minwon.clock import FixedClock
from minwon.config import Settings
from minwon.db import create_db_engine
from minwon.identity import IdentityRuntime, create_officer_account, identity_config
from minwon.migrate import upgrade_database
from minwon.nlu import Router

START = dt.datetime(2026, 11, 28, 10, 0)
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a quiet morning by the han river"
EMAIL = "jiwoo@example.kr"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def app(tmp_path: Path, catalog: Catalog, router: Router, clock: FixedClock) -> Iterator[FastAPI]:
    url = f"sqlite:///{tmp_path / 'reset.db'}"
    engine = create_db_engine(url)
    upgrade_database(engine)
    settings = Settings(database_url=url, environment="test")
    yield create_app(settings, catalog=catalog, engine=engine, clock=clock, router=router)
    engine.dispose()


def client_for(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="https://testserver", raise_server_exceptions=False)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    return client.post("/v1/sessions", json={"email": email, "password": password})


def enrol_and_step_up(client: TestClient, csrf: str, clock: FixedClock) -> tuple[str, str]:
    """Enrol an authenticator app and step up with it; returns (csrf token, secret)."""
    secret = client.post("/v1/me/totp", headers={"X-CSRF-Token": csrf}).json()["secret"]
    confirmed = client.post(
        "/v1/me/totp/confirm",
        json={"code": pyotp.TOTP(secret).at(clock.now())},
        headers={"X-CSRF-Token": csrf},
    )
    assert confirmed.status_code == 200, confirmed.text
    clock.advance(dt.timedelta(seconds=30))
    stepped = client.post(
        "/v1/sessions/mfa/totp",
        json={"code": pyotp.TOTP(secret).at(clock.now())},
        headers={"X-CSRF-Token": csrf},
    )
    assert stepped.status_code == 200, stepped.text
    clock.advance(dt.timedelta(seconds=30))
    return stepped.json()["csrf_token"], secret


@pytest.fixture
def citizen(app: FastAPI, clock: FixedClock) -> tuple[TestClient, str]:
    """A citizen with an authenticator app, signed in on their (soon lost) phone."""
    client = client_for(app)
    created = client.post(
        "/v1/accounts", json={"email": EMAIL, "password": PASSWORD, "display_name": "Kim Jiwoo"}
    )
    assert created.status_code == 201
    enrol_and_step_up(client, sign_in(client, EMAIL).json()["csrf_token"], clock)
    return client, created.json()["id"]


@pytest.fixture
def officer(app: FastAPI, clock: FixedClock) -> tuple[TestClient, dict[str, str]]:
    """An officer at a community centre counter, at MFA level."""
    runtime = IdentityRuntime(
        db=app.state.session_factory, clock=clock, config=identity_config(app.state.settings)
    )
    create_officer_account(
        runtime,
        email="officer@mapo.go.kr",
        password=PASSWORD,
        display_name="Park",
        roles=[("community-centre", "reviewer")],
    )
    client = client_for(app)
    csrf, _ = enrol_and_step_up(
        client, sign_in(client, "officer@mapo.go.kr").json()["csrf_token"], clock
    )
    return client, {"X-CSRF-Token": csrf}


def reset(client: TestClient, headers: dict[str, str], account_id: str, **body: Any) -> Any:
    payload = {"reason": "휴대폰과 복구 코드 분실", "id_document_type": "resident-card", **body}
    return client.post(f"/v1/officer/accounts/{account_id}/reset", json=payload, headers=headers)


def complete(client: TestClient, code: str, password: str = NEW_PASSWORD, **headers: str) -> Any:
    body = {"email": EMAIL, "reset_code": code, "new_password": password}
    return client.post("/v1/accounts/reset", json=body, headers=headers)


def test_reset_at_the_counter_then_a_new_password_and_a_new_factor(
    app: FastAPI,
    clock: FixedClock,
    citizen: tuple[TestClient, str],
    officer: tuple[TestClient, dict[str, str]],
) -> None:
    phone, account_id = citizen
    desk, headers = officer
    found = desk.post("/v1/officer/accounts/lookup", json={"email": EMAIL}, headers=headers)
    assert found.json() == {
        "id": account_id,
        "display_name": "Kim Jiwoo",
        "created_at": found.json()["created_at"],
        "has_second_factor": True,
    }
    done = reset(desk, headers, account_id)
    assert done.status_code == 201, done.text
    assert done.json()["notified"] == ["in-app"]
    code = done.json()["reset_code"]

    # The lost phone is signed out, and the old password no longer opens the account.
    assert phone.get("/v1/me").status_code == 401
    assert sign_in(client_for(app), EMAIL).status_code == 401

    home = client_for(app)
    assert complete(home, "AAAA-BBBB-CCCC-DDDD").json()["code"] == "reset-code-invalid"
    weak = complete(home, code, password="password123")
    assert weak.json()["code"] == "password-common"  # the code survives a refused password
    assert complete(home, code).status_code == 204
    assert complete(home, code).status_code == 400  # used once

    signed = sign_in(home, EMAIL, NEW_PASSWORD)
    assert signed.status_code == 201
    me = home.get("/v1/me").json()
    assert (me["has_totp"], me["passkey_count"], me["recovery_codes_left"]) == (False, 0, 0)
    enrol_and_step_up(home, signed.json()["csrf_token"], clock)  # a new factor, at once

    notices = home.get("/v1/me/notifications", headers={"Accept-Language": "en"}).json()
    assert [n["code"] for n in notices] == ["notice-account-reset"]
    assert "checking your ID at a counter" in notices[0]["text"]
    log = home.get("/v1/me/access-log").json()
    reset_events = [e for e in log if e["action"] == "account:reset"]
    assert [(e["actor"].split(":")[0], e["reason"]) for e in reset_events] == [
        ("officer", "휴대폰과 복구 코드 분실")
    ]


def test_only_an_officer_at_mfa_may_reset_and_no_id_number_is_recorded(
    app: FastAPI,
    clock: FixedClock,
    citizen: tuple[TestClient, str],
    officer: tuple[TestClient, dict[str, str]],
) -> None:
    phone, account_id = citizen
    desk, headers = officer
    me = phone.get("/v1/me").json()
    assert me["level"] == "mfa"
    by_citizen = reset(phone, {"X-CSRF-Token": me["csrf_token"]}, account_id)
    assert by_citizen.status_code == 403
    assert by_citizen.json()["code"] == "officer-only"
    with_number = reset(desk, headers, account_id, reason="주민등록증 900101-1234567 확인")
    assert with_number.status_code == 422
    assert with_number.json()["code"] == "reason-has-number"
    extra_field = reset(desk, headers, account_id, id_number="M12345678")
    assert extra_field.status_code == 422
    unknown_document = reset(desk, headers, account_id, id_document_type="library-card")
    assert unknown_document.status_code == 422
    assert (
        desk.post(
            f"/v1/officer/accounts/{'x' * 22}/reset",
            json={"reason": "분실", "id_document_type": "passport"},
            headers=headers,
        ).json()["code"]
        == "account-not-found"
    )
    assert phone.get("/v1/me").status_code == 200  # nothing was reset by any of these
    clock.advance(dt.timedelta(minutes=16))  # the officer's second factor is no longer fresh
    stale = reset(desk, headers, account_id)
    assert stale.status_code == 403
    assert stale.json()["code"] == "step-up-required"


def test_a_second_reset_voids_the_first_code_and_codes_expire(
    app: FastAPI,
    clock: FixedClock,
    citizen: tuple[TestClient, str],
    officer: tuple[TestClient, dict[str, str]],
) -> None:
    _, account_id = citizen
    desk, headers = officer
    first = reset(desk, headers, account_id).json()["reset_code"]
    second = reset(desk, headers, account_id).json()["reset_code"]
    home = client_for(app)
    assert complete(home, first).json()["code"] == "reset-code-invalid"
    clock.advance(dt.timedelta(hours=24))
    assert complete(home, second).json()["code"] == "reset-code-invalid"


def test_completing_a_reset_from_another_site_is_refused(
    app: FastAPI, citizen: tuple[TestClient, str], officer: tuple[TestClient, dict[str, str]]
) -> None:
    _, account_id = citizen
    desk, headers = officer
    code = reset(desk, headers, account_id).json()["reset_code"]
    home = client_for(app)
    forged = complete(home, code, Origin="https://evil.example")
    assert forged.status_code == 403
    assert forged.json()["code"] == "cross-site-request"
    assert complete(home, code).status_code == 204  # the code was not spent by the refusal
