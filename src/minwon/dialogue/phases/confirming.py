"""The summary is shown: submit only on an unmistakable yes; anything else keeps it open."""

from __future__ import annotations

from minwon.dialogue.context import TurnContext
from minwon.dialogue.flow import confirm, members_question
from minwon.dialogue.schemas import Turn
from minwon.dialogue.texts import is_agreement, is_refusal, matches, say

__all__ = ["on_confirming"]


def on_confirming(ctx: TurnContext) -> Turn:
    """ "네 그걸로 내 주세요" submits; "아니요" asks what to change; anything else shows the
    summary again (corrections and side questions were dealt with before this handler)."""
    if is_agreement(ctx.text):
        if not ctx.plan().active:
            ctx.state.phase = "members"
            return members_question(ctx)
        turn = ctx.reply("", kind="summary", action="submit")
        return turn
    if is_refusal(ctx.text):
        return confirm(ctx, say("what_to_change", ctx.lang))
    unclear = say("correction_unclear", ctx.lang) if matches("correction", ctx.text) else ""
    return confirm(ctx, unclear or say("confirm_unclear", ctx.lang))
