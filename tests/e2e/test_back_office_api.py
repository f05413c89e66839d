"""The back office over HTTP, on SQLite and PostgreSQL: claims, hand-overs, UTC timestamps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from minwon.clock import FixedClock

if TYPE_CHECKING:
    from tests.e2e.conftest import CitizenFactory, FileFor, OfficerFactory

PROBLEM = "application/problem+json"


@pytest.fixture
def app(app_on_both: FastAPI) -> FastAPI:
    """Every test here runs on SQLite and on PostgreSQL (and so does everyone it makes)."""
    return app_on_both


def _problem(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["code"] == code


def test_officers_hand_an_application_over_instead_of_taking_it(
    app: FastAPI, make_citizen: CitizenFactory, make_officer: OfficerFactory, file_for: FileFor
) -> None:
    alice = make_citizen("alice@example.kr", "Kim", stage="mfa")
    application_id = file_for(app, alice, {"reporter_name": "김"})
    kim = make_officer("kim@mapo.go.kr", "Officer")
    park = make_officer("park@mapo.go.kr", "Officer")
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


def test_releasing_is_for_officers_only(
    app: FastAPI,
    browser_for: Callable[[FastAPI], TestClient],
    make_citizen: CitizenFactory,
    file_for: FileFor,
) -> None:
    alice = make_citizen("alice@example.kr", "Kim", stage="mfa")
    application_id = file_for(app, alice, {"reporter_name": "김"})
    response = alice.post(f"/v1/officer/applications/{application_id}/release")
    _problem(response, 404, "application-not-found")
    anonymous = browser_for(app)
    _problem(
        anonymous.post(f"/v1/officer/applications/{application_id}/release"),
        404,
        "application-not-found",
    )


def _utc(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    assert moment.utcoffset() == dt.timedelta(0), value
    return moment


def test_timestamps_are_aware_utc_on_every_database(
    app: FastAPI,
    clock: FixedClock,
    make_citizen: CitizenFactory,
    make_officer: OfficerFactory,
    file_for: FileFor,
) -> None:
    alice = make_citizen("alice@example.kr", "Kim", stage="mfa")
    filed_at = clock.now()
    application_id = file_for(app, alice, {"reporter_name": "김"})
    (mine,) = alice.http.get("/v1/applications").json()
    assert _utc(mine["submitted_at"]) == filed_at
    assert _utc(mine["updated_at"]) == filed_at
    assert [_utc(step["at"]) for step in mine["history"]] == [filed_at]

    kim = make_officer("kim@mapo.go.kr", "Officer")
    claimed = kim.post(f"/v1/officer/applications/{application_id}/claim").json()
    # Written and shown in the same unit of work: still UTC, still the clock's moment.
    assert _utc(claimed["updated_at"]) == clock.now()
    assert _utc(claimed["history"][-1]["at"]) == clock.now()
    assert _utc(claimed["submitted_at"]) == filed_at
    (queued,) = kim.http.get("/v1/officer/queue").json()
    assert _utc(queued["updated_at"]) == clock.now()
    assert all(_utc(e["at"]) <= clock.now() for e in alice.http.get("/v1/me/access-log").json())
