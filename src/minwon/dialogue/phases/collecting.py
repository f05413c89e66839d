"""Collecting facts: the answer to the open question, validated; "건너뛰기" for optional ones.

Control words, corrections with a correction word, status and side questions were dealt with
before this handler, so whatever reaches it is meant as an answer."""

from __future__ import annotations

from typing import Any

from minwon.catalog.fieldtypes import FieldValueError
from minwon.catalog.schema import FieldSpec
from minwon.dialogue.context import TurnContext, join
from minwon.dialogue.corrections import correct, has_cue
from minwon.dialogue.facts import needs_year_confirmation, parse_for
from minwon.dialogue.flow import ask_year_confirmation, carry_on, deadline_lines, iso_date
from minwon.dialogue.plan import fact_key
from minwon.dialogue.schemas import Turn
from minwon.dialogue.side import answer_side, side_topic
from minwon.dialogue.state import PendingDate
from minwon.dialogue.texts import is_exactly, say

__all__ = ["on_collecting", "same_address"]


def on_collecting(ctx: TurnContext) -> Turn:
    """Store a valid answer and ask the next question; otherwise say why and ask again."""
    state = ctx.state
    spec = ctx.plan().spec(state.asked) if state.asked else None
    if state.asked is None or spec is None:
        state.asked = None
        return carry_on(ctx)
    if is_exactly("skip", ctx.text):
        return _skip(ctx, spec)
    try:
        value = parse_for(ctx, spec, ctx.text)
    except FieldValueError as error:
        return _not_an_answer(ctx, error)
    problem = _rule_problem(ctx, spec, value)
    if problem:
        ctx.state.internal.misunderstood += 1
        return carry_on(ctx, problem)
    if spec.type == "date" and needs_year_confirmation(ctx, iso_date(str(value)), ctx.text):
        state.internal.pending_date = PendingDate(key=state.asked, value=str(value))
        return ask_year_confirmation(ctx, str(value))
    state.internal.misunderstood = 0
    key = state.asked
    ctx.store(key, value)
    if _counts_deadlines(ctx, key):
        lines, _ = deadline_lines(ctx)
        return carry_on(ctx, join(*lines))
    return carry_on(ctx)


def _counts_deadlines(ctx: TurnContext, key: str) -> bool:
    """Whether a deadline counts from the fact just given (the event date, a death's date …)."""
    for service_id in ctx.state.in_play():
        rule = ctx.catalog.service(service_id).deadline
        fields = {rule.event_field, rule.fallback_field} - {None}
        service = ctx.catalog.service(service_id)
        if any(fact_key(service, f, ctx.bundle()) == key for f in service.fields if f.id in fields):
            return True
    return False


def _not_an_answer(ctx: TurnContext, error: FieldValueError) -> Turn:
    """A fact stated without a correction word ("서대문구요"), a side question, or else the reason
    and the question again."""
    change = correct(ctx, cue=has_cue(ctx.text))
    if change is not None:
        return carry_on(ctx, change.message)
    topic = side_topic(ctx.text)
    if topic is not None:
        return answer_side(ctx, topic)
    ctx.state.internal.misunderstood += 1
    reason = say("invalid_answer", ctx.lang, reason=error.message(ctx.lang))
    return carry_on(ctx, reason)


def _rule_problem(ctx: TurnContext, spec: FieldSpec, value: Any) -> str:
    """A check that needs the conversation: a previous address is not the new one."""
    other_key = spec.rules.differs_from
    other = ctx.state.facts.get(other_key) if other_key else None
    if other is not None and same_address(value, other):
        return say("same_as_new_address", ctx.lang)
    return ""


def same_address(one: Any, other: Any) -> bool:
    """The same building and unit, however it was written."""
    if not (isinstance(one, dict) and isinstance(other, dict)):
        return bool(one == other)
    keys = (
        "sigungu_code",
        "road_name",
        "building_main",
        "building_sub",
        "detail_dong",
        "detail_ho",
    )
    return all(one.get(k) == other.get(k) for k in keys)


def _skip(ctx: TurnContext, spec: FieldSpec) -> Turn:
    state = ctx.state
    assert state.asked is not None  # noqa: S101 — on_collecting checked it
    if spec.required or spec.required_when is not None:
        return carry_on(ctx, say("cannot_skip", ctx.lang))
    state.skipped.append(state.asked)
    state.history.append(state.asked)
    state.asked = None
    ctx.changed()
    return carry_on(ctx, say("skipped", ctx.lang))
