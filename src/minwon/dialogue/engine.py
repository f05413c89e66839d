"""The conversation engine: one message in, the next state and a structured reply out.

It only dispatches: the ordered interruptions first (:mod:`minwon.dialogue.interruptions`), then
the handler of the state's phase (:mod:`minwon.dialogue.phases`). Handlers receive a
:class:`~minwon.dialogue.context.TurnContext` and return a :class:`Turn`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from minwon.catalog import Catalog
from minwon.dialogue.context import TurnContext
from minwon.dialogue.flow import ask, confirm, prompt
from minwon.dialogue.interruptions import INTERRUPTIONS
from minwon.dialogue.phases.clarifying import on_clarifying
from minwon.dialogue.phases.collecting import on_collecting
from minwon.dialogue.phases.confirming import on_confirming
from minwon.dialogue.phases.finished import on_finished
from minwon.dialogue.phases.members import on_members
from minwon.dialogue.phases.proposed import on_proposed
from minwon.dialogue.schemas import Turn
from minwon.dialogue.state import ConversationState, Phase
from minwon.dialogue.texts import say
from minwon.nlu import Router

__all__ = ["DialogueEngine", "UnknownAnswerError"]

Handler = Callable[[TurnContext], Turn]

PHASES: dict[Phase, Handler] = {
    "start": on_finished,
    "clarifying": on_clarifying,
    "proposed": on_proposed,
    "members": on_members,
    "collecting": on_collecting,
    "confirming": on_confirming,
    "submitted": on_finished,
    "cancelled": on_finished,
}


class UnknownAnswerError(LookupError):
    """An answer to change was named that the summary does not show."""


class DialogueEngine:
    """Turns messages into replies. Pure: no database, no network, time passed in."""

    def __init__(self, catalog: Catalog, router: Router) -> None:
        self.catalog = catalog
        self.router = router

    def _context(self, state: ConversationState, text: str, today: dt.date) -> TurnContext:
        return TurnContext(self.catalog, self.router, state.model_copy(deep=True), text, today)

    def start(self, text: str | None, *, today: dt.date, lang: str | None = None) -> Turn:
        """A new conversation, with or without a first message."""
        state = ConversationState(lang="en" if lang == "en" else "ko")
        if not text or not text.strip():
            ctx = self._context(state, "", today)
            return ctx.reply(say("greeting", state.lang), kind="greeting")
        ctx = self._context(state, text, today)
        if lang is None:  # answered in the language the first message was written in
            ctx.state.lang = "en" if ctx.routed().lang == "en" else "ko"
        return self._handle(ctx)

    def handle(
        self, state: ConversationState, text: str, *, today: dt.date, lang: str | None = None
    ) -> Turn:
        """The next turn after the person says ``text``."""
        ctx = self._context(state, text, today)
        if lang in ("ko", "en"):
            ctx.state.lang = lang  # type: ignore[assignment]
        return self._handle(ctx)

    def _handle(self, ctx: TurnContext) -> Turn:
        if not ctx.clean:
            return prompt(ctx)
        for interruption in INTERRUPTIONS:
            turn = interruption(ctx)
            if turn is not None:
                return turn
        return PHASES[ctx.state.phase](ctx)

    def prompt(self, state: ConversationState, today: dt.date, prefix: str = "") -> Turn:
        """Repeat what the conversation is waiting for (after a restart, or an empty message)."""
        return prompt(self._context(state, "", today), prefix)

    def change_answer(self, state: ConversationState, key: str, today: dt.date) -> Turn:
        """The "변경"/"Change" link of the summary: ask that one question again, then come back
        to the summary. Raises :class:`UnknownAnswerError` for a key the summary does not show."""
        ctx = self._context(state, "", today)
        question = next((q for q in ctx.plan().questions if q.key == key), None)
        if ctx.state.phase != "confirming" or question is None or key not in ctx.state.facts:
            raise UnknownAnswerError(key)
        return ask(ctx, question)

    def submitted(
        self,
        state: ConversationState,
        receipts: list[str],
        today: dt.date,
        *,
        delayed: Sequence[str] = (),
    ) -> Turn:
        """Called by the use case once the applications are filed. ``delayed`` lists the services
        whose agency cannot take them now: they are queued, and the reply says so."""
        ctx = self._context(state, "", today)
        ctx.state.phase = "submitted"
        ctx.state.receipts = receipts
        text = say("submitted", ctx.lang, receipts=", ".join(receipts))
        if delayed:
            names = ", ".join(self.catalog.service(s).name.get(ctx.lang) for s in delayed)
            text += "\n" + say("submitted_delayed", ctx.lang, services=names)
        return ctx.reply(text, kind="submitted")

    def needs_authentication(self, state: ConversationState, today: dt.date) -> Turn:
        """The reply when submission waits for a multi-factor sign-in (nothing is lost)."""
        turn = confirm(self._context(state, "", today), say("needs_mfa", state.lang))
        turn.reply.needs_auth = "mfa"
        return turn
