"""/v1/services and /v1/bundles as a partner or the portal would call them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


def test_services_list_in_korean_by_default(client: TestClient) -> None:
    response = client.get("/v1/services")
    assert response.status_code == 200
    assert response.headers["content-language"] == "ko"
    body = response.json()
    assert body["count"] == 22
    names = {item["id"]: item["name"] for item in body["items"]}
    assert names["move-in-report"] == "전입신고"


def test_accept_language_english(client: TestClient) -> None:
    response = client.get("/v1/services", headers={"Accept-Language": "en-US,en;q=0.9,ko;q=0.5"})
    assert response.headers["content-language"] == "en"
    names = {item["id"]: item["name"] for item in response.json()["items"]}
    assert names["move-in-report"] == "Move-in report"


def test_query_lang_beats_the_header(client: TestClient) -> None:
    response = client.get("/v1/services/move-in-report?lang=ko", headers={"Accept-Language": "en"})
    assert response.json()["name"] == "전입신고"


def test_one_service_cites_its_legal_basis_and_deadline(client: TestClient) -> None:
    body = client.get("/v1/services/move-in-report?lang=en").json()
    assert body["deadline_rule"]["days"] == 14
    assert body["deadline_rule"]["legal_basis"]["statute"] == "주민등록법"
    assert any(p["max_amount_krw"] == 50000 for p in body["penalties"])
    assert any(f["id"] == "new_address" and f["question"] for f in body["fields"])
    assert "bundles" in body
    assert "moving" in body["bundles"]


def test_fees_follow_the_date_they_are_asked_for(client: TestClient) -> None:
    before = client.get("/v1/services/passport-application?on=2026-02-01").json()["fees"]
    after = client.get("/v1/services/passport-application?on=2026-11-28").json()["fees"]
    assert before
    assert after
    assert {f["valid_from"] for f in before} == {"2024-07-01"}
    assert {f["valid_from"] for f in after} == {"2026-03-01"}
    assert max(f["amount_krw"] or 0 for f in after) > max(f["amount_krw"] or 0 for f in before)


def test_unknown_service_is_a_localised_404_problem(client: TestClient) -> None:
    response = client.get("/v1/services/no-such-thing", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == 404
    assert "no-such-thing" in body["detail"]
    korean = client.get("/v1/services/no-such-thing").json()
    assert "찾을 수 없어요" in korean["detail"]


def test_unknown_bundle_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/v1/bundles/wedding")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)


def test_bundles(client: TestClient) -> None:
    body = client.get("/v1/bundles?lang=en").json()
    assert {b["id"] for b in body["items"]} == {"moving", "childbirth", "bereavement"}
    childbirth = client.get("/v1/bundles/childbirth?lang=ko").json()
    assert {"birth-report", "child-allowance", "parental-allowance", "first-meeting-voucher"} <= {
        m["service"] for m in childbirth["members"]
    }
    moving = client.get("/v1/bundles/moving?lang=en").json()
    lease = next(m for m in moving["members"] if m["service"] == "housing-lease-report")
    assert lease["included_when"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/v1/services?lang=fr", 400),
        ("/v1/services/move-in-report?on=2026-13-45", 422),
        ("/v1/services/move-in-report?on=yesterday", 422),
        ("/v1/services?kind=spaceship", 422),
        ("/v1/services/" + "x" * 500, 422),
        ("/v1/nowhere", 404),
    ],
)
def test_bad_input_is_a_4xx_problem_never_a_500(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["title"]


def test_wrong_method_is_a_problem(client: TestClient) -> None:
    response = client.post("/v1/services")
    assert response.status_code == 405
    assert response.headers["content-type"].startswith(PROBLEM)


def test_openapi_docs_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert "/v1/services/{service_id}" in spec["paths"]


def test_readiness_reports_the_catalog(client: TestClient) -> None:
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert body["services"] == 22


def test_portal_home_lists_services_in_the_chosen_language(client: TestClient) -> None:
    korean = client.get("/")
    assert korean.status_code == 200
    assert "전입신고" in korean.text
    english = client.get("/?lang=en")
    assert "Move-in report" in english.text
    page = client.get("/services/move-in-report?lang=en")
    assert "주민등록법" in page.text
