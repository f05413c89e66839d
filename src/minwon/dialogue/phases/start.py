"""A new request: understood, it is proposed (with its deadlines and their law) or clarified;
not understood or not ours, it is answered honestly."""

from __future__ import annotations

from minwon.dialogue.context import TurnContext, join
from minwon.dialogue.describe import citation, legal_ref
from minwon.dialogue.facts import (
    apply_event_date,
    needs_year_confirmation,
    prefill_choices,
    remember_request,
)
from minwon.dialogue.flow import ask_year_confirmation, deadline_lines, iso_date
from minwon.dialogue.schemas import QuickReply, ReferralInfo, Turn
from minwon.dialogue.state import ConversationState, PendingDate
from minwon.dialogue.texts import say
from minwon.nlu import RouteResult
from minwon.nlu.misuse import misuse_reasons

__all__ = ["new_request", "propose_ids", "render_proposal"]

# After this many turns in a row that minwon did not understand, it offers a person.
MISUNDERSTOOD_BEFORE_OFFER = 2


def new_request(ctx: TurnContext) -> Turn:
    """Start afresh from this message: facts of a filed or cancelled request never flow into the
    next one, and the reply is in the language the request was written in."""
    routed = ctx.routed()
    misunderstood = ctx.state.internal.misunderstood
    ctx.state = ConversationState(lang="en" if routed.lang == "en" else "ko")
    ctx.changed()
    if routed.abstain:
        ctx.state.internal.misunderstood = misunderstood + 1
        return not_ours(ctx, routed)
    if routed.clarification is not None:
        return _clarify(ctx, routed)
    remember_request(ctx, routed)
    return propose_ids(
        ctx, routed.services[:1], routed.bundle, excluded=list(routed.excluded), from_request=True
    )


def not_ours(ctx: TurnContext, routed: RouteResult) -> Turn:
    """What minwon cannot file, said plainly: a service another agency handles (and where), a
    misuse refused with its reason, a report or complaint for a department; else what it can do,
    and a person after repeated misunderstanding."""
    referral = routed.referral
    if routed.abstain_reason == "outside_catalog" and referral in ctx.catalog.referrals:
        assert referral is not None  # noqa: S101 — it was found in the catalog
        ctx.state.internal.misunderstood = 0
        return refer(ctx, referral)
    if routed.abstain_reason == "misuse" and routed.misuse in misuse_reasons():
        ctx.state.internal.misunderstood = 0
        reason = misuse_reasons()[routed.misuse].explanation(ctx.lang)
        return ctx.reply(reason, kind="refusal")
    if routed.abstain_reason == "participation":
        ctx.state.internal.misunderstood = 0
        return ctx.reply(say("participation", ctx.lang), kind="referral")
    text = say("out_of_scope", ctx.lang)
    quick: list[QuickReply] = []
    if ctx.state.internal.misunderstood >= MISUNDERSTOOD_BEFORE_OFFER:
        text = join(text, say("offer_person", ctx.lang))
        label = say("quick.person", ctx.lang)
        quick = [QuickReply(label=label, value=label)]
    return ctx.reply(text, kind="refusal", quick=quick)


def refer(ctx: TurnContext, referral_id: str) -> Turn:
    """ "minwon cannot file this; here is where": the agency, the portal and the statute."""
    referral, lang = ctx.catalog.referrals[referral_id], ctx.lang
    legal = legal_ref(referral.legal_basis) if referral.legal_basis else None
    text = join(
        say("referral_intro", lang, name=referral.name.get(lang)),
        referral.description.get(lang),
        referral.where.get(lang),
        say("referral_url", lang, url=referral.url) if referral.url else "",
        say("referral_legal", lang, legal=legal) if legal else "",
    )
    info = ReferralInfo(
        id=referral.id,
        name=referral.name.get(lang),
        description=referral.description.get(lang),
        where=referral.where.get(lang),
        url=referral.url,
        legal=legal,
    )
    cites = [citation(referral.legal_basis, lang, None)] if referral.legal_basis else []
    return ctx.reply(text, kind="referral", referral=info, citations=cites)


def _clarify(ctx: TurnContext, routed: RouteResult) -> Turn:
    clarification = routed.clarification
    assert clarification is not None  # noqa: S101 — checked by the caller
    state = ctx.state
    state.phase = "clarifying"
    state.candidates = [
        {"kind": c.kind, "id": c.id, "label": c.label_en if ctx.lang == "en" else c.label_ko}
        for c in clarification.candidates
    ]
    remember_request(ctx, routed)
    quick = [QuickReply(label=c["label"], value=c["label"]) for c in state.candidates]
    return ctx.reply(clarification.question(ctx.lang), kind="clarification", quick=quick)


def propose_ids(
    ctx: TurnContext,
    services: list[str],
    bundle_id: str | None,
    *,
    excluded: list[str] | None = None,
    from_request: bool = False,
) -> Turn:
    """Propose a service or a bundle, with its deadlines computed from what is known."""
    state = ctx.state
    state.phase = "proposed"
    state.bundle = bundle_id
    if bundle_id is not None:
        state.services = [m.service for m in ctx.catalog.bundle(bundle_id).members]
    else:
        state.services = list(services)
    state.excluded = [s for s in excluded or [] if s in state.services]
    ctx.changed()
    said = state.internal.said_date
    if said and not state.internal.said_date_approximate and _year_unsaid(ctx, said, from_request):
        state.internal.pending_date = PendingDate(key="event_date", value=said, from_request=True)
    apply_event_date(ctx)
    if from_request:
        prefill_choices(ctx, ctx.text)
    return render_proposal(ctx)


def _year_unsaid(ctx: TurnContext, said: str, from_request: bool) -> bool:
    return from_request and needs_year_confirmation(ctx, iso_date(said), ctx.text)


def render_proposal(ctx: TurnContext, prefix: str = "") -> Turn:
    """The proposal as it stands: what, why, by when under which law, then "진행할까요?" (or the
    year of a date first, when minwon had to assume it)."""
    state, lang = ctx.state, ctx.lang
    lines, cites = deadline_lines(ctx)
    text = join(prefix, _intro(ctx), *lines)
    if state.internal.pending_date is not None:
        turn = ask_year_confirmation(ctx, state.internal.pending_date.value, text)
        turn.reply.kind = "proposal"
        turn.reply.citations = cites
        return turn
    text = join(text, say("proceed_question", lang))
    return ctx.reply(text, kind="proposal", quick=ctx.yes_no(), citations=cites)


def _intro(ctx: TurnContext) -> str:
    state, lang, catalog = ctx.state, ctx.lang, ctx.catalog
    if state.bundle is None:
        service = catalog.service(state.services[0])
        return say(
            "propose_service", lang, name=service.name.get(lang), why=service.description.get(lang)
        )
    bundle = catalog.bundle(state.bundle)
    members = ", ".join(catalog.service(s).name.get(lang) for s in state.in_play())
    text = say("propose_bundle", lang, name=bundle.name.get(lang), members=members)
    if state.excluded:
        done = ", ".join(catalog.service(s).name.get(lang) for s in state.excluded)
        text = join(text, say("already_done", lang, name=done))
    return text
