"""Login CSRF, password change and sign-up conflicts over HTTP, as a browser would meet them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from fastapi.testclient import TestClient

from minwon.clock import FixedClock

if TYPE_CHECKING:
    from tests.e2e.conftest import Citizen, CitizenFactory

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a quiet morning by the han river"
EMAIL = "jiwoo@example.kr"
OWN_ORIGIN = "http://localhost:8000"  # Settings' default site origin
SESSION_COOKIE = "__Host-minwon_session"


@pytest.fixture
def jiwoo(make_citizen: CitizenFactory) -> Citizen:
    """A browser whose person has an account, not yet signed in."""
    return make_citizen(EMAIL, "Kim", stage="signed_up")


CREDENTIALS = f'{{"email": "{EMAIL}", "password": "{PASSWORD}"}}'.encode()


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "application/json", "Origin": "https://evil.example"},
        {"Content-Type": "application/json", "Origin": "null"},  # sandboxed frames, data: URLs
        {"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"},
        {"Content-Type": "application/json", "Sec-Fetch-Site": "same-site"},
        {"Content-Type": "text/plain"},  # what a cross-site <form enctype=text/plain> sends
        {"Content-Type": "application/x-www-form-urlencoded"},
        {},  # fetch(…, {body: new Blob([json])}) from another site: no Content-Type at all
    ],
)
def test_another_site_cannot_sign_the_browser_in(jiwoo: Citizen, headers: dict[str, str]) -> None:
    client = jiwoo.http
    response = client.post("/v1/sessions", content=CREDENTIALS, headers=headers)
    assert response.status_code == 403
    assert response.json()["code"] == "cross-site-request"
    assert response.headers.get("set-cookie") is None
    assert client.get("/v1/me").status_code == 401


@pytest.mark.parametrize("origin", [OWN_ORIGIN, "https://testserver"])
def test_minwons_own_pages_and_other_clients_sign_in(jiwoo: Citizen, origin: str) -> None:
    client = jiwoo.http
    # The configured site origin, or the very host the request went to (a browser sets both).
    browser = {
        "Content-Type": "application/json",
        "Origin": origin,
        "Sec-Fetch-Site": "same-origin",
    }
    assert client.post("/v1/sessions", content=CREDENTIALS, headers=browser).status_code == 201
    client.cookies.clear()
    # A command-line client sends neither Origin nor Sec-Fetch-Site.
    api_client = client.post("/v1/sessions", json={"email": EMAIL, "password": PASSWORD})
    assert api_client.status_code == 201


def change(client: TestClient, csrf: str, current: str, new: str) -> Any:
    return client.post(
        "/v1/me/password",
        json={"current_password": current, "new_password": new},
        headers={"X-CSRF-Token": csrf},
    )


def test_changing_the_password_signs_out_every_other_device(jiwoo: Citizen) -> None:
    client = jiwoo.http
    assert client.post("/v1/sessions", json={"email": EMAIL, "password": PASSWORD}).is_success
    other_device = client.cookies.get(SESSION_COOKIE)
    client.cookies.clear()
    assert change(client, "-", PASSWORD, NEW_PASSWORD).status_code == 401  # not signed in
    csrf = jiwoo.mfa()
    wrong = change(client, csrf, "not my password", NEW_PASSWORD)
    assert wrong.status_code == 403
    assert wrong.json()["code"] == "current-password-wrong"
    assert change(client, csrf, PASSWORD, EMAIL).json()["code"] == "password-context"
    changed = change(client, csrf, PASSWORD, NEW_PASSWORD)
    assert changed.status_code == 200, changed.text
    assert changed.json()["level"] == "mfa"  # this device stays signed in (on a new token)
    assert client.get("/v1/me").status_code == 200
    assert (
        client.get("/v1/me", headers={"Cookie": f"{SESSION_COOKIE}={other_device}"}).status_code
        == 401
    )
    notices = client.get("/v1/me/notifications", headers={"Accept-Language": "en"}).json()
    assert notices[0]["title"] == "Your password was changed"
    read = client.post(
        f"/v1/me/notifications/{notices[0]['id']}/read",
        headers={"X-CSRF-Token": changed.json()["csrf_token"]},
    )
    assert read.status_code == 204
    assert client.get("/v1/me/notifications").json()[0]["read_at"] is not None
    client.cookies.clear()
    old = client.post("/v1/sessions", json={"email": EMAIL, "password": PASSWORD})
    assert old.status_code == 401
    new = client.post("/v1/sessions", json={"email": EMAIL, "password": NEW_PASSWORD})
    assert new.status_code == 201


def test_a_password_change_needs_a_fresh_second_factor(jiwoo: Citizen, clock: FixedClock) -> None:
    client = jiwoo.http
    csrf = jiwoo.mfa()
    clock.advance(dt.timedelta(minutes=16))
    stale = change(client, csrf, PASSWORD, NEW_PASSWORD)
    assert stale.status_code == 403
    assert stale.json()["code"] == "step-up-required"


def test_removing_the_only_authenticator_app_is_refused(jiwoo: Citizen) -> None:
    client = jiwoo.http
    csrf = jiwoo.mfa()
    refused = client.delete("/v1/me/totp", headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 409
    assert refused.json()["code"] == "last-second-factor"
    assert client.get("/v1/me").json()["has_totp"] is True
