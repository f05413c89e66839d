"""The conversation engine: one message in, the next state and a structured reply out."""

from __future__ import annotations

import datetime as dt

from minwon.catalog import Catalog
from minwon.dialogue import collect
from minwon.dialogue.describe import deadline_sentence, services_in_play
from minwon.dialogue.plan import included_members
from minwon.dialogue.schemas import Citation, QuickReply, Reply, Turn
from minwon.dialogue.side import answer_side_question, side_topic
from minwon.dialogue.state import ConversationState
from minwon.dialogue.texts import is_agreement, is_refusal, matches, normalise, say
from minwon.nlu import Router, RouteResult

__all__ = ["DialogueEngine"]


class DialogueEngine:
    """Turns messages into replies. Pure: no database, no network, time passed in."""

    def __init__(self, catalog: Catalog, router: Router) -> None:
        self.catalog = catalog
        self.router = router

    # --- entry points ----------------------------------------------------------------------

    def start(self, text: str | None, *, today: dt.date, lang: str | None = None) -> Turn:
        """A new conversation, with or without a first message."""
        state = ConversationState(lang="en" if lang == "en" else "ko")
        if not text or not text.strip():
            return self._reply(state, say("greeting", state.lang), today)
        return self.handle(state, text, today=today, lang=lang)

    def handle(
        self, state: ConversationState, text: str, *, today: dt.date, lang: str | None = None
    ) -> Turn:
        """The next turn after the person says ``text``."""
        state = state.model_copy(deep=True)
        if lang in ("ko", "en"):
            state.lang = lang  # type: ignore[assignment]
        clean = normalise(text)
        if not clean:
            return self.prompt(state, today)
        if state.phase not in ("start", "submitted", "cancelled") and matches("cancel", clean):
            return self._cancel(state, today)
        if matches("status", clean):  # answered in any phase; the open question follows
            routed = self.router.route(text, today=today, lang=lang)
            return Turn(
                state=state,
                reply=self._bare(state, ""),
                action="status",
                action_target=routed.services[0]
                if routed.services and not routed.abstain
                else None,
            )
        handler = {
            "clarifying": self._on_clarifying,
            "proposed": self._on_proposed,
            "members": self._on_members,
            "collecting": self._on_collecting,
            "confirming": self._on_confirming,
        }.get(state.phase, self._on_new_request)
        return handler(state, text, today)

    def prompt(self, state: ConversationState, today: dt.date, prefix: str = "") -> Turn:
        """Repeat what the conversation is waiting for (after a restart, or an empty message)."""
        if state.phase == "collecting":
            return self._ask_next(state, today, prefix)
        if state.phase == "confirming":
            return collect.confirm(self, state, today, prefix)
        if state.phase == "proposed":
            return self._reply(
                state,
                _join(prefix, say("proceed_question", state.lang)),
                today,
                quick=self._yes_no(state),
            )
        if state.phase == "members":
            return self._members_question(state, today, prefix)
        return self._reply(state, _join(prefix, say("greeting", state.lang)), today)

    def submitted(self, state: ConversationState, receipts: list[str], today: dt.date) -> Turn:
        """Called by the use case once the applications are filed."""
        state = state.model_copy(deep=True)
        state.phase = "submitted"
        state.receipts = receipts
        return self._reply(state, say("submitted", state.lang, receipts=", ".join(receipts)), today)

    def needs_authentication(self, state: ConversationState, today: dt.date) -> Turn:
        """The reply when submission waits for a multi-factor sign-in (nothing is lost)."""
        turn = collect.confirm(self, state, today, say("needs_mfa", state.lang))
        turn.reply.needs_auth = "mfa"
        return turn

    # --- phases ----------------------------------------------------------------------------

    def _on_new_request(self, state: ConversationState, text: str, today: dt.date) -> Turn:
        routed = self.router.route(text, today=today, lang=None)
        # A new request starts from nothing: facts of a filed or cancelled request must never
        # flow into the next one. It is answered in the language it was written in.
        state = ConversationState(lang="en" if routed.lang == "en" else "ko")
        if routed.abstain:
            return self._reply(state, say("out_of_scope", state.lang), today)
        if routed.clarification is not None:
            return self._clarify(state, routed, today)
        return self._propose(state, routed, today)

    def _clarify(self, state: ConversationState, routed: RouteResult, today: dt.date) -> Turn:
        clarification = routed.clarification
        assert clarification is not None  # noqa: S101 — checked by the caller
        state.phase = "clarifying"
        state.candidates = [
            {"kind": c.kind, "id": c.id, "label": c.label_en if state.lang == "en" else c.label_ko}
            for c in clarification.candidates
        ]
        collect.remember_slots(self.catalog, state, routed)
        quick = [QuickReply(label=c["label"], value=c["label"]) for c in state.candidates]
        return self._reply(state, clarification.question(state.lang), today, quick=quick)

    def _on_clarifying(self, state: ConversationState, text: str, today: dt.date) -> Turn:
        chosen = collect.choose_candidate(self, state, text, today)
        if isinstance(chosen, dict):
            return self._pick_candidate(state, chosen, today)
        if chosen == "ambiguous":  # "중구" again: still more than one; ask again, never guess
            quick = [QuickReply(label=c["label"], value=c["label"]) for c in state.candidates]
            return self._reply(state, say("clarify_again", state.lang), today, quick=quick)
        return self._on_new_request(state, text, today)

    def _pick_candidate(
        self, state: ConversationState, candidate: dict[str, str], today: dt.date
    ) -> Turn:
        state.candidates = []
        if candidate["kind"] == "region":
            state.facts["region"] = candidate["id"]
            pending = state.facts.pop("_pending_route", None)
            if isinstance(pending, dict) and (pending.get("services") or pending.get("bundle")):
                return self._propose_ids(
                    state, pending.get("services", []), pending.get("bundle"), today
                )
            state.phase = "start"
            return self._reply(state, say("greeting", state.lang), today)
        if candidate["kind"] == "bundle":
            return self._propose_ids(state, [], candidate["id"], today)
        return self._propose_ids(state, [candidate["id"]], None, today)

    def _propose(self, state: ConversationState, routed: RouteResult, today: dt.date) -> Turn:
        collect.remember_slots(self.catalog, state, routed)
        return self._propose_ids(state, routed.services[:1], routed.bundle, today)

    def _propose_ids(
        self, state: ConversationState, services: list[str], bundle_id: str | None, today: dt.date
    ) -> Turn:
        lang = state.lang
        state.phase = "proposed"
        state.bundle = bundle_id
        if bundle_id is not None:
            bundle = self.catalog.bundle(bundle_id)
            state.services = [m.service for m in bundle.members]
            members = ", ".join(self.catalog.service(s).name.get(lang) for s in state.services)
            text = say("propose_bundle", lang, name=bundle.name.get(lang), members=members)
        else:
            state.services = services
            service = self.catalog.service(services[0])
            text = say(
                "propose_service",
                lang,
                name=service.name.get(lang),
                why=service.description.get(lang),
            )
        collect.apply_event_date(self.catalog, state, today)
        lines, cites = self._deadlines(state, today)
        text = "\n".join([text, *lines, say("proceed_question", lang)])
        return self._reply(state, text, today, quick=self._yes_no(state), citations=cites)

    def _deadlines(
        self, state: ConversationState, today: dt.date
    ) -> tuple[list[str], list[Citation]]:
        status = included_members(self.catalog, state, today)
        lines: list[str] = []
        cites: list[Citation] = []
        for service_id in state.services:
            if status.get(service_id) != "in" or service_id in state.excluded:
                continue  # a member whose rule is not yet known gets its deadline once it is
            line, more = deadline_sentence(self.catalog, state, service_id, today)
            if self.catalog.service(service_id).deadline.kind != "none":
                lines.append(line)
            cites.extend(more)
        return lines, cites

    def _on_proposed(self, state: ConversationState, text: str, today: dt.date) -> Turn:
        if is_agreement(text):
            state.phase = "collecting"
            state.facts.pop("_pending_route", None)
            return self._ask_next(state, today)
        if is_refusal(text):
            fresh = ConversationState(lang=state.lang)
            return self._reply(fresh, say("not_started", fresh.lang), today)
        topic = side_topic(text)
        if topic is not None:
            return self._side(state, text, topic, today)
        return self._on_new_request(state, text, today)

    def _on_members(self, state: ConversationState, text: str, today: dt.date) -> Turn:
        return collect.on_members(self, state, text, today)

    def _members_question(self, state: ConversationState, today: dt.date, prefix: str = "") -> Turn:
        return collect.members_question(self, state, today, prefix)

    def _on_collecting(self, state: ConversationState, text: str, today: dt.date) -> Turn:
        return collect.on_collecting(self, state, text, today)

    def _on_confirming(self, state: ConversationState, text: str, today: dt.date) -> Turn:
        return collect.on_confirming(self, state, text, today)

    def _ask_next(self, state: ConversationState, today: dt.date, prefix: str = "") -> Turn:
        return collect.ask_next(self, state, today, prefix)

    def _side(self, state: ConversationState, text: str, topic: str, today: dt.date) -> Turn:
        service_id = self._focus(state, text, today)
        answer, cites = answer_side_question(
            self.catalog, state, self.catalog.service(service_id), topic, today
        )
        turn = self.prompt(state, today, prefix=answer)
        turn.reply.citations = cites + turn.reply.citations
        return turn

    def _focus(self, state: ConversationState, text: str, today: dt.date) -> str:
        """The service a side question is about: one it names, else the one being asked about."""
        routed = self.router.route(text, today=today)
        if not routed.abstain and routed.services and routed.confidence >= 0.5:
            return routed.services[0]
        if state.asked:
            owner = collect.owner_of(self.catalog, state, state.asked, today)
            if owner:
                return owner
        in_play = state.in_play()
        return in_play[0] if in_play else state.services[0]

    def _cancel(self, state: ConversationState, today: dt.date) -> Turn:
        state.phase = "cancelled"
        state.asked = None
        return self._reply(state, say("cancelled", state.lang), today)

    # --- replies ---------------------------------------------------------------------------

    def _yes_no(self, state: ConversationState) -> list[QuickReply]:
        lang = state.lang
        return [
            QuickReply(label=say("quick.yes", lang), value=say("quick.yes", lang)),
            QuickReply(label=say("quick.no", lang), value=say("quick.no", lang)),
        ]

    def _bare(self, state: ConversationState, text: str) -> Reply:
        return Reply(text=text, phase=state.phase, bundle=state.bundle)

    def _reply(
        self,
        state: ConversationState,
        text: str,
        today: dt.date,
        *,
        quick: list[QuickReply] | None = None,
        citations: list[Citation] | None = None,
    ) -> Turn:
        status = included_members(self.catalog, state, today) if state.services else {}
        reply = Reply(
            text=text,
            quick_replies=quick or [],
            citations=citations or [],
            services=services_in_play(self.catalog, state, today, status),
            bundle=state.bundle,
            phase=state.phase,
        )
        return Turn(state=state, reply=reply)


def _join(prefix: str, text: str) -> str:
    return f"{prefix}\n{text}" if prefix else text
