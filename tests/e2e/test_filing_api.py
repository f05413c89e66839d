"""From "이사했어요" to an approved application, over HTTP, with real sign-in and MFA."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from minwon.api.conversation_routes import conversation_use_cases
from minwon.clock import FixedClock
from minwon.conversations.models import Conversation
from minwon.conversations.service import Conversations
from minwon.db import session_scope
from minwon.dialogue import ConversationState, DialogueEngine, FormField, Reply, Turn

if TYPE_CHECKING:
    from tests.e2e.conftest import CitizenFactory, OfficerFactory

PROBLEM = "application/problem+json"


def _talk(
    client: TestClient, conversation_id: str, text: str, headers: dict[str, str]
) -> dict[str, Any]:
    response = client.post(
        f"/v1/conversations/{conversation_id}/messages", json={"text": text}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _answer_until_summary(
    client: TestClient,
    conversation_id: str,
    body: dict[str, Any],
    headers: dict[str, str],
    answer: Callable[[FormField], str],
) -> dict[str, Any]:
    for _ in range(60):
        if body["phase"] == "confirming":
            return body
        if body["phase"] in ("proposed", "members"):
            body = _talk(client, conversation_id, "네", headers)
            continue
        field = FormField.model_validate(body["reply"]["form"][0])
        body = _talk(client, conversation_id, answer(field), headers)
    raise AssertionError("no summary")


def test_move_in_report_filed_tracked_and_decided_over_http(
    make_citizen: CitizenFactory,
    make_officer: OfficerFactory,
    canned_answer: Callable[[FormField], str],
) -> None:
    jiwoo = make_citizen("jiwoo@example.kr", "Kim", stage="new")
    citizen = jiwoo.http
    started = citizen.post(
        "/v1/conversations", json={"text": "2026년 11월 20일에 마포구로 이사했어요"}
    )
    assert started.status_code == 201
    body = started.json()
    conversation_id, token = body["conversation_id"], body["access_token"]
    assert "2026.\u00a012.\u00a04.(금)" in body["reply"]["text"]
    assert any(s["deadline"] == "2026-12-04" for s in body["reply"]["services"])
    assert any(c["statute"] == "주민등록법" for c in body["reply"]["citations"])
    anonymous = {"X-Conversation-Token": token}

    # Anonymous drafting up to the summary; submitting asks for a second factor.
    body = _answer_until_summary(
        citizen,
        conversation_id,
        _talk(citizen, conversation_id, "네", anonymous),
        anonymous,
        canned_answer,
    )
    waiting = _talk(citizen, conversation_id, "제출", anonymous)
    assert waiting["reply"]["needs_auth"] == "mfa"
    assert "본인 확인" in waiting["reply"]["text"]

    # Sign in (password), take the conversation over, step up with the authenticator, submit.
    jiwoo.reach("totp")
    signed = jiwoo.headers
    bound = citizen.post(
        f"/v1/conversations/{conversation_id}/bind", headers={**signed, **anonymous}
    )
    assert bound.status_code == 200, bound.text
    assert bound.json()["phase"] == "confirming"  # nothing lost
    csrf = jiwoo.step_up()
    done = _talk(citizen, conversation_id, "제출", {"X-CSRF-Token": csrf})
    assert done["phase"] == "submitted", done["reply"]["text"]

    mine = citizen.get("/v1/applications").json()
    assert {a["service_id"] for a in mine} >= {"move-in-report"}
    move_in = next(a for a in mine if a["service_id"] == "move-in-report")
    assert move_in["status"] == "submitted"
    assert move_in["deadline"] == "2026-12-04"
    detail = citizen.get(f"/v1/applications/{move_in['id']}?include=personal_data").json()
    assert detail["personal_data"]["reporter_rrn"] == "900101-1234567"

    # An officer of the community centre: claim, reveal with a reason, request a supplement.
    park = make_officer("officer@mapo.go.kr", "Park", stage="signed_in")
    officer = park.http
    assert officer.get("/v1/officer/queue").status_code in (401, 403)  # officers always need MFA
    park.enrol_totp()
    oh = {"X-CSRF-Token": park.step_up()}
    queue = officer.get("/v1/officer/queue").json()
    assert [a["id"] for a in queue] == [move_in["id"]]
    assert (
        officer.post(f"/v1/officer/applications/{move_in['id']}/claim", headers=oh).json()["status"]
        == "received"
    )
    no_reason = officer.post(
        f"/v1/officer/applications/{move_in['id']}/personal-data", json={"reason": ""}, headers=oh
    )
    assert no_reason.status_code == 422
    revealed = officer.post(
        f"/v1/officer/applications/{move_in['id']}/personal-data",
        json={"reason": "세대주 확인"},
        headers=oh,
    )
    assert revealed.json()["facts"]["reporter_name"] == "김민원"
    officer.post(
        f"/v1/officer/applications/{move_in['id']}/decision",
        json={"status": "in_review"},
        headers=oh,
    )
    supplement = officer.post(
        f"/v1/officer/applications/{move_in['id']}/decision",
        json={"status": "supplement_requested", "reason": "계약서 사본 필요", "due": "2026-12-10"},
        headers=oh,
    )
    assert supplement.json()["status"] == "supplement_requested"
    jump = officer.post(
        f"/v1/officer/applications/{move_in['id']}/decision",
        json={"status": "completed"},
        headers=oh,
    )
    assert jump.status_code == 409
    assert jump.headers["content-type"].startswith(PROBLEM)

    # The citizen asks in chat, and sees who read their data and why.
    chat = citizen.post(
        "/v1/conversations",
        json={"text": "내 전입신고 어떻게 됐어요?"},
        headers={"X-CSRF-Token": csrf},
    ).json()
    assert "보완 요청" in chat["reply"]["text"]
    log = citizen.get("/v1/me/access-log").json()
    reads = [
        e for e in log if e["action"] == "personal_data:read" and e["actor"].startswith("officer:")
    ]
    assert [e["reason"] for e in reads] == ["세대주 확인"]


def test_someone_elses_conversation_and_application_are_not_found(
    app: FastAPI,
    browser_for: Callable[[FastAPI], TestClient],
    make_citizen: CitizenFactory,
) -> None:
    alice = browser_for(app)
    started = alice.post("/v1/conversations", json={"text": "전입신고"}).json()
    intruder = make_citizen("mallory@example.kr", "Kim", stage="new")
    mallory = intruder.http
    for token in (None, "guess"):
        headers = {"X-Conversation-Token": token} if token else {}
        response = mallory.post(
            f"/v1/conversations/{started['conversation_id']}/messages",
            json={"text": "네"},
            headers=headers,
        )
        assert response.status_code == 404
        assert response.headers["content-type"].startswith(PROBLEM)
    assert mallory.get(f"/v1/conversations/{started['conversation_id']}").status_code == 404
    assert mallory.get("/v1/applications").status_code == 401
    intruder.reach("totp")
    assert mallory.get("/v1/applications").json() == []
    assert mallory.get("/v1/applications/00000000-0000-0000-0000-000000000000").status_code == 404


@pytest.mark.parametrize(
    "payload",
    [
        {"text": "x" * 10_001},
        {"text": 12},
        {},
        {"text": "hi", "lang": "fr"},
        {"channel": "Bad Channel!"},
    ],
)
def test_bad_conversation_input_is_a_4xx_problem(
    app: FastAPI, browser_for: Callable[[FastAPI], TestClient], payload: dict[str, Any]
) -> None:
    client = browser_for(app)
    started = client.post("/v1/conversations", json={})
    assert started.status_code == 201
    if "channel" in payload:
        response = client.post("/v1/conversations", json=payload)
    else:
        response = client.post(
            f"/v1/conversations/{started.json()['conversation_id']}/messages",
            json=payload,
            headers={"X-Conversation-Token": started.json()["access_token"]},
        )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)


def test_invalid_utf8_and_emoji_never_break_the_conversation(
    app: FastAPI, browser_for: Callable[[FastAPI], TestClient]
) -> None:
    client = browser_for(app)
    started = client.post("/v1/conversations", json={"text": "🙂🙂 \x00\x1f"})
    assert started.status_code == 201
    broken = client.post(
        "/v1/conversations",
        content=b'{"text": "\xff\xfe"}',
        headers={"Content-Type": "application/json"},
    )
    assert broken.status_code == 400
    assert broken.headers["content-type"].startswith(PROBLEM)
    assert "UTF-8" in broken.json()["detail"]


class SubmitsAnyway(DialogueEngine):
    """An engine that asks to submit whatever the plan holds (the real one refuses an empty
    plan); the use case must still neither file an empty list nor say it submitted."""

    def handle(
        self, state: ConversationState, text: str, *, today: dt.date, lang: str | None = None
    ) -> Turn:
        if text != "제출":
            return super().handle(state, text, today=today, lang=lang)
        reply = Reply(text="", phase=state.phase)
        return Turn(state=state.model_copy(deep=True), reply=reply, action="submit")


def test_a_summary_with_nothing_to_file_is_a_problem_not_a_receipt(
    app_on_both: FastAPI,
    clock: FixedClock,
    make_citizen: CitizenFactory,
    canned_answer: Callable[[FormField], str],
) -> None:
    app = app_on_both
    jiwoo = make_citizen("jiwoo@example.kr", "Kim", app=app)
    citizen = jiwoo.http
    headers = {"X-CSRF-Token": jiwoo.step_up()}
    started = citizen.post(
        "/v1/conversations", json={"text": "인감증명서 떼려고요"}, headers=headers
    )
    assert started.status_code == 201, started.text
    conversation_id = started.json()["conversation_id"]
    _answer_until_summary(citizen, conversation_id, started.json(), headers, canned_answer)
    gateway = app.state.gateway
    with session_scope(gateway.factory) as session:  # every service left out after the summary
        stored = session.get_one(Conversation, conversation_id)
        stored.state = {**stored.state, "excluded": list(stored.state["services"])}
    eager = Conversations(
        db=gateway.factory,
        engine=SubmitsAnyway(gateway.catalog, gateway.router),
        sealer=gateway.sealer,
        clock=clock,
    )
    app.dependency_overrides[conversation_use_cases] = lambda: eager

    refused = citizen.post(
        f"/v1/conversations/{conversation_id}/messages", json={"text": "제출"}, headers=headers
    )
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith(PROBLEM)
    assert refused.json()["code"] == "nothing-to-submit"
    assert "제출했어요" not in refused.text
    assert citizen.get("/v1/applications").json() == []
    assert citizen.get(f"/v1/conversations/{conversation_id}").json()["phase"] == "confirming"
