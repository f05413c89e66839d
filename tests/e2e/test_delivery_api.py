"""Over HTTP: filing once however often it is sent, agencies' signed callbacks, delivery state."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from minwon.applications.models import AgencyCircuitRow, Application
from minwon.db import session_scope
from minwon.dialogue import FormField
from minwon.dispatch.endpoints import development_secret
from minwon.dispatch.sender import encode_body, signed_headers

if TYPE_CHECKING:
    from tests.e2e.conftest import Citizen, CitizenFactory, FileFor

REPEATS = 100


def _talk(citizen: Citizen, conversation_id: str, text: str, **headers: str) -> dict[str, Any]:
    response = citizen.http.post(
        f"/v1/conversations/{conversation_id}/messages",
        json={"text": text},
        headers={**citizen.headers, **headers},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _to_summary(citizen: Citizen, answer: Callable[[FormField], str]) -> str:
    """A move-in report drafted up to its summary by a citizen at MFA; the conversation id."""
    started = citizen.post("/v1/conversations", {"text": "2026년 11월 20일에 마포구로 이사했어요"})
    assert started.status_code == 201, started.text
    conversation_id: str = started.json()["conversation_id"]
    body = _talk(citizen, conversation_id, "네")
    for _ in range(60):
        if body["phase"] == "confirming":
            return conversation_id
        if body["phase"] in ("proposed", "members"):
            body = _talk(citizen, conversation_id, "네")
            continue
        body = _talk(
            citizen, conversation_id, answer(FormField.model_validate(body["reply"]["form"][0]))
        )
    raise AssertionError("no summary")


def _filed(app: FastAPI) -> int:
    with session_scope(app.state.gateway.factory) as session:
        return int(session.scalar(select(func.count()).select_from(Application)) or 0)


def _repeat(citizen: Citizen, conversation_id: str, headers: dict[str, str]) -> list[Any]:
    def send(_: int) -> Any:
        return citizen.http.post(
            f"/v1/conversations/{conversation_id}/messages",
            json={"text": "제출"},
            headers={**citizen.headers, **headers},
        )

    with ThreadPoolExecutor(max_workers=25) as pool:
        return list(pool.map(send, range(REPEATS)))


@pytest.mark.parametrize("keyed", [True, False], ids=["idempotency-key", "same-confirmation"])
def test_a_hundred_concurrent_repeats_file_once_and_all_get_the_same_receipt(
    app_on_both: FastAPI,
    make_citizen: CitizenFactory,
    canned_answer: Callable[[FormField], str],
    keyed: bool,
) -> None:
    citizen = make_citizen(stage="mfa", app=app_on_both)
    conversation_id = _to_summary(citizen, canned_answer)
    before = _filed(app_on_both)
    headers = {"Idempotency-Key": f'"{uuid.uuid4()}"'} if keyed else {}
    responses = _repeat(citizen, conversation_id, headers)
    assert {r.status_code for r in responses} == {200}, {
        r.text for r in responses if r.status_code != 200
    }
    replies = {r.json()["reply"]["text"] for r in responses}
    assert len(replies) == 1  # the same answer, with the same receipt numbers, for everyone
    assert "MW-" in replies.pop()
    filed = _filed(app_on_both) - before
    assert filed == len(citizen.http.get("/v1/applications").json()) >= 1
    # Sent once more later (a retry after a lost answer): still the same answer, no filing.
    again = citizen.http.post(
        f"/v1/conversations/{conversation_id}/messages",
        json={"text": "제출"},
        headers={**citizen.headers, **headers},
    )
    assert again.json()["reply"] == responses[0].json()["reply"]
    assert _filed(app_on_both) - before == filed


def test_a_key_reused_for_another_request_is_refused(
    app: FastAPI, make_citizen: CitizenFactory
) -> None:
    citizen = make_citizen(stage="mfa")
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = citizen.http.post(
        "/v1/conversations", json={"text": "여권 발급"}, headers={**citizen.headers, **key}
    )
    assert first.status_code == 201
    same = citizen.http.post(
        "/v1/conversations", json={"text": "여권 발급"}, headers={**citizen.headers, **key}
    )
    assert same.status_code == 201
    assert same.headers["Idempotent-Replayed"] == "true"
    assert same.json()["conversation_id"] == first.json()["conversation_id"]
    other = citizen.http.post(
        "/v1/conversations", json={"text": "전입신고"}, headers={**citizen.headers, **key}
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency-key-reused"


def _callback(
    app: FastAPI,
    agency: str,
    data: dict[str, Any],
    *,
    webhook_id: str | None = None,
    at: dt.datetime | None = None,
    secret: str | None = None,
) -> Any:
    from fastapi.testclient import TestClient

    moment = at or dt.datetime.now(dt.UTC)
    body = encode_body("application.status_changed", data, moment)
    headers = signed_headers(
        secret or development_secret(agency), webhook_id or f"cb_{uuid.uuid4().hex}", body, moment
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        return client.post(f"/v1/agencies/{agency}/events", content=body, headers=headers)


def test_an_agency_callback_moves_the_status_the_citizen_sees(
    app: FastAPI, make_citizen: CitizenFactory, file_for: FileFor
) -> None:
    citizen = make_citizen(stage="mfa")
    application_id = file_for(app, citizen, {"reporter_name": "김민원"})
    mine = citizen.http.get("/v1/applications").json()
    assert mine[0]["delivery"] == "queued"  # the portal shows "전달 대기"
    accepted = _callback(
        app, "community-centre", {"application_id": application_id, "status": "received"}
    )
    assert accepted.status_code == 200, accepted.text
    shown = citizen.http.get(f"/v1/applications/{application_id}").json()
    assert shown["status"] == "received"
    assert [s["status"] for s in shown["history"]] == ["submitted", "received"]


def test_bad_signatures_old_timestamps_and_replays_are_refused_and_change_nothing(
    app: FastAPI, make_citizen: CitizenFactory, file_for: FileFor
) -> None:
    citizen = make_citizen(stage="mfa")
    application_id = file_for(app, citizen, {"reporter_name": "김민원"})
    data = {"application_id": application_id, "status": "received"}
    forged = _callback(app, "community-centre", data, secret=development_secret("nhis"))
    stale = _callback(
        app, "community-centre", data, at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=6)
    )
    assert (forged.status_code, stale.status_code) == (401, 401)
    assert forged.headers["content-type"] == "application/problem+json"
    assert citizen.http.get(f"/v1/applications/{application_id}").json()["status"] == "submitted"
    assert _callback(app, "community-centre", data, webhook_id="cb_once").status_code == 200
    replay = _callback(
        app, "community-centre", {**data, "status": "in_review"}, webhook_id="cb_once"
    )
    assert replay.status_code == 401
    assert citizen.http.get(f"/v1/applications/{application_id}").json()["status"] == "received"
    other_agency = _callback(app, "nhis", {"application_id": application_id, "status": "in_review"})
    assert other_agency.status_code == 422  # another agency's application: not found there
    assert _callback(app, "no-such-agency", data).status_code == 404


def test_filing_while_the_agency_is_down_says_so_and_is_queued(
    app: FastAPI, make_citizen: CitizenFactory, canned_answer: Callable[[FormField], str]
) -> None:
    citizen = make_citizen(stage="mfa")
    with session_scope(app.state.gateway.factory) as session:
        session.add(
            AgencyCircuitRow(
                agency_code="community-centre",
                state="open",
                consecutive_failures=5,
                updated_at=dt.datetime.now(dt.UTC),
            )
        )
    conversation_id = _to_summary(citizen, canned_answer)
    done = _talk(citizen, conversation_id, "제출")
    assert done["phase"] == "submitted"
    assert "기관 시스템이 복구되면 자동으로 전달돼요" in done["reply"]["text"]
    assert "MW-" in done["reply"]["text"]
    mine = citizen.http.get("/v1/applications").json()
    assert {a["delivery"] for a in mine} == {"queued"}
