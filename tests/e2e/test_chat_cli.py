"""`minwon chat`: the same conversation in a terminal, signing in with a second factor to submit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest

from minwon.actors import Actor
from minwon.cli.chat import ChatIO, run_chat
from minwon.cli.chat_command import terminal_sign_in
from minwon.clock import FixedClock
from minwon.config import Settings
from minwon.conversations.service import Conversations
from minwon.crypto import FieldCipher, load_keyring
from minwon.db import create_db_engine, make_session_factory
from minwon.dialogue import DialogueEngine
from minwon.identity import (
    IdentityRuntime,
    SignInRequest,
    begin_totp_enrolment,
    confirm_totp_enrolment,
    create_account,
    identity_config,
    sign_in,
)
from minwon.migrate import upgrade_database
from minwon.sealing import JsonSealer

PASSWORD = "quiet river lantern 2026"


class Terminal:
    """Scripted typing; everything written is kept."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.screen: list[str] = []

    def read(self, prompt: str) -> str:
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        self.screen.append(prompt + line)
        return line

    def io(self) -> ChatIO:
        return ChatIO(read=self.read, write=self.screen.append)


@pytest.fixture
def setup(
    tmp_path: Path, dialogue_engine: DialogueEngine
) -> Iterator[tuple[Conversations, IdentityRuntime, FixedClock]]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'chat.db'}")
    upgrade_database(engine)
    clock = FixedClock(dt.datetime(2026, 11, 28, 10, 0))
    factory = make_session_factory(engine)
    sealer = JsonSealer(FieldCipher(load_keyring(None, None, environment="test")))
    runtime = IdentityRuntime(
        db=factory, clock=clock, config=identity_config(Settings(environment="test"))
    )
    yield Conversations(factory, dialogue_engine, sealer, clock), runtime, clock
    engine.dispose()


def _enrolled(runtime: IdentityRuntime, clock: FixedClock) -> str:
    create_account(
        runtime,
        email="jiwoo@example.kr",
        password=PASSWORD,
        display_name="지우",
        client_address="test",
    )
    issued = sign_in(
        runtime, SignInRequest(email="jiwoo@example.kr", password=PASSWORD, client_address="t")
    )
    secret = begin_totp_enrolment(runtime, issued.context).secret
    confirm_totp_enrolment(runtime, issued.context, pyotp.TOTP(secret).at(clock.now()))
    clock.advance(dt.timedelta(seconds=60))
    return secret


def test_a_terminal_conversation_files_after_signing_in(
    setup: tuple[Conversations, IdentityRuntime, FixedClock],
) -> None:
    conversations, runtime, clock = setup
    secret = _enrolled(runtime, clock)
    code = pyotp.TOTP(secret).at(clock.now())
    # Numbers pick the quick reply with that number, as a person at a terminal would.
    answers = [
        "가족관계증명서 떼려고요",
        "1",
        "1",
        "1",
        "1",
        "김민원",
        "900101-1234567",
        "서울특별시 종로구",
        "예",
        "1",
        "취업 제출용",
        "제출",
    ]
    terminal = Terminal(answers)
    signed: list[Actor] = []

    def authenticate(io: ChatIO) -> Actor | None:
        terminal.lines = ["jiwoo@example.kr", PASSWORD, code, "/quit"]
        actor = terminal_sign_in(runtime, io, "ko")
        signed.extend([actor] if actor else [])
        return actor

    run_chat(conversations, terminal.io(), lang="ko", authenticate=authenticate)
    screen = "\n".join(terminal.screen)
    assert "무엇을 도와드릴까요" in screen
    assert "본인 확인이 필요해요" in screen
    assert signed
    assert signed[0].level == "mfa"
    assert "제출했어요. 접수번호: MW-20261128-" in screen


def test_a_wrong_code_in_the_terminal_files_nothing(
    setup: tuple[Conversations, IdentityRuntime, FixedClock],
) -> None:
    _, runtime, clock = setup
    _enrolled(runtime, clock)
    terminal = Terminal(["jiwoo@example.kr", PASSWORD, "000000"])
    assert terminal_sign_in(runtime, terminal.io(), "en") is None
    assert any("Could not verify" in line for line in terminal.screen)
