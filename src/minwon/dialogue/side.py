"""Side questions mid-conversation ("수수료 얼마예요?"), answered from the catalog."""

from __future__ import annotations

import datetime as dt

from minwon.catalog import Catalog
from minwon.catalog.schema import Service
from minwon.dialogue.describe import (
    citation,
    deadline_sentence,
    describe_documents,
    describe_fees,
    legal_ref,
)
from minwon.dialogue.schemas import Citation
from minwon.dialogue.state import ConversationState
from minwon.dialogue.texts import matches, say

__all__ = ["SIDE_TOPICS", "answer_side_question", "side_topic"]

SIDE_TOPICS = ("fee", "documents", "deadline", "online", "who", "processing", "legal")


def side_topic(text: str) -> str | None:
    """Which side question ``text`` asks, if any."""
    return next((topic for topic in SIDE_TOPICS if matches(f"side.{topic}", text)), None)


def answer_side_question(
    catalog: Catalog, state: ConversationState, service: Service, topic: str, today: dt.date
) -> tuple[str, list[Citation]]:
    """The answer to a side question about ``service``, with its citations."""
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
