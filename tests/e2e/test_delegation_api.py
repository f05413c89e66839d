"""Delegations over HTTP: a son acts for his mother, with real sign-in and TOTP step-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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
from minwon.dialogue import FormField
from minwon.identity import IdentityRuntime, create_officer_account, identity_config
from minwon.migrate import upgrade_database
from minwon.nlu import Router

START = dt.datetime(2026, 11, 28, 10, 0)
PASSWORD = "correct horse battery staple"
PROBLEM = "application/problem+json"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def app(tmp_path: Path, catalog: Catalog, router: Router, clock: FixedClock) -> Iterator[FastAPI]:
    url = f"sqlite:///{tmp_path / 'delegation.db'}"
    engine = create_db_engine(url)
    upgrade_database(engine)
    app = create_app(
        Settings(database_url=url, environment="test"),
        catalog=catalog,
        engine=engine,
        clock=clock,
        router=router,
    )
    yield app
    engine.dispose()


@pytest.fixture
def app_on_both(engine: Engine, catalog: Catalog, router: Router, clock: FixedClock) -> FastAPI:
    """The same app on SQLite and on PostgreSQL."""
    upgrade_database(engine)
    return create_app(
        Settings(database_url=engine.url.render_as_string(hide_password=False), environment="test"),
        catalog=catalog,
        engine=engine,
        clock=clock,
        router=router,
    )


def client_for(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="https://testserver", raise_server_exceptions=False)


class Citizen:
    """One browser: signs up, enrols an authenticator app, steps up when asked."""

    def __init__(self, app: FastAPI, clock: FixedClock, email: str, name: str) -> None:
        self.http, self.clock, self.email = client_for(app), clock, email
        created = self.http.post(
            "/v1/accounts", json={"email": email, "password": PASSWORD, "display_name": name}
        )
        assert created.status_code == 201, created.text
        self.id: str = created.json()["id"]
        self.sign_in()
        self.secret = self.http.post("/v1/me/totp", headers=self.headers).json()["secret"]
        confirmed = self.http.post(
            "/v1/me/totp/confirm", json={"code": self.code()}, headers=self.headers
        )
        assert confirmed.status_code == 200, confirmed.text
        clock.advance(dt.timedelta(seconds=30))

    @property
    def headers(self) -> dict[str, str]:
        return {"X-CSRF-Token": self.csrf}

    def code(self) -> str:
        return pyotp.TOTP(self.secret).at(self.clock.now())

    def sign_in(self) -> None:
        response = self.http.post("/v1/sessions", json={"email": self.email, "password": PASSWORD})
        assert response.status_code == 201, response.text
        self.csrf: str = response.json()["csrf_token"]

    def step_up(self) -> None:
        response = self.http.post(
            "/v1/sessions/mfa/totp", json={"code": self.code()}, headers=self.headers
        )
        assert response.status_code == 200, response.text
        self.csrf = response.json()["csrf_token"]
        self.clock.advance(dt.timedelta(seconds=30))

    def acting_for(self, other: Citizen) -> dict[str, str]:
        return {**self.headers, ON_BEHALF_OF_HEADER: other.id}


def file_for(app: FastAPI, citizen: Citizen) -> str:
    """An application the citizen filed earlier (the filing flow has its own e2e test)."""
    gateway = app.state.gateway
    with session_scope(gateway.factory) as session:
        (filed,) = submit_applications(
            session,
            actor=Actor(kind="citizen", id=citizen.id, level="mfa"),
            submissions=[
                Submission("move-in-report", "community-centre", {"reporter_name": "김보라"})
            ],
            sealer=gateway.sealer,
            catalog_version=gateway.catalog.fingerprint,
            conversation_id=None,
            now=gateway.clock.now(),
        )
        return filed.id


def grant(mother: Citizen, son: Citizen, **terms: Any) -> Any:
    body = {"grantee_email": son.email, "services": ["move-in-report"], "ends_on": "2026-12-05"}
    return mother.http.post("/v1/me/delegations", json={**body, **terms}, headers=mother.headers)


def test_a_son_acts_for_his_mother_within_the_delegation(app: FastAPI, clock: FixedClock) -> None:
    mother = Citizen(app, clock, "bora@example.kr", "Kim Bora")
    son = Citizen(app, clock, "jiwoo@example.kr", "Kim Jiwoo")
    application_id = file_for(app, mother)

    assert son.http.get("/v1/applications", headers=son.acting_for(mother)).status_code == 403
    not_fresh = grant(mother, son)
    assert not_fresh.status_code == 403
    assert not_fresh.json()["code"] == "step-up-required"
    mother.step_up()
    granted = grant(mother, son)
    assert granted.status_code == 201, granted.text
    assert granted.json()["services"] == [{"id": "move-in-report", "name": "전입신고"}]
    assert granted.json()["status"] == "active"

    # Both see it; the son is told in the app.
    assert [d["direction"] for d in mother.http.get("/v1/me/delegations").json()] == ["granted"]
    received = son.http.get("/v1/me/delegations").json()
    assert [(d["direction"], d["grantor"]["display_name"]) for d in received] == [
        ("received", "Kim Bora")
    ]
    notices = son.http.get("/v1/me/notifications", headers={"Accept-Language": "en"}).json()
    assert "Kim Bora lets you file 1 service(s)" in notices[0]["text"]

    # Acting for her, he sees her application and, at MFA, its personal data.
    assert son.http.get("/v1/applications").json() == []
    hers = son.http.get("/v1/applications", headers=son.acting_for(mother)).json()
    assert [a["id"] for a in hers] == [application_id]
    son.step_up()
    detail = son.http.get(
        f"/v1/applications/{application_id}?include=personal_data",
        headers=son.acting_for(mother),
    )
    assert detail.json()["personal_data"] == {"reporter_name": "김보라"}

    # She sees who read her data: her son, recorded as acting for her.
    reads = [
        e
        for e in mother.http.get("/v1/me/access-log").json()
        if e["action"] == "personal_data:read"
    ]
    assert [(e["actor"], e["reason"]) for e in reads] == [
        (f"citizen:{son.id}", "as representative")
    ]


def test_a_delegation_works_only_between_its_dates_and_until_revoked(
    app: FastAPI, clock: FixedClock
) -> None:
    mother = Citizen(app, clock, "bora@example.kr", "Kim Bora")
    son = Citizen(app, clock, "jiwoo@example.kr", "Kim Jiwoo")
    mother.step_up()
    later = grant(mother, son, starts_on="2026-12-01", ends_on="2026-12-03").json()
    assert later["status"] == "scheduled"
    refused = son.http.get("/v1/applications", headers=son.acting_for(mother))
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith(PROBLEM)
    assert refused.json()["code"] == "delegation-not-active"

    for days, expected in ((3, 200), (2, 200), (1, 403)):  # Dec 1 and 3 inclusive, then Dec 4
        clock.advance(dt.timedelta(days=days))
        son.sign_in()
        status = son.http.get("/v1/applications", headers=son.acting_for(mother)).status_code
        assert status == expected, clock.today()

    mother.sign_in()
    mother.step_up()
    current = grant(mother, son, ends_on="2026-12-31").json()
    son.sign_in()
    assert son.http.get("/v1/applications", headers=son.acting_for(mother)).status_code == 200
    revoked = son.http.delete(f"/v1/me/delegations/{current['id']}", headers=son.headers)
    assert revoked.status_code == 204
    assert son.http.get("/v1/applications", headers=son.acting_for(mother)).status_code == 403
    statuses = {d["id"]: d["status"] for d in mother.http.get("/v1/me/delegations").json()}
    assert statuses == {later["id"]: "ended", current["id"]: "revoked"}


def test_strangers_and_bad_requests_get_problems_not_data(app: FastAPI, clock: FixedClock) -> None:
    mother = Citizen(app, clock, "bora@example.kr", "Kim Bora")
    son = Citizen(app, clock, "jiwoo@example.kr", "Kim Jiwoo")
    mallory = Citizen(app, clock, "mallory@example.kr", "Mallory")
    file_for(app, mother)
    mother.step_up()
    delegation = grant(mother, son).json()
    for header in (mother.id, "x" * 65, "../../etc"):
        response = mallory.http.get(
            "/v1/applications", headers={**mallory.headers, ON_BEHALF_OF_HEADER: header}
        )
        assert response.status_code == 403
        assert response.json()["code"] == "delegation-not-active"
    anonymous = client_for(app).get("/v1/applications", headers={ON_BEHALF_OF_HEADER: mother.id})
    assert anonymous.status_code == 401
    gone = mallory.http.delete(f"/v1/me/delegations/{delegation['id']}", headers=mallory.headers)
    assert gone.status_code == 404
    unknown = grant(mother, son, services=["move-in-report", "no-such-service"])
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "delegation-services-invalid"
    assert unknown.json()["unknown_services"] == ["no-such-service"]
    backwards = grant(mother, son, starts_on="2026-12-05", ends_on="2026-12-01")
    assert backwards.json()["code"] == "delegation-dates-invalid"
    nobody = mother.http.post(
        "/v1/me/delegations",
        json={
            "grantee_email": "ghost@example.kr",
            "services": ["move-in-report"],
            "ends_on": "2026-12-05",
        },
        headers=mother.headers,
    )
    assert nobody.json()["code"] == "grantee-not-found"
    without_csrf = son.http.delete(f"/v1/me/delegations/{delegation['id']}")
    assert without_csrf.status_code == 403
    assert without_csrf.json()["code"] == "csrf-failed"


def test_an_officer_records_a_paper_power_of_attorney(app: FastAPI, clock: FixedClock) -> None:
    mother = Citizen(app, clock, "bora@example.kr", "Kim Bora")
    son = Citizen(app, clock, "jiwoo@example.kr", "Kim Jiwoo")
    gateway = app.state.gateway
    runtime = IdentityRuntime(
        db=gateway.factory, clock=clock, config=identity_config(app.state.settings)
    )
    create_officer_account(
        runtime,
        email="officer@mapo.go.kr",
        password=PASSWORD,
        display_name="Park",
        roles=[("community-centre", "reviewer")],
    )
    officer = client_for(app)
    csrf = officer.post(
        "/v1/sessions", json={"email": "officer@mapo.go.kr", "password": PASSWORD}
    ).json()["csrf_token"]
    secret = officer.post("/v1/me/totp", headers={"X-CSRF-Token": csrf}).json()["secret"]
    officer.post(
        "/v1/me/totp/confirm",
        json={"code": pyotp.TOTP(secret).at(clock.now())},
        headers={"X-CSRF-Token": csrf},
    )
    clock.advance(dt.timedelta(seconds=30))
    csrf = officer.post(
        "/v1/sessions/mfa/totp",
        json={"code": pyotp.TOTP(secret).at(clock.now())},
        headers={"X-CSRF-Token": csrf},
    ).json()["csrf_token"]
    paper = {
        "grantor_email": mother.email,
        "grantee_email": son.email,
        "services": ["move-in-report"],
        "starts_on": "2026-11-20",  # the date the paper was signed
        "ends_on": "2027-05-31",
        "document_ref": "위임-2026-0042",
        "reason": "위임장 원본과 두 사람 신분증 확인",
    }
    son.step_up()
    assert (
        son.http.post("/v1/officer/delegations", json=paper, headers=son.headers).json()["code"]
        == "officer-only"
    )
    recorded = officer.post("/v1/officer/delegations", json=paper, headers={"X-CSRF-Token": csrf})
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["recorded_by"] == "officer"
    assert son.http.get("/v1/applications", headers=son.acting_for(mother)).status_code == 200
    mine = mother.http.get("/v1/me/delegations").json()
    assert [(d["document_ref"], d["status"]) for d in mine] == [("위임-2026-0042", "active")]
    notice = mother.http.get("/v1/me/notifications").json()[0]
    assert notice["code"] == "notice-delegation-recorded"
    assert "위임-2026-0042" in notice["text"]


def _talk(son: Citizen, mother: Citizen, conversation_id: str, text: str) -> dict[str, Any]:
    response = son.http.post(
        f"/v1/conversations/{conversation_id}/messages",
        json={"text": text},
        headers=son.acting_for(mother),
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_filing_a_service_the_delegation_does_not_cover_is_refused(
    app: FastAPI, clock: FixedClock, canned_answer: Callable[[FormField], str]
) -> None:
    mother = Citizen(app, clock, "bora@example.kr", "Kim Bora")
    son = Citizen(app, clock, "jiwoo@example.kr", "Kim Jiwoo")
    mother.step_up()
    assert grant(mother, son, services=["passport-application"]).status_code == 201
    son.step_up()
    started = son.http.post(
        "/v1/conversations",
        json={"text": "2026년 11월 20일에 마포구로 이사했어요"},
        headers=son.acting_for(mother),
    )
    assert started.status_code == 201, started.text
    conversation_id, body = started.json()["conversation_id"], started.json()
    for _ in range(60):
        if body["phase"] == "confirming":
            break
        if body["phase"] in ("proposed", "members"):
            body = _talk(son, mother, conversation_id, "네")
            continue
        field = FormField.model_validate(body["reply"]["form"][0])
        body = _talk(son, mother, conversation_id, canned_answer(field))
    refused = son.http.post(
        f"/v1/conversations/{conversation_id}/messages",
        json={"text": "제출"},
        headers=son.acting_for(mother),
    )
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith(PROBLEM)
    assert refused.json()["code"] == "delegation-out-of-scope"
    assert refused.json()["service_id"] == "move-in-report"
    assert "'move-in-report'" in refused.json()["detail"]
    assert mother.http.get("/v1/applications").json() == []


def test_a_representative_files_through_the_conversation_only_within_scope(
    app: FastAPI, clock: FixedClock, canned_answer: Any
) -> None:
    mother = Citizen(app, clock, "bora@example.kr", "Kim Bora")
    son = Citizen(app, clock, "jiwoo@example.kr", "Kim Jiwoo")
    mother.step_up()
    granted = grant(mother, son, services=["family-relation-certificate"])
    assert granted.status_code == 201, granted.text
    son.step_up()

    def talk_until_summary(first: str) -> tuple[str, dict[str, Any]]:
        started = son.http.post(
            "/v1/conversations", json={"text": first}, headers=son.acting_for(mother)
        )
        assert started.status_code == 201, started.text
        conversation_id, body = started.json()["conversation_id"], started.json()
        for _ in range(60):
            if body["phase"] == "confirming":
                return conversation_id, body
            text = (
                "네"
                if body["phase"] in ("proposed", "members")
                else canned_answer(FormField.model_validate(body["reply"]["form"][0]))
            )
            response = son.http.post(
                f"/v1/conversations/{conversation_id}/messages",
                json={"text": text},
                headers=son.acting_for(mother),
            )
            assert response.status_code == 200, response.text
            body = response.json()
        raise AssertionError("no summary")

    conversation_id, _ = talk_until_summary("가족관계증명서 떼려고요")
    done = son.http.post(
        f"/v1/conversations/{conversation_id}/messages",
        json={"text": "제출"},
        headers=son.acting_for(mother),
    )
    assert done.json()["phase"] == "submitted", done.text
    filed = mother.http.get("/v1/applications").json()
    assert [a["service_id"] for a in filed] == ["family-relation-certificate"]

    # A service the delegation does not cover is refused, and the summary is still there.
    outside, _ = talk_until_summary("인감증명서 발급해 주세요")
    refused = son.http.post(
        f"/v1/conversations/{outside}/messages",
        json={"text": "제출"},
        headers=son.acting_for(mother),
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "delegation-out-of-scope"
    resumed = son.http.get(f"/v1/conversations/{outside}", headers=son.acting_for(mother))
    assert resumed.json()["phase"] == "confirming"
    assert [a["service_id"] for a in mother.http.get("/v1/applications").json()] == [
        "family-relation-certificate"
    ]


def _start(person: Citizen, text: str, headers: dict[str, str]) -> str:
    started = person.http.post("/v1/conversations", json={"text": text}, headers=headers)
    assert started.status_code == 201, started.text
    conversation_id: str = started.json()["conversation_id"]
    return conversation_id


def _say(person: Citizen, conversation_id: str, text: str, headers: dict[str, str]) -> Any:
    return person.http.post(
        f"/v1/conversations/{conversation_id}/messages", json={"text": text}, headers=headers
    )


def test_a_representative_reaches_only_the_conversations_they_started_for_that_person(
    app_on_both: FastAPI, clock: FixedClock
) -> None:
    app = app_on_both
    mother = Citizen(app, clock, "bora@example.kr", "Kim Bora")
    son = Citizen(app, clock, "jiwoo@example.kr", "Kim Jiwoo")
    daughter = Citizen(app, clock, "mina@example.kr", "Kim Mina")
    mother.step_up()
    assert grant(mother, son).status_code == 201
    assert grant(mother, daughter).status_code == 201
    moved = "2026년 11월 20일에 마포구로 이사했어요"

    # Her own conversation stays hers: acting for her does not open it.
    hers = _start(mother, moved, mother.headers)
    assert _say(mother, hers, "네", mother.headers).status_code == 200
    for response in (
        son.http.get(f"/v1/conversations/{hers}", headers=son.acting_for(mother)),
        _say(son, hers, "네", son.acting_for(mother)),
    ):
        assert response.status_code == 404
        assert response.json()["code"] == "conversation-not-found"

    # What he starts for her, only he, acting for her, continues.
    for_her = _start(son, moved, son.acting_for(mother))
    assert _say(son, for_her, "네", son.acting_for(mother)).json()["phase"] == "collecting"
    for person, headers in (
        (son, son.headers),
        (mother, mother.headers),
        (daughter, daughter.acting_for(mother)),
    ):
        assert person.http.get(f"/v1/conversations/{for_her}", headers=headers).status_code == 404
        assert _say(person, for_her, "네", headers).status_code == 404

    resumed = son.http.get(f"/v1/conversations/{for_her}", headers=son.acting_for(mother))
    assert resumed.status_code == 200
    assert resumed.json()["phase"] == "collecting"

    # She sees him reading what he entered about her, and why.
    reads = [
        (e["actor"], e["target"], e["reason"])
        for e in mother.http.get("/v1/me/access-log").json()
        if e["action"] == "personal_data:read"
    ]
    assert (f"citizen:{son.id}", f"conversation:{for_her}", "conversation resumed") in reads
    assert {actor for actor, _, _ in reads} == {f"citizen:{son.id}"}
