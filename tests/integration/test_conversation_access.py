"""Whose conversation it is, what gets filed from it, and which reads of it are recorded.

On SQLite and PostgreSQL: a conversation belongs to whoever started (or bound) it, and under a
delegation to that same "A for B" pair only; a representative's reads of the answers are in
the represented person's access log; only the services the summary lists as included are
filed, and nothing at all is filed when none is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from minwon.actors import Actor
from minwon.applications.errors import NothingToSubmitError
from minwon.applications.models import Application, OutboxMessage
from minwon.applications.schemas import Submission
from minwon.applications.service import list_applications, submit_applications
from minwon.audit import AuditEvent, verify_chain
from minwon.catalog import Catalog
from minwon.clock import FixedClock
from minwon.conversations.errors import ConversationNotFoundError
from minwon.conversations.models import Conversation
from minwon.conversations.service import (
    Conversations,
    Started,
    bind_conversation,
    resume_conversation,
)
from minwon.crypto import FieldCipher, load_keyring
from minwon.db import make_session_factory, session_scope
from minwon.dialogue import ConversationState, DialogueEngine, FormField, Reply, Turn
from minwon.dialogue.plan import active_services
from minwon.migrate import upgrade_database
from minwon.nlu import Router
from minwon.sealing import JsonSealer

NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 28)  # NOW in Seoul
ANONYMOUS = Actor(kind="anonymous", id="-")
BORA = Actor(kind="citizen", id="bora", level="mfa")
JIWOO = Actor(kind="citizen", id="jiwoo", level="mfa")
JIWOO_FOR_BORA = Actor(kind="citizen", id="jiwoo", level="mfa", on_behalf_of="bora")
MINA_FOR_BORA = Actor(kind="citizen", id="mina", level="mfa", on_behalf_of="bora")
JIWOO_FOR_MINA = Actor(kind="citizen", id="jiwoo", level="mfa", on_behalf_of="mina")
ALICE = Actor(kind="citizen", id="alice", level="mfa")
BOB = Actor(kind="citizen", id="bob", level="mfa")


class CoversEverything:
    """A delegation policy that covers every service (the delegation rules have their tests)."""

    def covers(self, session: Session, **_: Any) -> bool:
        return True


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    upgrade_database(engine)
    return make_session_factory(engine)


@pytest.fixture(scope="module")
def sealer() -> JsonSealer:
    return JsonSealer(FieldCipher(load_keyring(None, None, environment="test")))


@pytest.fixture
def conversations(
    factory: sessionmaker[Session], dialogue_engine: DialogueEngine, sealer: JsonSealer
) -> Conversations:
    return Conversations(
        db=factory,
        engine=dialogue_engine,
        sealer=sealer,
        clock=FixedClock(NOW),
        delegations=CoversEverything(),
    )


Answer = Callable[[FormField], str]


def _to_summary(
    conversations: Conversations,
    started: Started,
    answer: Answer,
    actor: Actor,
) -> Turn:
    conversation_id, token, turn = started.conversation.id, started.access_token, started.turn
    for _ in range(80):
        if turn.state.phase == "confirming":
            return turn
        text = "네" if turn.state.phase in ("proposed", "members") else answer(turn.reply.form[0])
        turn = conversations.send(actor, conversation_id, access_token=token, text=text)
    raise AssertionError("did not reach the summary")


def _reads(factory: sessionmaker[Session], conversation_id: str) -> list[tuple[Any, ...]]:
    with session_scope(factory) as session:
        rows = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.target == f"conversation:{conversation_id}")
            .where(AuditEvent.action == "personal_data:read")
            .order_by(AuditEvent.seq)
        )
        return [(e.actor, e.subject, e.on_behalf_of, e.reason) for e in rows]


def _events(factory: sessionmaker[Session], action: str) -> list[AuditEvent]:
    with session_scope(factory) as session:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        return list(session.scalars(query))


# --- whose conversation it is ----------------------------------------------------------------


def test_a_conversation_started_for_someone_continues_only_with_the_same_pair(
    conversations: Conversations, factory: sessionmaker[Session]
) -> None:
    started = conversations.start(
        JIWOO_FOR_BORA, text="전입신고 하려고요", channel="portal", lang=None
    )
    conversation_id = started.conversation.id
    with session_scope(factory) as session:
        stored = session.get_one(Conversation, conversation_id)
        assert (stored.citizen_id, stored.on_behalf_of) == ("jiwoo", "bora")
    turn = conversations.send(JIWOO_FOR_BORA, conversation_id, access_token=None, text="네")
    assert turn.state.phase == "collecting"
    # Jiwoo for himself, Bora herself, another of Bora's representatives, Jiwoo for someone
    # else, or anyone holding the access token: all "not found", every time.
    for actor, token in (
        (JIWOO, None),
        (BORA, None),
        (MINA_FOR_BORA, None),
        (JIWOO_FOR_MINA, None),
        (ANONYMOUS, started.access_token),
    ):
        with pytest.raises(ConversationNotFoundError):
            conversations.send(actor, conversation_id, access_token=token, text="네")
        with pytest.raises(ConversationNotFoundError):
            conversations.resume(actor, conversation_id, access_token=token)


def test_a_representative_cannot_open_the_represented_persons_own_conversations(
    conversations: Conversations,
) -> None:
    hers = conversations.start(BORA, text="전입신고 하려고요", channel="portal", lang=None)
    conversations.send(BORA, hers.conversation.id, access_token=None, text="네")
    for call in (
        lambda: conversations.resume(JIWOO_FOR_BORA, hers.conversation.id, access_token=None),
        lambda: conversations.send(
            JIWOO_FOR_BORA, hers.conversation.id, access_token=None, text="2026-11-20"
        ),
    ):
        with pytest.raises(ConversationNotFoundError):
            call()
    # And the other way round: Bora does not read what Jiwoo started for her.
    his = conversations.start(JIWOO_FOR_BORA, text="전입신고", channel="portal", lang=None)
    with pytest.raises(ConversationNotFoundError):
        conversations.resume(BORA, his.conversation.id, access_token=None)


def test_citizen_a_never_reaches_citizen_bs_conversation(conversations: Conversations) -> None:
    mine = conversations.start(ALICE, text="전입신고 하려고요", channel="portal", lang=None)
    for _ in range(2):
        with pytest.raises(ConversationNotFoundError):
            conversations.send(BOB, mine.conversation.id, access_token=None, text="네")
        with pytest.raises(ConversationNotFoundError):
            conversations.resume(BOB, mine.conversation.id, access_token=mine.access_token)
        with pytest.raises(ConversationNotFoundError):
            conversations.bind(BOB, mine.conversation.id, access_token=mine.access_token)


# --- recorded reads --------------------------------------------------------------------------


def test_a_representative_reading_the_answers_is_in_the_represented_persons_log(
    conversations: Conversations, factory: sessionmaker[Session]
) -> None:
    started = conversations.start(
        JIWOO_FOR_BORA,
        text="2026년 11월 20일에 마포구로 이사했어요",
        channel="portal",
        lang=None,
    )
    conversation_id = started.conversation.id
    conversations.send(JIWOO_FOR_BORA, conversation_id, access_token=None, text="네")
    conversations.resume(JIWOO_FOR_BORA, conversation_id, access_token=None)
    reads = _reads(factory, conversation_id)
    assert reads == [
        ("citizen:jiwoo", "citizen:bora", "citizen:bora", "conversation continued"),
        ("citizen:jiwoo", "citizen:bora", "citizen:bora", "conversation resumed"),
    ]
    with session_scope(factory) as session:
        assert verify_chain(session).is_intact


def test_reading_ones_own_conversation_or_an_anonymous_one_records_nothing(
    conversations: Conversations, factory: sessionmaker[Session]
) -> None:
    text = "2026년 11월 20일에 마포구로 이사했어요"
    own = conversations.start(BORA, text=text, channel="portal", lang=None)
    conversations.send(BORA, own.conversation.id, access_token=None, text="네")
    conversations.resume(BORA, own.conversation.id, access_token=None)
    anonymous = conversations.start(ANONYMOUS, text=text, channel="portal", lang=None)
    conversations.resume(ANONYMOUS, anonymous.conversation.id, access_token=anonymous.access_token)
    assert _reads(factory, own.conversation.id) == []
    assert _reads(factory, anonymous.conversation.id) == []


# --- binding ---------------------------------------------------------------------------------


def test_binding_under_a_delegation_records_the_pair(
    conversations: Conversations, factory: sessionmaker[Session]
) -> None:
    started = conversations.start(
        ANONYMOUS, text="2026년 11월 20일에 마포구로 이사했어요", channel="portal", lang=None
    )
    conversation_id = started.conversation.id
    turn = conversations.bind(JIWOO_FOR_BORA, conversation_id, access_token=started.access_token)
    assert turn.state.phase == "proposed"  # nothing lost
    (bound,) = _events(factory, "conversation:bound")
    assert (bound.actor, bound.subject, bound.on_behalf_of, bound.target) == (
        "citizen:jiwoo",
        "citizen:bora",
        "citizen:bora",
        f"conversation:{conversation_id}",
    )
    # The binding response showed Bora's answers to Jiwoo: recorded for her.
    assert [r[3] for r in _reads(factory, conversation_id)] == ["conversation resumed"]
    assert conversations.send(JIWOO_FOR_BORA, conversation_id, access_token=None, text="네")
    with pytest.raises(ConversationNotFoundError):
        conversations.send(JIWOO, conversation_id, access_token=None, text="네")


def test_bind_conversation_in_the_callers_unit_of_work_keeps_its_signature(
    factory: sessionmaker[Session], conversations: Conversations
) -> None:
    started = conversations.start(ANONYMOUS, text="전입신고", channel="cli", lang=None)
    with session_scope(factory) as session:
        conversation = bind_conversation(
            session,
            actor=ALICE,
            conversation_id=started.conversation.id,
            access_token=started.access_token,
            now=NOW,
        )
        assert (conversation.citizen_id, conversation.on_behalf_of) == ("alice", None)
    with session_scope(factory) as session:
        turn = resume_conversation(
            session,
            engine=conversations.engine,
            sealer=conversations.sealer,
            actor=ALICE,
            conversation_id=started.conversation.id,
            access_token=None,
            today=TODAY,
            now=NOW,
        )
    assert turn.state.phase == "proposed"


def test_submitting_an_anonymous_conversation_binds_it_with_an_audit_event(
    conversations: Conversations, factory: sessionmaker[Session], canned_answer: Answer
) -> None:
    started = conversations.start(
        ANONYMOUS, text="인감증명서 떼려고요", channel="portal", lang=None
    )
    _to_summary(conversations, started, canned_answer, ANONYMOUS)
    done = conversations.send(
        JIWOO_FOR_BORA, started.conversation.id, access_token=started.access_token, text="제출"
    )
    assert done.state.phase == "submitted"
    (bound,) = _events(factory, "conversation:bound")
    assert (bound.actor, bound.on_behalf_of) == ("citizen:jiwoo", "citizen:bora")
    with session_scope(factory) as session:
        stored = session.get_one(Conversation, started.conversation.id)
        assert (stored.citizen_id, stored.on_behalf_of) == ("jiwoo", "bora")
        (filed,) = list_applications(session, actor=BORA)
        assert (filed.citizen_id, filed.filed_by) == ("bora", "jiwoo")
    # The token no longer opens it: it is the pair's now.
    with pytest.raises(ConversationNotFoundError):
        conversations.resume(ANONYMOUS, started.conversation.id, access_token=started.access_token)


# --- what is filed ---------------------------------------------------------------------------


def test_only_the_members_the_summary_includes_are_filed(
    conversations: Conversations,
    factory: sessionmaker[Session],
    canned_answer: Answer,
    catalog: Catalog,
) -> None:
    # Renting nothing and owning a car with a national plate: the lease report and the vehicle
    # address change are shown as not included, and must not be filed.
    started = conversations.start(
        ALICE, text="이사했어요 해야 하는 거 다 알려 주세요", channel="portal", lang=None
    )
    summary = _to_summary(conversations, started, canned_answer, ALICE)
    shown = {s.id: s.included for s in summary.reply.services}
    assert shown == {
        "move-in-report": True,
        "housing-lease-report": False,
        "vehicle-address-change": False,
    }
    assert active_services(catalog, summary.state, TODAY) == ["move-in-report"]
    done = conversations.send(ALICE, started.conversation.id, access_token=None, text="제출")
    assert done.state.phase == "submitted"
    assert len(done.state.receipts) == 1
    with session_scope(factory) as session:
        filed = session.scalars(select(Application.service_id)).all()
        assert filed == ["move-in-report"]
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


class SubmitsAnyway(DialogueEngine):
    """An engine that asks to submit whatever the plan holds.

    The real engine refuses to confirm an empty plan; the use case must still never file an
    empty list nor claim a submission if an engine ever asks.
    """

    def handle(
        self, state: ConversationState, text: str, *, today: dt.date, lang: str | None = None
    ) -> Turn:
        if text != "제출":
            return super().handle(state, text, today=today, lang=lang)
        reply = Reply(text="", phase=state.phase)
        return Turn(state=state.model_copy(deep=True), reply=reply, action="submit")


def _leave_everything_out(factory: sessionmaker[Session], conversation_id: str) -> None:
    """The person left every service out after the summary was shown."""
    with session_scope(factory) as session:
        stored = session.get_one(Conversation, conversation_id)
        stored.state = {**stored.state, "excluded": list(stored.state["services"])}


@pytest.mark.parametrize("actor", [ALICE, ANONYMOUS])
def test_a_summary_with_nothing_to_file_files_nothing_and_claims_nothing(
    conversations: Conversations,
    factory: sessionmaker[Session],
    canned_answer: Answer,
    catalog: Catalog,
    router: Router,
    actor: Actor,
) -> None:
    started = conversations.start(actor, text="인감증명서 떼려고요", channel="portal", lang=None)
    _to_summary(conversations, started, canned_answer, actor)
    _leave_everything_out(factory, started.conversation.id)
    with session_scope(factory) as session:
        before = session.get_one(Conversation, started.conversation.id).message_count
    eager = dataclasses.replace(conversations, engine=SubmitsAnyway(catalog, router))
    with pytest.raises(NothingToSubmitError):
        eager.send(actor, started.conversation.id, access_token=started.access_token, text="제출")
    with session_scope(factory) as session:
        assert session.scalars(select(Application)).all() == []
        stored = session.get_one(Conversation, started.conversation.id)
        assert (stored.phase, stored.message_count) == ("confirming", before)
    assert _events(factory, "application:submitted") == []


def test_filing_an_empty_list_is_refused(
    factory: sessionmaker[Session], sealer: JsonSealer
) -> None:
    submissions: list[Submission] = []
    with session_scope(factory) as session, pytest.raises(NothingToSubmitError):
        submit_applications(
            session,
            actor=ALICE,
            submissions=submissions,
            sealer=sealer,
            catalog_version="test",
            conversation_id=None,
            now=NOW,
        )
