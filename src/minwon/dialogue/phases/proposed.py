"""A service or bundle was proposed: yes starts the questions, no ends politely, anything else
is a new request (corrections and side questions were dealt with before this handler)."""

from __future__ import annotations

from minwon.dialogue.context import TurnContext
from minwon.dialogue.flow import carry_on
from minwon.dialogue.phases.start import new_request
from minwon.dialogue.schemas import Turn
from minwon.dialogue.state import ConversationState
from minwon.dialogue.texts import is_agreement, is_refusal, say

__all__ = ["on_proposed"]


def on_proposed(ctx: TurnContext) -> Turn:
    """ "네" → the first question; "아니요" → nothing started; else a new request."""
    if is_agreement(ctx.text):
        ctx.state.phase = "collecting"
        ctx.state.internal.pending_route = None
        return carry_on(ctx)
    if is_refusal(ctx.text):
        ctx.state = ConversationState(lang=ctx.state.lang)
        ctx.changed()
        return ctx.reply(say("not_started", ctx.lang), kind="notice")
    return new_request(ctx)
