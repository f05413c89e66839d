"""A bundle's members are shown: "모두 진행", "자동차는 빼 주세요", "전입신고만 할게요"."""

from __future__ import annotations

import re

from minwon.catalog import Catalog
from minwon.dialogue.context import TurnContext
from minwon.dialogue.flow import carry_on, members_question
from minwon.dialogue.schemas import Turn
from minwon.dialogue.texts import (
    consists_of,
    is_agreement,
    is_refusal,
    normalise,
    phrases,
    say,
)

__all__ = ["mentions", "on_members"]


def on_members(ctx: TurnContext) -> Turn:
    """Leave members out, bring one back, or go ahead with those shown."""
    state = ctx.state
    excluded, only = _member_choice(ctx)
    if only:
        excluded |= {s for s in state.services if s not in only}
    if excluded or only:
        return _leave_out(ctx, excluded)
    mentioned = set(mentions(ctx.catalog, state.services, ctx.text)) & set(state.excluded)
    if mentioned:  # "전입신고 다시 넣어 주세요"
        state.excluded = [s for s in state.excluded if s not in mentioned]
        ctx.changed()
        names = ", ".join(ctx.catalog.service(s).name.get(ctx.lang) for s in sorted(mentioned))
        return members_question(ctx, say("member_back_in", ctx.lang, name=names))
    if is_refusal(ctx.text):
        return ctx.reply(say("members_which", ctx.lang), kind="members")
    if not ctx.plan().active:
        return members_question(ctx)
    if is_agreement(ctx.text) or consists_of("all_members", ctx.text, fillers="agreement.fillers"):
        state.phase = "collecting"
        return carry_on(ctx)
    return members_question(ctx, say("members_unclear", ctx.lang))


def _leave_out(ctx: TurnContext, services: set[str]) -> Turn:
    # Only the person's own choices go into `excluded`; the bundle's rules are evaluated afresh.
    state = ctx.state
    state.excluded += [s for s in state.services if s in services and s not in state.excluded]
    ctx.changed()
    names = ", ".join(
        ctx.catalog.service(s).name.get(ctx.lang) for s in state.services if s in services
    )
    return members_question(ctx, say("member_excluded", ctx.lang, name=names))


def mentions(catalog: Catalog, services: list[str], text: str) -> dict[str, int]:
    """Where each service is named in ``text`` (by a word only its name or keywords use)."""
    words: dict[str, set[str]] = {}
    for service_id in services:
        service = catalog.service(service_id)
        names = [service.name.ko, service.name.en]
        if service.keywords:
            names += service.keywords.ko.split(",") + service.keywords.en.split(",")
        words[service_id] = {
            w for n in names for w in re.split(r"[\s·()/]+", n.lower()) if len(w) >= 2
        }
    clean = normalise(text)
    found: dict[str, int] = {}
    for service_id, own in words.items():
        others = set().union(*(w for s, w in words.items() if s != service_id))
        positions = [clean.find(w) for w in own - others if w in clean]
        if positions:
            found[service_id] = min(positions)
    return found


def _phrase_positions(path: str, text: str) -> list[int]:
    clean = normalise(text)
    node = phrases()
    for part in path.split("."):
        node = node[part]
    return [
        m.start()
        for p in (*node.get("ko", []), *node.get("en", []))
        for m in re.finditer(re.escape(str(p).lower()), clean)
    ]


def _member_choice(ctx: TurnContext) -> tuple[set[str], set[str]]:
    """(left out, kept only) as the reply names them: "자동차 빼고 전입신고만 해 주세요"."""
    found = mentions(ctx.catalog, ctx.state.services, ctx.text)
    excluded: set[str] = set()
    clean = normalise(ctx.text)
    boundary = -1  # Korean: everything named since the last "빼고" is left out ("A랑 B는 빼고")
    for at in sorted(_phrase_positions("exclude", ctx.text)):
        if re.search(r"[a-z]", clean[at : at + 3]):  # English names it after "without"
            after = [(pos - at, s) for s, pos in found.items() if pos > at]
            excluded |= {min(after)[1]} if after else set()
            continue
        excluded |= {s for s, pos in found.items() if boundary < pos < at}
        boundary = at
    only = set(found) - excluded if _phrase_positions("only", ctx.text) else set()
    return excluded, only
