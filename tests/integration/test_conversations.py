"""Conversations that persist, resume, bind to a person and end in filed, tracked applications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from minwon.actors import Actor
from minwon.applications.errors import (
    ApplicationNotFoundError,
    NotClaimedError,
    ReasonRequiredError,
)
from minwon.applications.models import Application, OutboxMessage
from minwon.applications.service import (
    AuthenticationRequiredError,
    claim_application,
    decide_application,
    get_application,
    list_applications,
    officer_queue,
    read_personal_data,
)
from minwon.audit import events_about, verify_chain
from minwon.conversations.errors import ConversationNotFoundError
from minwon.conversations.models import Conversation, ConversationMessage
from minwon.conversations.service import bind_conversation, post_message, start_conversation
from minwon.crypto import FieldCipher, load_keyring
from minwon.db import make_session_factory, session_scope
from minwon.dialogue import DialogueEngine, FormField, Turn
from minwon.migrate import upgrade_database
from minwon.sealing import JsonSealer

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
ALICE = Actor(kind="citizen", id="alice", level="mfa")
ALICE_PASSWORD_ONLY = Actor(kind="citizen", id="alice", level="signed_in")
BOB = Actor(kind="citizen", id="bob", level="mfa")
OFFICER = Actor(kind="officer", id="kim", level="mfa", agencies=frozenset({"community-centre"}))
OTHER_OFFICER = Actor(kind="officer", id="lee", level="mfa", agencies=frozenset({"tax-office"}))
ANONYMOUS = Actor(kind="anonymous", id="-")


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    upgrade_database(engine)
    return make_session_factory(engine)


@pytest.fixture(scope="module")
def sealer() -> JsonSealer:
    return JsonSealer(FieldCipher(load_keyring(None, None, environment="test")))


Say = Callable[..., Turn]


@pytest.fixture
def say(factory: sessionmaker[Session], dialogue_engine: DialogueEngine, sealer: JsonSealer) -> Say:
    def run(
        conversation_id: str, token: str | None, message: str, actor: Actor = ANONYMOUS
    ) -> Turn:
        with session_scope(factory) as session:
            return post_message(
                session,
                engine=dialogue_engine,
                sealer=sealer,
                actor=actor,
                conversation_id=conversation_id,
                access_token=token,
                text=message,
                today=TODAY,
                now=NOW,
            )

    return run


def _start(
    factory: sessionmaker[Session],
    engine: DialogueEngine,
    sealer: JsonSealer,
    text_: str,
    actor: Actor = ANONYMOUS,
) -> tuple[str, str, Turn]:
    with session_scope(factory) as session:
        started = start_conversation(
            session,
            engine=engine,
            sealer=sealer,
            actor=actor,
            text=text_,
            channel="portal",
            lang=None,
            today=TODAY,
            now=NOW,
        )
        return started.conversation.id, started.access_token, started.turn


Answer = Callable[[FormField], str]


def _answer_all(
    say: Say,
    answer: Answer,
    conversation_id: str,
    token: str | None,
    turn: Turn,
    actor: Actor = ANONYMOUS,
) -> Turn:
    for _ in range(60):
        if turn.state.phase in ("confirming", "submitted"):
            return turn
        if turn.state.phase in ("proposed", "members"):
            turn = say(conversation_id, token, "네", actor)
            continue
        turn = say(conversation_id, token, answer(turn.reply.form[0]), actor)
    raise AssertionError("did not reach the summary")


def decide(
    session: Session, target: str, reason: str | None = None, due: dt.date | None = None
) -> None:
    """The community-centre officer moves the (only) application in the test."""
    (application,) = session.scalars(select(Application)).all()
    decide_application(
        session,
        actor=OFFICER,
        application_id=application.id,
        target=target,
        reason=reason,
        now=NOW,
        due=due,
    )


def test_a_move_in_report_from_first_message_to_an_approved_application(
    factory: sessionmaker[Session],
    dialogue_engine: DialogueEngine,
    sealer: JsonSealer,
    say: Say,
    canned_answer: Answer,
) -> None:
    conversation_id, token, turn = _start(factory, dialogue_engine, sealer, "전입신고 하려고요")
    assert turn.state.phase == "proposed"
    turn = _answer_all(
        say, canned_answer, conversation_id, token, say(conversation_id, token, "네")
    )
    assert turn.state.phase == "confirming"

    # Anonymous: submitting asks for a multi-factor sign-in and loses nothing.
    waiting = say(conversation_id, token, "제출")
    assert waiting.reply.needs_auth == "mfa"
    assert waiting.state.phase == "confirming"
    with session_scope(factory) as session:
        bind_conversation(
            session, actor=ALICE, conversation_id=conversation_id, access_token=token, now=NOW
        )
    # A password-only session is not enough either.
    assert say(conversation_id, None, "제출", ALICE_PASSWORD_ONLY).reply.needs_auth == "mfa"
    done = say(conversation_id, None, "제출", ALICE)
    assert done.state.phase == "submitted"
    assert "MW-20261128-" in done.reply.text

    with session_scope(factory) as session:
        (application,) = list_applications(session, actor=ALICE)
        assert application.status == "submitted"
        assert application.deadline == dt.date(2026, 12, 4)
        assert "900101" not in application.sealed_facts  # personal data is sealed at rest
        assert session.scalars(
            select(OutboxMessage).where(OutboxMessage.key == application.id)
        ).one()
        application_id = application.id

    # The officer of the right agency sees it, claims it, reads personal data with a reason.
    with session_scope(factory) as session:
        assert [a.id for a in officer_queue(session, actor=OFFICER)] == [application_id]
        assert officer_queue(session, actor=OTHER_OFFICER) == []
        with pytest.raises(NotClaimedError):
            decide_application(
                session,
                actor=OFFICER,
                application_id=application_id,
                target="approved",
                reason=None,
                now=NOW,
            )
    with session_scope(factory) as session:
        claim_application(session, actor=OFFICER, application_id=application_id, now=NOW)
    with session_scope(factory) as session, pytest.raises(ReasonRequiredError):
        read_personal_data(
            session,
            actor=OFFICER,
            application_id=application_id,
            sealer=sealer,
            reason=" ",
            now=NOW,
        )
    with session_scope(factory) as session:
        facts = read_personal_data(
            session,
            actor=OFFICER,
            application_id=application_id,
            sealer=sealer,
            reason="전입 사실 확인",
            now=NOW,
        )
        assert facts["reporter_rrn"] == "900101-1234567"
    with session_scope(factory) as session:
        decide(session, "in_review")
        decide(
            session,
            "supplement_requested",
            "임대차계약서 사본을 올려 주세요",
            due=dt.date(2026, 12, 10),
        )

    # The citizen asks in chat and sees the supplement request with its date.
    _, _, status_turn = _start(
        factory, dialogue_engine, sealer, "내 전입신고 어떻게 됐어요?", actor=ALICE
    )
    assert "보완 요청" in status_turn.reply.text
    assert "2026-12-10" in status_turn.reply.text

    with session_scope(factory) as session:
        decide(session, "in_review")
        decide(session, "approved")
        decide(session, "completed")
        application = get_application(session, actor=ALICE, application_id=application_id)
        history = [e.to_status for e in application.events]
        assert history == [
            "submitted",
            "received",
            "in_review",
            "supplement_requested",
            "in_review",
            "approved",
            "completed",
        ]
        # Who accessed Alice's data, and why: the officer's read is listed with its reason.
        accesses = [
            e
            for e in events_about(session, "citizen:alice", limit=50)
            if e.action == "personal_data:read"
        ]
        assert [(e.actor, e.reason) for e in accesses] == [("officer:kim", "전입 사실 확인")]
        assert verify_chain(session).is_intact


def test_a_conversation_resumes_after_a_restart(
    factory: sessionmaker[Session], dialogue_engine: DialogueEngine, catalog, sealer: JsonSealer
) -> None:
    conversation_id, token, _ = _start(
        factory, dialogue_engine, sealer, "2026년 11월 20일에 마포구로 이사했어요"
    )
    # A new process: a new engine and router, the same database.
    from minwon.nlu import Router

    fresh = DialogueEngine(catalog, Router.from_catalog(catalog))
    with session_scope(factory) as session:
        turn = post_message(
            session,
            engine=fresh,
            sealer=sealer,
            actor=ANONYMOUS,
            conversation_id=conversation_id,
            access_token=token,
            text="네",
            today=TODAY,
            now=NOW,
        )
    assert turn.state.phase == "collecting"
    assert turn.state.facts["event_date"] == "2026-11-20"
    assert turn.state.facts["region"] == "11440"


def test_what_the_citizen_typed_is_sealed_at_rest(
    factory: sessionmaker[Session], dialogue_engine: DialogueEngine, sealer: JsonSealer, say: Say
) -> None:
    conversation_id, token, _ = _start(factory, dialogue_engine, sealer, "전입신고 하려고요")
    say(conversation_id, token, "네")
    say(conversation_id, token, "2026-11-20")
    with session_scope(factory) as session:
        raw = session.execute(text("SELECT sealed_text FROM conversation_messages")).scalars().all()
        stored = session.get(Conversation, conversation_id)
        assert stored is not None
        assert all("전입신고" not in r and "2026-11-20" not in r for r in raw)
        assert "2026-11-20" not in stored.sealed_facts
        assert session.scalars(select(ConversationMessage)).all()


def test_other_people_get_not_found_every_time(
    factory: sessionmaker[Session], dialogue_engine: DialogueEngine, sealer: JsonSealer, say: Say
) -> None:
    conversation_id, token, _ = _start(
        factory, dialogue_engine, sealer, "전입신고 하려고요", actor=ALICE
    )
    with pytest.raises(ConversationNotFoundError):
        say(conversation_id, token, "네", BOB)
    with pytest.raises(ConversationNotFoundError):
        say(conversation_id, "guessed-token", "네", ANONYMOUS)
    anonymous_id, anonymous_token, _ = _start(factory, dialogue_engine, sealer, "전입신고 하려고요")
    with pytest.raises(ConversationNotFoundError):
        say(anonymous_id, "wrong", "네")
    assert say(anonymous_id, anonymous_token, "네").state.phase == "collecting"


def test_applications_are_private_and_submitting_needs_mfa(
    factory: sessionmaker[Session],
    dialogue_engine: DialogueEngine,
    sealer: JsonSealer,
    say: Say,
    canned_answer: Answer,
) -> None:
    conversation_id, _, _ = _start(
        factory, dialogue_engine, sealer, "인감증명서 떼려고요", actor=ALICE
    )
    summary = _answer_all(
        say, canned_answer, conversation_id, None, say(conversation_id, None, "네", ALICE), ALICE
    )
    assert summary.state.phase == "confirming"
    say(conversation_id, None, "제출", ALICE)
    with session_scope(factory) as session:
        (application,) = session.scalars(select(Application)).all()
        with pytest.raises(ApplicationNotFoundError):
            get_application(session, actor=BOB, application_id=application.id)
        with pytest.raises(ApplicationNotFoundError):
            get_application(session, actor=OTHER_OFFICER, application_id=application.id)
        with pytest.raises(ApplicationNotFoundError):
            get_application(session, actor=BOB, application_id="no-such-id")
        with pytest.raises(AuthenticationRequiredError):
            read_personal_data(
                session,
                actor=ALICE_PASSWORD_ONLY,
                application_id=application.id,
                sealer=sealer,
                reason=None,
                now=NOW,
            )
        assert list_applications(session, actor=BOB) == []


@pytest.mark.parametrize(
    ("first", "bundle", "lang"),
    [
        ("이사했어요 해야 하는 거 다 알려 주세요", "moving", "ko"),
        ("I just moved into a new flat, what paperwork is there", "moving", "en"),
        ("아기가 태어났어요 신청할 거 한번에 해 주세요", "childbirth", "ko"),
        ("our baby was born last week, what do we apply for", "childbirth", "en"),
        ("아버지가 돌아가셨어요 어떻게 해야 하나요", "bereavement", "ko"),
        ("my father passed away, what do I have to do", "bereavement", "en"),
    ],
)
def test_every_bundle_in_both_languages_ends_in_filed_applications(
    factory: sessionmaker[Session],
    dialogue_engine: DialogueEngine,
    sealer: JsonSealer,
    say: Say,
    canned_answer: Answer,
    first: str,
    bundle: str,
    lang: str,
) -> None:
    conversation_id, token, turn = _start(factory, dialogue_engine, sealer, first)
    assert (turn.state.bundle, turn.state.lang) == (bundle, lang)
    summary = _answer_all(say, canned_answer, conversation_id, token, turn)
    assert summary.state.lang == lang
    included = sorted(s.id for s in summary.reply.services if s.included)
    with session_scope(factory) as session:
        bind_conversation(
            session, actor=ALICE, conversation_id=conversation_id, access_token=token, now=NOW
        )
    done = say(conversation_id, None, "submit", ALICE)
    assert done.state.phase == "submitted"
    with session_scope(factory) as session:
        filed = list_applications(session, actor=ALICE)
        # Exactly what the summary listed as included: no more, no less.
        assert sorted(a.service_id for a in filed) == included
        assert len(done.state.receipts) == len(filed)
        assert {a.bundle_id for a in filed} == {bundle}
