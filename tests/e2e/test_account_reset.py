"""A person who lost every factor is reset by an officer at a counter, then starts again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from minwon.clock import FixedClock

if TYPE_CHECKING:
    from tests.e2e.conftest import Citizen, CitizenFactory, Officer, OfficerFactory

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a quiet morning by the han river"
EMAIL = "jiwoo@example.kr"


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    return client.post("/v1/sessions", json={"email": email, "password": password})


@pytest.fixture
def citizen(make_citizen: CitizenFactory) -> Citizen:
    """A citizen with an authenticator app, signed in on their (soon lost) phone."""
    return make_citizen(EMAIL, "Kim Jiwoo", stage="mfa")


@pytest.fixture
def officer(make_officer: OfficerFactory) -> Officer:
    """An officer at a community centre counter, at MFA level."""
    return make_officer("officer@mapo.go.kr", "Park")


def reset(client: TestClient, headers: dict[str, str], account_id: str, **body: Any) -> Any:
    payload = {"reason": "휴대폰과 복구 코드 분실", "id_document_type": "resident-card", **body}
    return client.post(f"/v1/officer/accounts/{account_id}/reset", json=payload, headers=headers)


def complete(client: TestClient, code: str, password: str = NEW_PASSWORD, **headers: str) -> Any:
    body = {"email": EMAIL, "reset_code": code, "new_password": password}
    return client.post("/v1/accounts/reset", json=body, headers=headers)


def test_reset_at_the_counter_then_a_new_password_and_a_new_factor(
    app: FastAPI,
    browser_for: Callable[[FastAPI], TestClient],
    make_citizen: CitizenFactory,
    citizen: Citizen,
    officer: Officer,
) -> None:
    phone, account_id = citizen.http, citizen.id
    desk, headers = officer.http, officer.headers
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
    assert sign_in(browser_for(app), EMAIL).status_code == 401

    at_home = make_citizen(EMAIL, "Kim Jiwoo", stage="new")
    home = at_home.http
    assert complete(home, "AAAA-BBBB-CCCC-DDDD").json()["code"] == "reset-code-invalid"
    weak = complete(home, code, password="password123")
    assert weak.json()["code"] == "password-common"  # the code survives a refused password
    assert complete(home, code).status_code == 204
    assert complete(home, code).status_code == 400  # used once

    at_home.password = NEW_PASSWORD
    at_home.sign_in()  # asserts 201
    me = home.get("/v1/me").json()
    assert (me["has_totp"], me["passkey_count"], me["recovery_codes_left"]) == (False, 0, 0)
    at_home.enrol_totp()  # a new factor, at once
    at_home.step_up()

    notices = home.get("/v1/me/notifications", headers={"Accept-Language": "en"}).json()
    assert [n["code"] for n in notices] == ["notice-account-reset"]
    assert "checking your ID at a counter" in notices[0]["text"]
    log = home.get("/v1/me/access-log").json()
    reset_events = [e for e in log if e["action"] == "account:reset"]
    assert [(e["actor"].split(":")[0], e["reason"]) for e in reset_events] == [
        ("officer", "휴대폰과 복구 코드 분실")
    ]


def test_only_an_officer_at_mfa_may_reset_and_no_id_number_is_recorded(
    clock: FixedClock, citizen: Citizen, officer: Officer
) -> None:
    phone, account_id = citizen.http, citizen.id
    desk, headers = officer.http, officer.headers
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
    browser_for: Callable[[FastAPI], TestClient],
    clock: FixedClock,
    citizen: Citizen,
    officer: Officer,
) -> None:
    account_id = citizen.id
    desk, headers = officer.http, officer.headers
    first = reset(desk, headers, account_id).json()["reset_code"]
    second = reset(desk, headers, account_id).json()["reset_code"]
    home = browser_for(app)
    assert complete(home, first).json()["code"] == "reset-code-invalid"
    clock.advance(dt.timedelta(hours=24))
    assert complete(home, second).json()["code"] == "reset-code-invalid"


def test_completing_a_reset_from_another_site_is_refused(
    app: FastAPI,
    browser_for: Callable[[FastAPI], TestClient],
    citizen: Citizen,
    officer: Officer,
) -> None:
    account_id = citizen.id
    desk, headers = officer.http, officer.headers
    code = reset(desk, headers, account_id).json()["reset_code"]
    home = browser_for(app)
    forged = complete(home, code, Origin="https://evil.example")
    assert forged.status_code == 403
    assert forged.json()["code"] == "cross-site-request"
    assert complete(home, code).status_code == 204  # the code was not spent by the refusal
