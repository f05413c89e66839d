"""A clarifying question is open ("어느 중구요?"): the reply picks a candidate, or asks anew."""

from __future__ import annotations

import re

from minwon.dialogue.context import TurnContext
from minwon.dialogue.phases.start import new_request, propose_ids
from minwon.dialogue.schemas import QuickReply, Turn
from minwon.dialogue.texts import alternation, grammar, normalise, phrases, say

__all__ = ["on_clarifying"]


def on_clarifying(ctx: TurnContext) -> Turn:
    """The candidate the reply names; the same question if it still fits several; else the
    reply is a new request."""
    chosen = _choose(ctx)
    if isinstance(chosen, dict):
        return _pick(ctx, chosen)
    if chosen == "ambiguous":  # "중구" again: still more than one; ask again, never guess
        quick = [QuickReply(label=c["label"], value=c["label"]) for c in ctx.state.candidates]
        return ctx.reply(say("clarify_again", ctx.lang), kind="clarification", quick=quick)
    return new_request(ctx)


def _pick(ctx: TurnContext, candidate: dict[str, str]) -> Turn:
    state = ctx.state
    state.candidates = []
    if candidate["kind"] == "region":
        state.facts["region"] = candidate["id"]
        pending, state.internal.pending_route = state.internal.pending_route, None
        if pending is not None and (pending.services or pending.bundle):
            return propose_ids(ctx, pending.services, pending.bundle)
        state.phase = "start"
        return ctx.reply(say("greeting", ctx.lang), kind="greeting")
    if candidate["kind"] == "bundle":
        return propose_ids(ctx, [], candidate["id"])
    return propose_ids(ctx, [candidate["id"]], None)


def _choose(ctx: TurnContext) -> dict[str, str] | str | None:
    """The candidate a reply picks, "ambiguous", or None (the reply is a new request)."""
    clean, candidates = ctx.clean, ctx.state.candidates
    if not clean:
        return "ambiguous"
    index = _ordinal(clean)
    if index is not None and 0 <= index < len(candidates):
        return candidates[index]
    if any(c["kind"] == "region" for c in candidates):
        region = ctx.slots().region
        picked = [c for c in candidates if c["id"] == region]
        if picked:
            return picked[0]
    fitting = [
        c
        for c in candidates
        if clean == c["id"] or clean in normalise(c["label"]) or normalise(c["label"]) in clean
    ]
    if len(fitting) == 1:
        return fitting[0]
    return "ambiguous" if fitting else None


def _ordinal(clean: str) -> int | None:
    """ "두 번째" / "2번" / "second" / "2" → 1 (zero-based)."""
    korean, english = phrases()["ordinal"]["ko"], phrases()["ordinal"]["en"]
    counters = alternation(grammar("ordinal_counters"))
    tails = alternation(grammar("ordinal_tails"))
    if clean.isdigit():
        return int(clean) - 1
    number = re.fullmatch(rf"(\d+)\s*(?:{counters})?(?:\s*(?:{tails}))?", clean)
    if number:
        return int(number[1]) - 1
    words = re.fullmatch(rf"(\S+?)\s*(?:{counters})(?:\s*(?:{tails}))?", clean)
    if words and words[1] in korean:
        return int(korean.index(words[1]))
    match = re.fullmatch(r"(?:the\s+)?(\w+)(?:\s+one)?", clean)
    if match and match[1] in english:
        return int(english.index(match[1]))
    return None
