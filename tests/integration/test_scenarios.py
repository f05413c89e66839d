"""Every scenario under tests/scenarios, through the conversation use cases on SQLite and
PostgreSQL: each message is a unit of work, the state is sealed and saved between turns, a
citizen signed in with a second factor really files, and status questions read the database."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from minwon.actors import Actor
from minwon.clock import FixedClock
from minwon.conversations.service import Conversations
from minwon.crypto import FieldCipher, load_keyring
from minwon.db import make_session_factory
from minwon.dialogue import DialogueEngine, Turn
from minwon.dialogue.scenarios import Scenario, load_scenarios, run_scenario
from minwon.sealing import JsonSealer

SCENARIOS = load_scenarios((Path(__file__).parents[1] / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def factory(migrated_engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(migrated_engine)


@pytest.fixture(scope="module")
def sealer() -> JsonSealer:
    return JsonSealer(FieldCipher(load_keyring(None, None, environment="test")))


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario_through_the_use_cases(
    factory: sessionmaker[Session],
    dialogue_engine: DialogueEngine,
    sealer: JsonSealer,
    scenario: Scenario,
) -> None:
    now = dt.datetime.combine(scenario.today, dt.time(10), tzinfo=dt.UTC)
    conversations = Conversations(factory, dialogue_engine, sealer, FixedClock(now))
    if scenario.actor == "citizen":  # a citizen of this scenario alone, at the MFA level
        actor = Actor(kind="citizen", id=f"scenario-{uuid.uuid4().hex[:8]}", level="mfa")
    else:
        actor = Actor(kind="anonymous", id="-")
    held: dict[str, str | None] = {}

    def drive(text: str, first: bool) -> Turn:
        if first:
            started = conversations.start(actor, text=text, channel="test", lang=scenario.ui_lang)
            held["id"], held["token"] = started.conversation.id, started.access_token
            return started.turn
        return conversations.send(actor, str(held["id"]), access_token=held["token"], text=text)

    result = run_scenario(scenario, drive)
    assert result.passed, "\n".join(result.failures)
