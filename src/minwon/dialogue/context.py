"""One turn's context: what the handlers read (catalog, router, state, text, day) and how they
answer. Handlers receive it and return a :class:`Turn`; they never reach into the engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from minwon.catalog import Catalog
from minwon.catalog.schema import Bundle
from minwon.dialogue.describe import services_in_play
from minwon.dialogue.plan import Plan, make_plan
from minwon.dialogue.schemas import (
    Action,
    Citation,
    FormField,
    HelpLine,
    QuickReply,
    ReferralInfo,
    Reply,
    ReplyKind,
    SummaryItem,
    Turn,
)
from minwon.dialogue.state import ConversationState
from minwon.dialogue.texts import normalise, say
from minwon.nlu import Router, RouteResult, Slots

__all__ = ["TurnContext", "join"]


@dataclass
class TurnContext:
    """The state being changed by one message, and the tools to understand and answer it."""

    catalog: Catalog
    router: Router
    state: ConversationState
    text: str
    today: dt.date
    _plan: Plan | None = field(default=None, repr=False)
    _routed: RouteResult | None = field(default=None, repr=False)
    _slots: Slots | None = field(default=None, repr=False)

    @property
    def lang(self) -> str:
        return self.state.lang

    def bundle(self) -> Bundle | None:
        """The bundle in play, if any."""
        return self.catalog.bundles.get(self.state.bundle) if self.state.bundle else None

    @property
    def clean(self) -> str:
        """The message normalised: NFC, lower case, single spaces, no trailing punctuation."""
        return normalise(self.text)

    # --- derived once per turn --------------------------------------------------------------

    def plan(self) -> Plan:
        """What is still to ask and what will be filed; computed again only after a change."""
        if self._plan is None:
            self._plan = make_plan(self.catalog, self.state, self.today)
        return self._plan

    def changed(self) -> None:
        """The facts or the services changed: the plan is computed again when next needed."""
        self._plan = None

    def routed(self) -> RouteResult:
        """The router's reading of the message (computed at most once)."""
        if self._routed is None:
            self._routed = self.router.route(self.text, today=self.today)
        return self._routed

    def slots(self) -> Slots:
        """The date and 시군구 the message states, whatever it asks."""
        if self._slots is None:
            self._slots = self.router.extract_slots(self.text, today=self.today)
        return self._slots

    # --- changing facts ---------------------------------------------------------------------

    def store(self, key: str, value: Any) -> None:
        """Remember an answer; it becomes the latest one (what "back" undoes first)."""
        state = self.state
        state.facts[key] = value
        if key in state.skipped:
            state.skipped.remove(key)
        if key in state.history:
            state.history.remove(key)
        state.history.append(key)
        if state.asked == key:
            state.asked = None
        self.changed()

    def forget(self, key: str) -> None:
        """Drop an answer so that it is asked again."""
        self.state.facts.pop(key, None)
        if key in self.state.history:
            self.state.history.remove(key)
        if key in self.state.skipped:
            self.state.skipped.remove(key)
        self.changed()

    # --- answering --------------------------------------------------------------------------

    def reply(
        self,
        text: str,
        *,
        kind: ReplyKind,
        quick: list[QuickReply] | None = None,
        citations: list[Citation] | None = None,
        form: list[FormField] | None = None,
        summary: list[SummaryItem] | None = None,
        help_lines: list[HelpLine] | None = None,
        referral: ReferralInfo | None = None,
        action: Action = "none",
    ) -> Turn:
        """The turn: the state as it now is and a reply showing the services in play."""
        state = self.state
        status = dict(self.plan().status) if state.services else {}
        reply = Reply(
            text=text,
            kind=kind,
            quick_replies=quick or [],
            citations=citations or [],
            form=form or [],
            summary=summary or [],
            help_lines=help_lines or [],
            referral=referral,
            services=services_in_play(self.catalog, state, self.today, status),
            bundle=state.bundle,
            phase=state.phase,
        )
        return Turn(state=state, reply=reply, action=action)

    def yes_no(self) -> list[QuickReply]:
        """Quick replies "예" / "아니요" in the conversation's language."""
        return [
            QuickReply(label=say("quick.yes", self.lang), value=say("quick.yes", self.lang)),
            QuickReply(label=say("quick.no", self.lang), value=say("quick.no", self.lang)),
        ]


def join(*parts: str) -> str:
    """Non-empty parts on their own lines."""
    return "\n".join(p for p in parts if p)
