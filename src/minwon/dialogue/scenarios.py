"""Conversations as data: scenario files that anyone can write and run without Python.

A scenario is a whole conversation — what the person says, turn by turn — and what minwon must
answer at each turn: the phase, the services and bundle, the computed deadlines, the facts kept,
phrases the reply must and must not contain. The test suite runs every scenario file under
``tests/scenarios/`` on the engine and through the conversation use cases on SQLite and
PostgreSQL; ``bench/conversations.py`` reports the pass rate per kind and language.

    - id: birth-late-ko
      kind: legal-periods
      lang: ko
      today: 2026-12-03
      turns:
        - say: 2026년 1월 13일에 아기가 태어났어요
          expect:
            bundle: childbirth
            deadlines: {birth-report: 2026-02-12}
            must: ["가족관계의 등록 등에 관한 법률 제44조"]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from minwon.dialogue.schemas import Turn

__all__ = [
    "Expectation",
    "Scenario",
    "ScenarioResult",
    "TurnStep",
    "check_turn",
    "load_scenarios",
    "run_scenario",
]


class Expectation(BaseModel):
    """What one turn must show. Every key is optional; only what is given is checked."""

    model_config = ConfigDict(extra="forbid")

    phase: str | None = None
    kind: str | None = None
    bundle: str | None = Field(default=None)
    no_bundle: bool = False
    services: list[str] | None = None  # in play (proposed, not left out), any order
    included: list[str] | None = None  # will be filed (their bundle rule says so), any order
    excluded: list[str] | None = None
    deadlines: dict[str, dt.date | None] = Field(default_factory=dict)
    overdue: list[str] | None = None
    asked: str | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    not_facts: list[str] = Field(default_factory=list)
    action: str | None = None
    about: str | None = None
    help_lines: list[str] = Field(default_factory=list)
    referral: str | None = None
    must: list[str] = Field(default_factory=list)
    must_not: list[str] = Field(default_factory=list)


class TurnStep(BaseModel):
    model_config = ConfigDict(extra="forbid")

    say: str
    expect: Expectation = Field(default_factory=Expectation)


class Scenario(BaseModel):
    """One conversation and what each turn must show."""

    model_config = ConfigDict(extra="forbid")

    id: str
    kind: str
    lang: Literal["ko", "en"]
    today: dt.date = dt.date(2026, 12, 3)
    ui_lang: Literal["ko", "en"] | None = None  # the language the portal asks for, if any
    # Who talks: someone not signed in, or a citizen signed in with a second factor (who can file).
    actor: Literal["anonymous", "citizen"] = "anonymous"
    note: str | None = None
    turns: list[TurnStep] = Field(min_length=1)


@dataclass
class ScenarioResult:
    """The scenario and what went wrong at which turn (empty when it passed)."""

    scenario: Scenario
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def load_scenarios(paths: Iterable[Path]) -> list[Scenario]:
    """Every scenario in the given YAML files, in order; ids must be unique."""
    scenarios: list[Scenario] = []
    for path in sorted(paths):
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for index, item in enumerate(raw):
            try:
                scenarios.append(Scenario.model_validate(item))
            except ValueError as error:  # name the file and the scenario, not just the field
                name = item.get("id", f"#{index + 1}") if isinstance(item, dict) else index + 1
                raise ValueError(f"{path.name}: scenario {name}: {error}") from None
    ids = [s.id for s in scenarios]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate scenario ids: {duplicates}")
    return scenarios


# A conversation driver: (text of the message, whether it is the first one) → the turn.
Driver = Callable[[str, bool], Turn]


def run_scenario(scenario: Scenario, drive: Driver) -> ScenarioResult:
    """Say each turn through ``drive`` and check its expectation; stop at a crash."""
    result = ScenarioResult(scenario)
    for index, step in enumerate(scenario.turns):
        try:
            turn = drive(step.say, index == 0)
        except Exception as error:  # a crash is a failure of the scenario, reported as such
            result.failures.append(f"turn {index + 1} ({step.say!r}): crashed: {error!r}")
            return result
        for problem in check_turn(step.expect, turn):
            result.failures.append(f"turn {index + 1} ({step.say!r}): {problem}")
    return result


def _fact(facts: dict[str, Any], key: str) -> Any:
    """A fact, or a part of one: "new_address->sigungu_code" (fact keys contain dots)."""
    name, *parts = key.split("->")
    value = facts.get(name)
    for part in parts:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def check_turn(expect: Expectation, turn: Turn) -> list[str]:
    """Every way ``turn`` differs from ``expect``."""
    state, reply = turn.state, turn.reply
    text = _plain(reply.text)
    problems: list[str] = []

    def differs(name: str, want: Any, got: Any) -> None:
        if want != got:
            problems.append(f"{name}: expected {want!r}, got {got!r}")

    if expect.phase is not None:
        differs("phase", expect.phase, state.phase)
    if expect.kind is not None:  # getattr: the benchmark also judges older engines
        differs("reply kind", expect.kind, getattr(reply, "kind", None))
    if expect.bundle is not None:
        differs("bundle", expect.bundle, state.bundle)
    if expect.no_bundle:
        differs("bundle", None, state.bundle)
    if expect.services is not None:
        differs("services", sorted(expect.services), sorted(state.in_play()))
    if expect.included is not None:
        included = sorted(s.id for s in reply.services if s.inclusion == "in")
        differs("included", sorted(expect.included), included)
    if expect.excluded is not None:
        differs("excluded", sorted(expect.excluded), sorted(state.excluded))
    deadlines = {s.id: s.deadline for s in reply.services}
    for service, day in expect.deadlines.items():
        differs(f"deadline of {service}", day, deadlines.get(service))
    if expect.overdue is not None:
        overdue = sorted(s.id for s in reply.services if s.overdue)
        differs("overdue", sorted(expect.overdue), overdue)
    if expect.asked is not None:
        differs("asked", expect.asked, state.asked)
    for key, value in expect.facts.items():
        got = _fact(state.facts, key)
        want = value.isoformat() if isinstance(value, dt.date) else value
        differs(f"fact {key}", want, got)
    problems += [f"fact {k} should not be kept" for k in expect.not_facts if k in state.facts]
    if expect.action is not None:
        differs("action", expect.action, turn.action)
    if expect.about is not None:
        differs("about", expect.about, getattr(turn, "about", None))
    numbers = {line.number for line in getattr(reply, "help_lines", [])}
    problems += [f"help line {n} missing" for n in expect.help_lines if n not in numbers]
    if expect.referral is not None:
        referral = getattr(reply, "referral", None)
        differs("referral", expect.referral, referral.id if referral else None)
    problems += [f"reply lacks {m!r}: {text!r}" for m in expect.must if m not in text]
    problems += [f"reply has {m!r}: {text!r}" for m in expect.must_not if m in text]
    return problems
