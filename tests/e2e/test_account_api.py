"""Login CSRF, password change and sign-up conflicts over HTTP, as a browser would meet them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
from fastapi.testclient import TestClient

from minwon.api import create_app
from minwon.catalog import Catalog
from minwon.clock import FixedClock
from minwon.config import Settings
from minwon.db import create_db_engine
from minwon.migrate import upgrade_database
from minwon.nlu import Router

START = dt.datetime(2026, 11, 28, 10, 0)
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a quiet morning by the han river"
EMAIL = "jiwoo@example.kr"
OWN_ORIGIN = "http://localhost:8000"  # Settings' default site origin
SESSION_COOKIE = "__Host-minwon_session"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def client(
    tmp_path: Path, catalog: Catalog, router: Router, clock: FixedClock
) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'account.db'}"
    engine = create_db_engine(url)
    upgrade_database(engine)
    app = create_app(
        Settings(database_url=url, environment="test"),
        catalog=catalog,
        engine=engine,
        clock=clock,
        router=router,
    )
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as test:
        created = test.post(
            "/v1/accounts", json={"email": EMAIL, "password": PASSWORD, "display_name": "Kim"}
        )
        assert created.status_code == 201
        yield test
    engine.dispose()


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
def test_another_site_cannot_sign_the_browser_in(
    client: TestClient, headers: dict[str, str]
) -> None:
    response = client.post("/v1/sessions", content=CREDENTIALS, headers=headers)
    assert response.status_code == 403
    assert response.json()["code"] == "cross-site-request"
    assert response.headers.get("set-cookie") is None
    assert client.get("/v1/me").status_code == 401


@pytest.mark.parametrize("origin", [OWN_ORIGIN, "https://testserver"])
def test_minwons_own_pages_and_other_clients_sign_in(client: TestClient, origin: str) -> None:
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


def _step_up(client: TestClient, clock: FixedClock) -> tuple[str, str]:
    csrf = client.post("/v1/sessions", json={"email": EMAIL, "password": PASSWORD}).json()[
        "csrf_token"
    ]
    secret = client.post("/v1/me/totp", headers={"X-CSRF-Token": csrf}).json()["secret"]
    client.post(
        "/v1/me/totp/confirm",
        json={"code": pyotp.TOTP(secret).at(clock.now())},
        headers={"X-CSRF-Token": csrf},
    )
    clock.advance(dt.timedelta(seconds=30))
    stepped = client.post(
        "/v1/sessions/mfa/totp",
        json={"code": pyotp.TOTP(secret).at(clock.now())},
        headers={"X-CSRF-Token": csrf},
    )
    assert stepped.status_code == 200, stepped.text
    return stepped.json()["csrf_token"], secret


def change(client: TestClient, csrf: str, current: str, new: str) -> Any:
    return client.post(
        "/v1/me/password",
        json={"current_password": current, "new_password": new},
        headers={"X-CSRF-Token": csrf},
    )


def test_changing_the_password_signs_out_every_other_device(
    client: TestClient, clock: FixedClock
) -> None:
    assert client.post("/v1/sessions", json={"email": EMAIL, "password": PASSWORD}).is_success
    other_device = client.cookies.get(SESSION_COOKIE)
    client.cookies.clear()
    assert change(client, "-", PASSWORD, NEW_PASSWORD).status_code == 401  # not signed in
    csrf, _ = _step_up(client, clock)
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


def test_a_password_change_needs_a_fresh_second_factor(
    client: TestClient, clock: FixedClock
) -> None:
    csrf, _ = _step_up(client, clock)
    clock.advance(dt.timedelta(minutes=16))
    stale = change(client, csrf, PASSWORD, NEW_PASSWORD)
    assert stale.status_code == 403
    assert stale.json()["code"] == "step-up-required"


def test_removing_the_only_authenticator_app_is_refused(
    client: TestClient, clock: FixedClock
) -> None:
    csrf, _ = _step_up(client, clock)
    refused = client.delete("/v1/me/totp", headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 409
    assert refused.json()["code"] == "last-second-factor"
    assert client.get("/v1/me").json()["has_totp"] is True
