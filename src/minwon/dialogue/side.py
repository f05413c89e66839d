"""Side questions mid-conversation ("수수료 얼마예요?"), answered from the catalog."""

from __future__ import annotations

import datetime as dt

from minwon.catalog import Catalog
from minwon.catalog.schema import Service, Sourced
from minwon.catalog.views import current_fees
from minwon.dialogue.context import TurnContext
from minwon.dialogue.describe import (
    citation,
    deadline_sentence,
    describe_documents,
    describe_fees,
    legal_ref,
)
from minwon.dialogue.flow import prompt
from minwon.dialogue.schemas import Citation, Turn
from minwon.dialogue.state import ConversationState
from minwon.dialogue.texts import matches, phrases, say

__all__ = [
    "answer_side",
    "answer_side_question",
    "looks_like_question",
    "side_topic",
    "side_topics",
]


def side_topics() -> tuple[str, ...]:
    """In the data file's order: the more specific first ("얼마나 걸려요" is processing time)."""
    return tuple(phrases()["side"])


def side_topic(text: str) -> str | None:
    """Which side question ``text`` asks, if any."""
    return next((topic for topic in side_topics() if matches(f"side.{topic}", text)), None)


def looks_like_question(text: str) -> bool:
    """A message that asks rather than answers: a "?" or a question word."""
    return text.strip().endswith("?") or matches("question_words", text)


def answer_side(ctx: TurnContext, topic: str) -> Turn:
    """Answer a side question about the service it names (or the one being asked about), then
    repeat what the conversation was waiting for."""
    service = ctx.catalog.service(_focus(ctx))
    answer, cites = answer_side_question(ctx.catalog, ctx.state, service, topic, ctx.today)
    turn = prompt(ctx, prefix=answer)
    turn.reply.citations = cites + turn.reply.citations
    turn.reply.kind = "side"
    return turn


def _focus(ctx: TurnContext) -> str:
    """The service a side question is about: one it names, else the one being asked about."""
    routed = ctx.routed()
    if not routed.abstain and routed.services and routed.confidence >= 0.5:
        return routed.services[0]
    state = ctx.state
    if state.asked:
        owner = ctx.plan().owner_of(state.asked)
        if owner and owner in ctx.catalog.services:
            return owner
    in_play = state.in_play()
    return in_play[0] if in_play else state.services[0]


def answer_side_question(
    catalog: Catalog, state: ConversationState, service: Service, topic: str, today: dt.date
) -> tuple[str, list[Citation]]:
    """The answer to a side question about ``service``, with the law and sources behind it."""
    text, cites = _answer(catalog, state, service, topic, today)
    sources = _sources_behind(catalog, service, topic, today, state.lang)
    if sources is not None:
        text += "\n" + say(f"sureness.{sources.confidence}", state.lang)
        cites.append(sources)
    return text, cites


def _sourced_for(service: Service, topic: str, today: dt.date) -> list[Sourced]:
    """The catalog's sources for the facts a side answer uses."""
    if topic == "fee":
        return [f.source for f in current_fees(service, today)]
    if topic == "documents":
        return [d.source for d in service.documents]
    if topic == "online":
        return [service.online.source]
    if topic == "processing":
        return [service.processing_time.source]
    if topic == "who":
        return [a.source for a in service.applicants]
    return []


def _sources_behind(
    catalog: Catalog, service: Service, topic: str, today: dt.date, lang: str
) -> Citation | None:
    sourced = _sourced_for(service, topic, today)
    if not sourced:
        return None
    refs = sorted({ref for s in sourced for ref in s.refs})
    # The answer is only as sure as its least sure fact.
    order = ("uncertain", "general-knowledge", "sourced")
    confidence = min((s.confidence for s in sourced), key=order.index)
    return Citation(
        kind="source",
        statute=None,
        article=None,
        confidence=confidence,
        service=service.id,
        summary=f"{service.name.get(lang)}: {say(f'topic.{topic}', lang)}",
        refs=refs,
        titles=[catalog.sources[r].title for r in refs if r in catalog.sources],
    )


def _answer(
    catalog: Catalog, state: ConversationState, service: Service, topic: str, today: dt.date
) -> tuple[str, list[Citation]]:
    lang = state.lang
    name = service.name.get(lang)
    if topic == "fee":
        return describe_fees(service, lang, today)
    if topic == "documents":
        return describe_documents(service, lang)
    if topic == "deadline":
        return deadline_sentence(catalog, state, service.id, today)
    if topic == "online":
        return say(
            "online_answer", lang, name=name, description=service.online.description.get(lang)
        ), []
    if topic == "processing":
        return say(
            "processing_answer",
            lang,
            name=name,
            description=service.processing_time.description.get(lang),
        ), []
    if topic == "who":
        lines = [say("who_intro", lang, name=name)]
        lines += [f"- {a.description.get(lang)}" for a in service.applicants]
        return "\n".join(lines), []
    lines = [say("legal_intro", lang, name=name)]
    lines += [f"- {legal_ref(b)}: {b.summary.get(lang)}" for b in service.legal_basis]
    return "\n".join(lines), [citation(b, lang, service.id) for b in service.legal_basis]
