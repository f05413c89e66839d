"""``POST /v1/route`` as a partner calls it: besides the services, what to do when minwon does
not file the request — where to go, the numbers to call in a crisis, why a misuse is refused."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_a_danger_to_life_comes_with_the_numbers_to_call(client: TestClient) -> None:
    body = client.post("/v1/route", json={"text": "요즘 너무 힘들어서 죽고 싶어요"}).json()
    assert body["abstain"] is True
    assert body["abstain_reason"] == "crisis"
    assert body["crisis"] == "suicide"
    numbers = [line["number"] for line in body["help_lines"]]
    assert "109" in numbers
    assert all(line["name"] and line["hours"] for line in body["help_lines"])


def test_help_lines_follow_the_language_asked_for(client: TestClient) -> None:
    body = client.post("/v1/route", json={"text": "my husband hits me", "lang": "en"}).json()
    assert body["crisis"] == "violence"
    lines = {line["number"]: line for line in body["help_lines"]}
    assert "1366" in lines
    assert "emergency" in lines["1366"]["name"].lower()


def test_a_service_minwon_does_not_file_says_where_to_go(client: TestClient) -> None:
    body = client.post("/v1/route", json={"text": "전입세대 열람 하고 싶어요"}).json()
    assert body["abstain_reason"] == "outside_catalog"
    assert body["referral"]["id"] == "move-in-household-check"
    assert body["referral"]["where"]


def test_a_service_said_to_be_done_is_listed_as_excluded(client: TestClient) -> None:
    text = "출생신고는 이미 했고 아동수당만 신청할게요"
    body = client.post("/v1/route", json={"text": text}).json()
    assert "child-allowance" in body["services"]
    assert "birth-report" in body["excluded"]
    assert "birth-report" not in body["services"]


def test_an_ordinary_request_has_no_guidance_fields_set(client: TestClient) -> None:
    body = client.post("/v1/route", json={"text": "이사했어요"}).json()
    assert body["referral"] is None
    assert body["crisis"] is None
    assert body["help_lines"] == []
    assert body["misuse"] is None
    assert body["excluded"] == []


def test_a_misuse_is_refused_with_its_reason(client: TestClient) -> None:
    body = client.post(
        "/v1/route", json={"text": "헤어진 여자친구 이사간 주소 전입신고로 알아낼 수 있어요?"}
    ).json()
    assert body["abstain_reason"] == "misuse"
    assert body["misuse"]["explanation"]
