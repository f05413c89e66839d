"""The whole ASGI app over HTTP, on a migrated database, the real catalog and a fixed clock.

- ``client``: plain http, for the public catalog endpoints.
- ``app`` (fresh SQLite) and ``app_on_both`` (SQLite and PostgreSQL), or ``make_app`` for
  other settings; ``clock`` is their time, moved by the test.
- ``browser_for(app)``: a browser over https (the session cookie is ``Secure``).
- ``make_citizen`` and ``make_officer``: a person at a browser who signs up (or is created
  as an officer), signs in, enrols an authenticator app and steps up, as far as asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal, Protocol, Self

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from minwon.actors import Actor
from minwon.api import create_app
from minwon.api.delegation_deps import ON_BEHALF_OF_HEADER
from minwon.applications.schemas import Submission
from minwon.applications.service import submit_applications
from minwon.catalog import Catalog
from minwon.clock import FixedClock
from minwon.config import Settings
from minwon.db import create_db_engine, session_scope
from minwon.identity import IdentityRuntime, create_officer_account, identity_config
from minwon.migrate import upgrade_database
from minwon.nlu import Router

START = dt.datetime(2026, 11, 28, 10, 0)  # a Saturday, 10:00 KST (01:00 UTC)
PASSWORD = "correct horse battery staple"
STEP = dt.timedelta(seconds=30)  # one authenticator step: each code works once
COUNTER_ROLES = (("community-centre", "reviewer"),)

# How far a new person goes: each stage takes the steps of the one before it as well.
Stage = Literal["new", "signed_up", "signed_in", "totp", "mfa"]
STAGES: tuple[Stage, ...] = ("new", "signed_up", "signed_in", "totp", "mfa")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


class AppFactory(Protocol):
    def __call__(self, engine: Engine | None = None, **settings: Any) -> FastAPI: ...


@pytest.fixture
def make_app(
    tmp_path: Path, catalog: Catalog, router: Router, clock: FixedClock
) -> Iterator[AppFactory]:
    """Build the app on ``engine`` (a fresh SQLite file if none), migrated, with ``settings``."""
    owned: list[Engine] = []

    def make(engine: Engine | None = None, **settings: Any) -> FastAPI:
        if engine is None:
            engine = create_db_engine(f"sqlite:///{tmp_path / f'e2e-{len(owned)}.db'}")
            owned.append(engine)
        upgrade_database(engine)
        url = engine.url.render_as_string(hide_password=False)
        return create_app(
            Settings(database_url=url, environment="test", **settings),
            catalog=catalog,
            engine=engine,
            clock=clock,
            router=router,
        )

    yield make
    for engine in owned:
        engine.dispose()


@pytest.fixture
def app(make_app: AppFactory) -> FastAPI:
    """The app on a fresh SQLite database."""
    return make_app()


@pytest.fixture
def app_on_both(make_app: AppFactory, engine: Engine) -> FastAPI:
    """The app on SQLite and on PostgreSQL (the ``engine`` fixture disposes of the engine)."""
    return make_app(engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """Plain http, as a partner or the portal calls the public endpoints."""
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def browser(app: FastAPI) -> TestClient:
    # https: the session cookie is Secure, so a browser would not send it over plain http.
    return TestClient(app, base_url="https://testserver", raise_server_exceptions=False)


@pytest.fixture
def browser_for() -> Callable[[FastAPI], TestClient]:
    """A new browser (its own cookies) on ``app``, over https."""
    return browser


class Citizen:
    """One browser and the person at it: signs up, signs in, enrols an authenticator app and
    steps up with it. ``csrf`` is the current session's token; stepping up rotates it."""

    def __init__(
        self,
        app: FastAPI,
        clock: FixedClock,
        email: str,
        display_name: str,
        password: str = PASSWORD,
    ) -> None:
        self.app, self.clock, self.http = app, clock, browser(app)
        self.email, self.display_name, self.password = email, display_name, password
        self.id = ""
        self.account: dict[str, Any] = {}
        self.csrf = ""
        self.secret = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.csrf}

    def acting_for(self, other: Citizen) -> dict[str, str]:
        return {**self.headers, ON_BEHALF_OF_HEADER: other.id}

    def post(
        self, path: str, body: dict[str, Any] | None = None
    ) -> Any:  # the test client's response
        """POST ``body`` as JSON in this session, with its CSRF token."""
        return self.http.post(path, json=body, headers=self.headers)

    def reach(self, stage: Stage) -> Self:
        """From a new browser, take every step up to ``stage``."""
        steps = (self.sign_up, self.sign_in, self.enrol_totp, self.step_up)
        for step in steps[: STAGES.index(stage)]:
            step()
        return self

    def sign_up(self) -> dict[str, Any]:
        """Create the account; returns what the API answered."""
        created = self.http.post(
            "/v1/accounts",
            json={
                "email": self.email,
                "password": self.password,
                "display_name": self.display_name,
            },
        )
        assert created.status_code == 201, created.text
        self.account = created.json()
        self.id = self.account["id"]
        return self.account

    def sign_in(self) -> str:
        """Sign in with the password; returns the CSRF token to echo in X-CSRF-Token."""
        response = self.http.post(
            "/v1/sessions", json={"email": self.email, "password": self.password}
        )
        assert response.status_code == 201, response.text
        self.csrf = response.json()["csrf_token"]
        return self.csrf

    def enrol_totp(self) -> tuple[str, list[str]]:
        """Enrol an authenticator app; returns its secret and the first recovery codes."""
        started = self.http.post("/v1/me/totp", headers=self.headers)
        assert started.status_code == 201, started.text
        self.secret = started.json()["secret"]
        confirmed = self.http.post(
            "/v1/me/totp/confirm", json={"code": self.code()}, headers=self.headers
        )
        assert confirmed.status_code == 200, confirmed.text
        self.clock.advance(STEP)  # the confirming code cannot be used again
        return self.secret, confirmed.json()["recovery_codes"]

    def code(self) -> str:
        """The authenticator app's code now."""
        return pyotp.TOTP(self.secret).at(self.clock.now())

    def try_step_up(self, code: str | None = None) -> Any:  # the test client's response
        """Step up with ``code`` (the app's current code if none); the answer, unchecked."""
        return self.http.post(
            "/v1/sessions/mfa/totp", json={"code": code or self.code()}, headers=self.headers
        )

    def step_up(self) -> str:
        """Step up with the app's current code; returns the new session's CSRF token."""
        stepped = self.try_step_up()
        assert stepped.status_code == 200, stepped.text
        self.csrf = stepped.json()["csrf_token"]
        self.clock.advance(STEP)
        return self.csrf

    def mfa(self) -> str:
        """Sign in, enrol an authenticator app and step up; returns the CSRF token."""
        self.sign_in()
        self.enrol_totp()
        return self.step_up()


