"""Every scenario under tests/scenarios, run on the dialogue engine alone.

The same files run through the conversation use cases on SQLite and PostgreSQL in
tests/integration/test_scenarios.py. Here the use case's part is played by the same functions it
calls: a citizen signed in with a second factor files (fake receipts), anyone else is asked to
sign in; status questions are answered by the use case's own ``status_reply``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from minwon.conversations.status_text import status_reply
from minwon.dialogue import DialogueEngine, Turn
from minwon.dialogue.scenarios import Scenario, load_scenarios, run_scenario

SCENARIOS = load_scenarios((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))


def _driver(engine: DialogueEngine, scenario: Scenario):  # type: ignore[no-untyped-def]
    holder: dict[str, Turn] = {}
    filed: list[str] = []

    def drive(text: str, first: bool) -> Turn:
        today = scenario.today
        if first:
            turn = engine.start(text, today=today, lang=scenario.ui_lang)
        else:
            turn = engine.handle(holder["turn"].state, text, today=today)
        citizen = scenario.actor == "citizen"
        if turn.action == "submit":
            if citizen:
                filed.append(f"MW-{today:%Y%m%d}-TEST{len(filed) + 1:04d}")
                turn = engine.submitted(turn.state, filed[-1:], today)
            else:
                turn = engine.needs_authentication(turn.state, today)
        elif turn.action == "status":
            turn = status_reply(engine, turn, [] if citizen else None, today)
        holder["turn"] = turn
        return turn

    return drive


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(engine: DialogueEngine, scenario: Scenario) -> None:
    result = run_scenario(scenario, _driver(engine, scenario))
    assert result.passed, "\n".join(result.failures)
