"""The back office over HTTP, on SQLite and PostgreSQL: claims, hand-overs, UTC timestamps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from minwon.actors import Actor
from minwon.api import create_app
from minwon.applications.schemas import Submission
from minwon.applications.service import submit_applications
from minwon.catalog import Catalog
from minwon.clock import FixedClock
from minwon.config import Settings
from minwon.db import session_scope
from minwon.identity import IdentityRuntime, create_officer_account, identity_config
from minwon.migrate import upgrade_database
from minwon.nlu import Router

START = dt.datetime(2026, 11, 28, 10, 0)  # Seoul time: 01:00 UTC
PASSWORD = "correct horse battery staple"
PROBLEM = "application/problem+json"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def app(engine: Engine, catalog: Catalog, router: Router, clock: FixedClock) -> FastAPI:
    upgrade_database(engine)
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False), environment="test"
    )
    return create_app(settings, catalog=catalog, engine=engine, clock=clock, router=router)


class Person:
    """One browser, signed in with an authenticator app, stepped up to MFA."""

    def __init__(self, app: FastAPI, clock: FixedClock, email: str) -> None:
        self.http = TestClient(app, base_url="https://testserver", raise_server_exceptions=False)
        self.clock = clock
        signed_in = self.http.post("/v1/sessions", json={"email": email, "password": PASSWORD})
        assert signed_in.status_code == 201, signed_in.text
        self.csrf: str = signed_in.json()["csrf_token"]
        self.secret = self.http.post("/v1/me/totp", headers=self.headers).json()["secret"]
        confirmed = self.http.post(
            "/v1/me/totp/confirm", json={"code": self._code()}, headers=self.headers
        )
        assert confirmed.status_code == 200, confirmed.text
        clock.advance(dt.timedelta(seconds=30))
        stepped = self.http.post(
            "/v1/sessions/mfa/totp", json={"code": self._code()}, headers=self.headers
        )
        assert stepped.status_code == 200, stepped.text
        self.csrf = stepped.json()["csrf_token"]
        clock.advance(dt.timedelta(seconds=30))
        self.id: str = self.http.get("/v1/me").json()["id"]

    @property
    def headers(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.csrf}

    def _code(self) -> str:
        return pyotp.TOTP(self.secret).at(self.clock.now())

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.http.post(path, json=body, headers=self.headers)


def citizen(app: FastAPI, clock: FixedClock, email: str) -> Person:
    client = TestClient(app, base_url="https://testserver", raise_server_exceptions=False)
    created = client.post(
        "/v1/accounts", json={"email": email, "password": PASSWORD, "display_name": "Kim"}
    )
    assert created.status_code == 201, created.text
    return Person(app, clock, email)


def officer(app: FastAPI, clock: FixedClock, email: str) -> Person:
    runtime = IdentityRuntime(
        db=app.state.gateway.factory, clock=clock, config=identity_config(app.state.settings)
    )
    create_officer_account(
        runtime,
        email=email,
        password=PASSWORD,
        display_name="Officer",
        roles=[("community-centre", "reviewer")],
    )
    return Person(app, clock, email)


def file_for(app: FastAPI, person: Person) -> str:
    """An application the citizen filed (the filing flow has its own e2e test)."""
    gateway = app.state.gateway
    with session_scope(gateway.factory) as session:
        (filed,) = submit_applications(
            session,
            actor=Actor(kind="citizen", id=person.id, level="mfa"),
            submissions=[Submission("move-in-report", "community-centre", {"reporter_name": "김"})],
            sealer=gateway.sealer,
            catalog_version=gateway.catalog.fingerprint,
            conversation_id=None,
            now=gateway.clock.now(),
        )
        application_id: str = filed.id
        return application_id


def _problem(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["code"] == code


def test_officers_hand_an_application_over_instead_of_taking_it(
    app: FastAPI, clock: FixedClock
) -> None:
    alice = citizen(app, clock, "alice@example.kr")
    application_id = file_for(app, alice)
    kim = officer(app, clock, "kim@mapo.go.kr")
    park = officer(app, clock, "park@mapo.go.kr")
    path = f"/v1/officer/applications/{application_id}"

    claimed = kim.post(f"{path}/claim")
    assert claimed.status_code == 200, claimed.text
    assert (claimed.json()["claimed_by"], claimed.json()["status"]) == (kim.id, "received")
    taken = park.post(f"{path}/claim")
    _problem(taken, 409, "already-claimed")
    assert "다른 담당자" in taken.json()["title"]
    _problem(park.post(f"{path}/release"), 409, "already-claimed")
    assert park.http.get(path).json()["claimed_by"] == kim.id

    released = kim.post(f"{path}/release", {"reason": "휴가로 인계"})
    assert released.status_code == 200, released.text
    assert released.json()["claimed_by"] is None
    _problem(kim.post(f"{path}/release"), 409, "not-claimed")
    assert park.post(f"{path}/claim").json()["claimed_by"] == park.id
    _problem(kim.post(f"{path}/decision", {"status": "in_review"}), 409, "not-claimed")
    for status in ("in_review", "approved", "completed"):
        assert park.post(f"{path}/decision", {"status": status}).status_code == 200
    _problem(kim.post(f"{path}/claim"), 409, "application-closed")
    _problem(park.post(f"{path}/release"), 409, "application-closed")

    # The citizen sees the hand-over, with its reason, among what happened to their data.
    log = alice.http.get("/v1/me/access-log").json()
    assert [(e["action"], e["reason"]) for e in log if e["action"] == "application:released"] == [
        ("application:released", "휴가로 인계")
    ]


def test_releasing_is_for_officers_only(app: FastAPI, clock: FixedClock) -> None:
    alice = citizen(app, clock, "alice@example.kr")
    application_id = file_for(app, alice)
    response = alice.post(f"/v1/officer/applications/{application_id}/release")
    _problem(response, 404, "application-not-found")
    anonymous = TestClient(app, base_url="https://testserver", raise_server_exceptions=False)
    _problem(
        anonymous.post(f"/v1/officer/applications/{application_id}/release"),
        404,
        "application-not-found",
    )


def _utc(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    assert moment.utcoffset() == dt.timedelta(0), value
    return moment


def test_timestamps_are_aware_utc_on_every_database(app: FastAPI, clock: FixedClock) -> None:
    alice = citizen(app, clock, "alice@example.kr")
    filed_at = clock.now()
    application_id = file_for(app, alice)
    (mine,) = alice.http.get("/v1/applications").json()
    assert _utc(mine["submitted_at"]) == filed_at
    assert _utc(mine["updated_at"]) == filed_at
    assert [_utc(step["at"]) for step in mine["history"]] == [filed_at]

    kim = officer(app, clock, "kim@mapo.go.kr")
    claimed = kim.post(f"/v1/officer/applications/{application_id}/claim").json()
    # Written and shown in the same unit of work: still UTC, still the clock's moment.
    assert _utc(claimed["updated_at"]) == clock.now()
    assert _utc(claimed["history"][-1]["at"]) == clock.now()
    assert _utc(claimed["submitted_at"]) == filed_at
    (queued,) = kim.http.get("/v1/officer/queue").json()
    assert _utc(queued["updated_at"]) == clock.now()
    assert all(_utc(e["at"]) <= clock.now() for e in alice.http.get("/v1/me/access-log").json())
