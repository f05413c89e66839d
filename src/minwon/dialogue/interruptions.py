"""What is checked before the phase's handler reads a message as an answer, in this order:
danger to life, a request for a person, control words (cancel, wait, repeat, back), a pending
yes/no about a date, corrections, status questions, side questions. Each returns a turn when the
message is one of these, else None; the first that answers wins."""

from __future__ import annotations

from collections.abc import Callable

from minwon.dialogue.context import TurnContext, join
from minwon.dialogue.corrections import Change, correct, correct_named, has_cue
from minwon.dialogue.facts import apply_event_date, parse_for
from minwon.dialogue.flow import carry_on, confirm, members_question, prompt
from minwon.dialogue.phases.start import render_proposal
from minwon.dialogue.schemas import HelpLine, QuickReply, Turn
from minwon.dialogue.side import answer_side, looks_like_question, side_topic
from minwon.dialogue.texts import (
    consists_of,
    is_agreement,
    is_exactly,
    is_refusal,
    matches,
    phrases,
    say,
)
from minwon.nlu import detect_crisis

__all__ = ["INTERRUPTIONS", "Interruption", "after_change"]

Interruption = Callable[[TurnContext], Turn | None]

_OPEN = ("clarifying", "proposed", "members", "collecting", "confirming")
_WITH_SERVICES = ("proposed", "members", "collecting", "confirming")
_FREE_TEXT = ("text", "person_name")
# A control phrase is a control only in a short message; a long one says something else too.
_CONTROL_MAX = 25


def crisis(ctx: TurnContext) -> Turn | None:
    """ "죽고 싶어요", "my husband hits me", "불이 났어요": the numbers to call now, in warm words,
    before anything else and in any phase; never a proposal or a refusal. The state is kept, so
    an application in progress can be taken up again."""
    danger = detect_crisis(ctx.text)
    if danger is None:
        return None
    lang = ctx.lang
    lines = [
        HelpLine(
            number=line.number,
            name=line.name.get(lang),
            description=line.description.get(lang),
            hours=line.hours.get(lang),
        )
        for line in ctx.catalog.helplines_for(danger)
    ]
    text = say(f"crisis.{danger}", lang)
    if ctx.state.phase in _OPEN:
        text = join(text, say("crisis.carry_on", lang))
    label = say("quick.person", lang)
    quick = [QuickReply(label=label, value=label)]
    return ctx.reply(text, kind="crisis", help_lines=lines, quick=quick)


def person(ctx: TurnContext) -> Turn | None:
    """ "상담원 연결", "talk to a human": the conversation goes to a person (the use case
    decides how); the state is kept as it is."""
    if not matches("control.human", ctx.text):
        return None
    turn = prompt(ctx, say("handover_requested", ctx.lang))
    turn.reply.kind, turn.action = "handover", "handover"
    return turn


def control(ctx: TurnContext) -> Turn | None:
    """Cancel, wait, repeat the question, go back: never stored as an answer."""
    state, text = ctx.state, ctx.text
    if state.phase in _OPEN and matches("cancel", text):
        state.phase, state.asked = "cancelled", None
        state.internal.pending_date = None
        return ctx.reply(say("cancelled", ctx.lang), kind="cancelled")
    if state.phase not in _OPEN:
        return None
    if consists_of("control.wait", text, fillers="control.wait_fillers"):
        return prompt(ctx, say("take_your_time", ctx.lang))
    short = len(ctx.clean) <= _CONTROL_MAX
    if short and matches("control.repeat", text):
        return prompt(ctx, say("repeat_intro", ctx.lang))
    wants_back = is_exactly("back", text) or (short and matches("control.back", text))
    if wants_back and state.phase in ("collecting", "confirming"):
        return _go_back(ctx)
    return None


def _go_back(ctx: TurnContext) -> Turn:
    state = ctx.state
    state.phase = "collecting"
    state.internal.pending_date = None
    if not state.history:
        return carry_on(ctx, say("nothing_to_go_back", ctx.lang))
    key = state.history[-1]
    ctx.forget(key)
    state.asked = None
    return carry_on(ctx, say("went_back", ctx.lang))


def pending_date(ctx: TurnContext) -> Turn | None:
    """The answer to "작년 12월 10일 말씀이세요?": yes keeps the date, no asks for it again, a
    date given instead is taken as the answer."""
    state = ctx.state
    pending = state.internal.pending_date
    if pending is None:
        return None
    state.internal.pending_date = None
    if is_agreement(ctx.text):
        _keep_date(ctx, pending.key, pending.value, pending.from_request)
        return after_change(ctx, Change(""))
    if is_refusal(ctx.text):
        if pending.from_request:
            state.internal.said_date = None
        return after_change(ctx, Change(say("date_asked_again", ctx.lang)))
    return None  # something else: read normally (a date said now is its own answer)


def _keep_date(ctx: TurnContext, key: str, value: str, from_request: bool) -> None:
    if from_request:
        ctx.state.internal.said_date = value
        apply_event_date(ctx)
        return
    spec = ctx.plan().spec(key)
    if spec is not None:
        ctx.store(key, parse_for(ctx, spec, value))


def correction(ctx: TurnContext) -> Turn | None:
    """A fact said earlier, corrected ("아 아니 은평구요"), in any phase with services in play.

    While a question is open, only a correction that names its answer counts here: anything else
    is the answer to the question, and tried as a correction only if it is not a valid one.
    """
    state = ctx.state
    if state.phase not in _WITH_SERVICES:
        return None
    cue = has_cue(ctx.text)
    if state.phase == "collecting":
        change = correct_named(ctx) if cue else None
    else:
        change = correct(ctx, cue=cue)
    return after_change(ctx, change) if change is not None else None


def after_change(ctx: TurnContext, change: Change) -> Turn:
    """What the phase shows once a fact changed: everything derived from it is recomputed."""
    phase = ctx.state.phase
    if phase == "proposed":
        return render_proposal(ctx, change.message)
    if phase == "members":
        return members_question(ctx, change.message)
    if phase == "confirming":
        return confirm(ctx, change.message)
    return carry_on(ctx, change.message)


def status(ctx: TurnContext) -> Turn | None:
    """ "내 전입신고 어떻게 됐어요?", "any news on my birth registration?": answered by the use
    case in any phase (the open question follows). About someone else ("우리 엄마 …") it says
    whose, so that the use case can check for a delegation."""
    if not matches("status", ctx.text):
        return None
    routed = ctx.routed()
    target = routed.services[0] if routed.services and not routed.abstain else None
    turn = ctx.reply("", kind="status", action="status")
    turn.action_target = target
    turn.about = _third_party(ctx.text)
    return turn


def _third_party(text: str) -> str | None:
    """Whose applications a status question asks about, when it is not the asker's own."""
    for relation in phrases()["third_party"]:
        if matches(f"third_party.{relation}", text):
            return str(relation)
    return None


def side_question(ctx: TurnContext) -> Turn | None:
    """ "수수료 얼마예요?" while services are in play: answered, then the open question again."""
    if ctx.state.phase not in _WITH_SERVICES:
        return None
    topic = side_topic(ctx.text)
    if topic is None:
        return None
    spec = ctx.plan().spec(ctx.state.asked) if ctx.state.asked else None
    free_text = spec is not None and spec.type in _FREE_TEXT
    if looks_like_question(ctx.text) or (ctx.state.phase == "collecting" and free_text):
        return answer_side(ctx, topic)
    return None


INTERRUPTIONS: tuple[Interruption, ...] = (
    crisis,
    person,
    control,
    pending_date,
    correction,
    status,
    side_question,
)