class Officer(Citizen):
    """An officer: the account is made by administration (no sign-up), with ``roles``."""

    roles: tuple[tuple[str, str], ...] = COUNTER_ROLES  # (agency, role) pairs

    def sign_up(self) -> dict[str, Any]:
        runtime = IdentityRuntime(
            db=self.app.state.session_factory,
            clock=self.clock,
            config=identity_config(self.app.state.settings),
        )
        view = create_officer_account(
            runtime,
            email=self.email,
            password=self.password,
            display_name=self.display_name,
            roles=list(self.roles),
        )
        self.id = view.id
        self.account = {"id": view.id, "email": view.email, "display_name": view.display_name}
        return self.account


class CitizenFactory(Protocol):
    def __call__(
        self,
        email: str = ...,
        display_name: str = ...,
        *,
        stage: Stage = ...,
        app: FastAPI | None = None,
    ) -> Citizen: ...


class OfficerFactory(Protocol):
    def __call__(
        self,
        email: str = ...,
        display_name: str = ...,
        *,
        roles: tuple[tuple[str, str], ...] = ...,
        stage: Stage = ...,
        app: FastAPI | None = None,
    ) -> Officer: ...


@pytest.fixture
def make_citizen(request: pytest.FixtureRequest, clock: FixedClock) -> CitizenFactory:
    """A citizen at a new browser on ``app`` (the ``app`` fixture if none), up to ``stage``:
    by default signed in with an authenticator app enrolled, not yet stepped up."""

    def make(
        email: str = "jiwoo@example.kr",
        display_name: str = "Kim Jiwoo",
        *,
        stage: Stage = "totp",
        app: FastAPI | None = None,
    ) -> Citizen:
        on = app if app is not None else request.getfixturevalue("app")
        return Citizen(on, clock, email, display_name).reach(stage)

    return make


@pytest.fixture
def make_officer(request: pytest.FixtureRequest, clock: FixedClock) -> OfficerFactory:
    """An officer of a community centre at a new browser on ``app`` (the ``app`` fixture if
    none), up to ``stage``: by default at MFA level, as officers always need."""

    def make(
        email: str = "officer@mapo.go.kr",
        display_name: str = "Park",
        *,
        roles: tuple[tuple[str, str], ...] = COUNTER_ROLES,
        stage: Stage = "mfa",
        app: FastAPI | None = None,
    ) -> Officer:
        on = app if app is not None else request.getfixturevalue("app")
        officer = Officer(on, clock, email, display_name)
        officer.roles = roles
        return officer.reach(stage)

    return make


def file_application(app: FastAPI, citizen: Citizen, facts: dict[str, Any]) -> str:
    """A move-in report ``citizen`` filed earlier with ``facts`` (the filing flow has its own
    e2e test); returns the application's id."""
    gateway = app.state.gateway
    with session_scope(gateway.factory) as session:
        (filed,) = submit_applications(
            session,
            actor=Actor(kind="citizen", id=citizen.id, level="mfa"),
            submissions=[Submission("move-in-report", "community-centre", facts)],
            sealer=gateway.sealer,
            catalog_version=gateway.catalog.fingerprint,
            conversation_id=None,
            now=gateway.clock.now(),
        )
        application_id: str = filed.id
        return application_id


FileFor = Callable[[FastAPI, Citizen, dict[str, Any]], str]


@pytest.fixture
def file_for() -> FileFor:
    return file_application
