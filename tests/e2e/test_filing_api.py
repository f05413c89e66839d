"""From "이사했어요" to an approved application, over HTTP, with real sign-in and MFA."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from minwon.api import create_app
from minwon.api.conversation_routes import conversation_use_cases
from minwon.catalog import Catalog
from minwon.clock import FixedClock
from minwon.config import Settings
from minwon.conversations.models import Conversation
from minwon.conversations.service import Conversations
from minwon.db import create_db_engine, make_session_factory, session_scope
from minwon.dialogue import ConversationState, DialogueEngine, FormField, Reply, Turn
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
def app_parts(tmp_path: Path, catalog: Catalog, router: Router, clock: FixedClock) -> Iterator[Any]:
    url = f"sqlite:///{tmp_path / 'filing.db'}"
    engine = create_db_engine(url)
    upgrade_database(engine)
    settings = Settings(database_url=url, environment="test")
    app = create_app(settings, catalog=catalog, engine=engine, clock=clock, router=router)
    yield app, settings, engine
    engine.dispose()


def _client(app: Any) -> TestClient:
    return TestClient(app, base_url="https://testserver", raise_server_exceptions=False)


def _sign_up_with_totp(client: TestClient, email: str, clock: FixedClock) -> tuple[str, str]:
    """A citizen with an authenticator app; returns (csrf token, TOTP secret)."""
    assert (
        client.post(
            "/v1/accounts", json={"email": email, "password": PASSWORD, "display_name": "Kim"}
        ).status_code
        == 201
    )
    csrf = client.post("/v1/sessions", json={"email": email, "password": PASSWORD}).json()[
        "csrf_token"
    ]
    secret = client.post("/v1/me/totp", headers={"X-CSRF-Token": csrf}).json()["secret"]
    confirmed = client.post(
        "/v1/me/totp/confirm",
        json={"code": pyotp.TOTP(secret).at(clock.now())},
        headers={"X-CSRF-Token": csrf},
    )
    assert confirmed.status_code == 200, confirmed.text
    clock.advance(dt.timedelta(seconds=30))
    return csrf, secret


def _step_up(client: TestClient, csrf: str, secret: str, clock: FixedClock) -> str:
    response = client.post(
        "/v1/sessions/mfa/totp",
        json={"code": pyotp.TOTP(secret).at(clock.now())},
        headers={"X-CSRF-Token": csrf},
    )
    assert response.status_code == 200, response.text
    clock.advance(dt.timedelta(seconds=30))
    return str(response.json().get("csrf_token", csrf))


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
    app_parts: Any, clock: FixedClock, canned_answer: Callable[[FormField], str]
) -> None:
    app, settings, engine = app_parts
    citizen = _client(app)
    started = citizen.post(
        "/v1/conversations", json={"text": "2026년 11월 20일에 마포구로 이사했어요"}
    )
    assert started.status_code == 201
    body = started.json()
    conversation_id, token = body["conversation_id"], body["access_token"]
    assert "2026-12-04" in body["reply"]["text"]
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
    csrf, secret = _sign_up_with_totp(citizen, "jiwoo@example.kr", clock)
    signed = {"X-CSRF-Token": csrf}
    bound = citizen.post(
        f"/v1/conversations/{conversation_id}/bind", headers={**signed, **anonymous}
    )
    assert bound.status_code == 200, bound.text
    assert bound.json()["phase"] == "confirming"  # nothing lost
    csrf = _step_up(citizen, csrf, secret, clock)
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
    factory = make_session_factory(engine)
    runtime = IdentityRuntime(db=factory, clock=clock, config=identity_config(settings))
    create_officer_account(
        runtime,
        email="officer@mapo.go.kr",
        password=PASSWORD,
        display_name="Park",
        roles=[("community-centre", "reviewer")],
    )
    officer = _client(app)
    officer_csrf = officer.post(
        "/v1/sessions", json={"email": "officer@mapo.go.kr", "password": PASSWORD}
    ).json()["csrf_token"]
    assert officer.get("/v1/officer/queue").status_code in (401, 403)  # officers always need MFA
    officer_secret = officer.post("/v1/me/totp", headers={"X-CSRF-Token": officer_csrf}).json()[
        "secret"
    ]
    officer.post(
        "/v1/me/totp/confirm",
        json={"code": pyotp.TOTP(officer_secret).at(clock.now())},
        headers={"X-CSRF-Token": officer_csrf},
    )
    clock.advance(dt.timedelta(seconds=30))
    officer_csrf = _step_up(officer, officer_csrf, officer_secret, clock)
    oh = {"X-CSRF-Token": officer_csrf}
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
    app_parts: Any, clock: FixedClock
) -> None:
    app, _, _ = app_parts
    alice = _client(app)
    started = alice.post("/v1/conversations", json={"text": "전입신고"}).json()
    mallory = _client(app)
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
    csrf, _ = _sign_up_with_totp(mallory, "mallory@example.kr", clock)
    assert mallory.get("/v1/applications").json() == []
    assert mallory.get("/v1/applications/00000000-0000-0000-0000-000000000000").status_code == 404
    del csrf


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
def test_bad_conversation_input_is_a_4xx_problem(app_parts: Any, payload: dict[str, Any]) -> None:
    app, _, _ = app_parts
    client = _client(app)
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


def test_invalid_utf8_and_emoji_never_break_the_conversation(app_parts: Any) -> None:
    app, _, _ = app_parts
    client = _client(app)
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


@pytest.fixture
def app_on_both(engine: Engine, catalog: Catalog, router: Router, clock: FixedClock) -> Any:
    """The app on SQLite and on PostgreSQL."""
    upgrade_database(engine)
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False), environment="test"
    )
    return create_app(settings, catalog=catalog, engine=engine, clock=clock, router=router)


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
    app_on_both: Any, clock: FixedClock, canned_answer: Callable[[FormField], str]
) -> None:
    app = app_on_both
    citizen = _client(app)
    csrf, secret = _sign_up_with_totp(citizen, "jiwoo@example.kr", clock)
    headers = {"X-CSRF-Token": _step_up(citizen, csrf, secret, clock)}
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
