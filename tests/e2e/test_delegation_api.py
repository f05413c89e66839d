"""Delegations over HTTP: a son acts for his mother, with real sign-in and TOTP step-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from minwon.api.delegation_deps import ON_BEHALF_OF_HEADER
from minwon.clock import FixedClock
from minwon.dialogue import FormField

if TYPE_CHECKING:
    from tests.e2e.conftest import Citizen, CitizenFactory, FileFor, OfficerFactory

PROBLEM = "application/problem+json"


def grant(mother: Citizen, son: Citizen, **terms: Any) -> Any:
    body = {"grantee_email": son.email, "services": ["move-in-report"], "ends_on": "2026-12-05"}
    return mother.http.post("/v1/me/delegations", json={**body, **terms}, headers=mother.headers)


def test_a_son_acts_for_his_mother_within_the_delegation(
    app: FastAPI, make_citizen: CitizenFactory, file_for: FileFor
) -> None:
    mother = make_citizen("bora@example.kr", "Kim Bora")
    son = make_citizen("jiwoo@example.kr", "Kim Jiwoo")
    application_id = file_for(app, mother, {"reporter_name": "김보라"})

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
    clock: FixedClock, make_citizen: CitizenFactory
) -> None:
    mother = make_citizen("bora@example.kr", "Kim Bora")
    son = make_citizen("jiwoo@example.kr", "Kim Jiwoo")
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


def test_strangers_and_bad_requests_get_problems_not_data(
    app: FastAPI,
    browser_for: Callable[[FastAPI], TestClient],
    make_citizen: CitizenFactory,
    file_for: FileFor,
) -> None:
    mother = make_citizen("bora@example.kr", "Kim Bora")
    son = make_citizen("jiwoo@example.kr", "Kim Jiwoo")
    mallory = make_citizen("mallory@example.kr", "Mallory")
    file_for(app, mother, {"reporter_name": "김보라"})
    mother.step_up()
    delegation = grant(mother, son).json()
    for header in (mother.id, "x" * 65, "../../etc"):
        response = mallory.http.get(
            "/v1/applications", headers={**mallory.headers, ON_BEHALF_OF_HEADER: header}
        )
        assert response.status_code == 403
        assert response.json()["code"] == "delegation-not-active"
    anonymous = browser_for(app).get("/v1/applications", headers={ON_BEHALF_OF_HEADER: mother.id})
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


def test_an_officer_records_a_paper_power_of_attorney(
    make_citizen: CitizenFactory, make_officer: OfficerFactory
) -> None:
    mother = make_citizen("bora@example.kr", "Kim Bora")
    son = make_citizen("jiwoo@example.kr", "Kim Jiwoo")
    park = make_officer("officer@mapo.go.kr", "Park")
    officer, csrf = park.http, park.csrf
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
    make_citizen: CitizenFactory, canned_answer: Callable[[FormField], str]
) -> None:
    mother = make_citizen("bora@example.kr", "Kim Bora")
    son = make_citizen("jiwoo@example.kr", "Kim Jiwoo")
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
    make_citizen: CitizenFactory, canned_answer: Any
) -> None:
    mother = make_citizen("bora@example.kr", "Kim Bora")
    son = make_citizen("jiwoo@example.kr", "Kim Jiwoo")
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
    app_on_both: FastAPI, make_citizen: CitizenFactory
) -> None:
    app = app_on_both
    mother = make_citizen("bora@example.kr", "Kim Bora", app=app)
    son = make_citizen("jiwoo@example.kr", "Kim Jiwoo", app=app)
    daughter = make_citizen("mina@example.kr", "Kim Mina", app=app)
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
