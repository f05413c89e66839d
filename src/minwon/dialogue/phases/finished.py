"""After a filing or a cancellation: "제출" says what already happened; anything else is a new
request, started afresh."""

from __future__ import annotations

from minwon.dialogue.context import TurnContext
from minwon.dialogue.phases.start import new_request
from minwon.dialogue.schemas import Turn
from minwon.dialogue.texts import is_agreement, say

__all__ = ["on_finished"]


def on_finished(ctx: TurnContext) -> Turn:
    """A yes or "제출" again never files twice nor starts an unrelated proposal."""
    state = ctx.state
    if is_agreement(ctx.text):
        if state.phase == "submitted" and state.receipts:
            text = say("already_submitted", ctx.lang, receipts=", ".join(state.receipts))
            return ctx.reply(text, kind="submitted")
        return ctx.reply(say("nothing_pending", ctx.lang), kind="notice")
    return new_request(ctx)
