"""Sentences about services: why, by when, under which law, at what cost, with which papers."""

from __future__ import annotations

import datetime as dt

from minwon.catalog import Catalog
from minwon.catalog.schema import LegalBasis, Service
from minwon.catalog.views import current_fees
from minwon.dialogue.plan import deadline_for
from minwon.dialogue.schemas import Citation, ServiceInPlay
from minwon.dialogue.state import ConversationState
from minwon.dialogue.texts import say

__all__ = [
    "citation",
    "deadline_sentence",
    "describe_documents",
    "describe_fees",
    "legal_ref",
    "services_in_play",
]


def legal_ref(basis: LegalBasis) -> str:
    """ "주민등록법 제16조 제1항"."""
    return f"{basis.statute} {basis.article}" if basis.article else basis.statute


def citation(basis: LegalBasis, lang: str, service_id: str | None) -> Citation:
    """A legal basis as a citation in the reply."""
    return Citation(
        statute=basis.statute,
        article=basis.article,
        summary=basis.summary.get(lang),
        confidence=basis.source.confidence,
        service=service_id,
    )


def _period(service: Service, lang: str) -> str:
    rule = service.deadline
    unit, count = next(
        (u, n)
        for u, n in (("day", rule.days), ("month", rule.months), ("year", rule.years or 0))
        if n
    )
    if count == 1:
        return say(f"period_{unit}_one", lang)
    return say(f"period_{unit}s", lang, n=count)


def deadline_sentence(
    catalog: Catalog, state: ConversationState, service_id: str, today: dt.date
) -> tuple[str, list[Citation]]:
    """The deadline in words, computed when the event date is known, with what backs it."""
    service = catalog.service(service_id)
    lang = state.lang
    rule = service.deadline
    cites = [citation(rule.legal_basis, lang, service_id)] if rule.legal_basis else []
    name = service.name.get(lang)
    deadline = deadline_for(catalog, state, service_id)
    if deadline is None or rule.event is None:
        return say("deadline_rule", lang, name=name, description=rule.description.get(lang)), cites
    if deadline.is_overdue(today):
        consequence = rule.consequence.get(lang) if rule.consequence else ""
        late = (today - deadline.due).days
        text = say(
            "deadline_passed",
            lang,
            name=name,
            due=deadline.due.isoformat(),
            days=late,
            consequence=consequence,
        )
    else:
        legal = legal_ref(rule.legal_basis) if rule.legal_basis else say("legal_unverified", lang)
        text = say(
            "deadline_known",
            lang,
            name=name,
            event=rule.event.get(lang),
            period=_period(service, lang),
            due=deadline.due.isoformat(),
            legal=legal,
        )
        if deadline.moved:
            text += " " + say("deadline_moved", lang, nominal=deadline.nominal_due.isoformat())
    for penalty in service.penalties[:1]:
        if penalty.legal_basis is None:
            continue
        legal = legal_ref(penalty.legal_basis)
        if penalty.max_amount_krw:
            text += " " + say(
                "penalty_max", lang, amount=_money(penalty.max_amount_krw, lang), legal=legal
            )
        else:
            text += " " + say(
                "penalty_line", lang, penalty=penalty.description.get(lang), legal=legal
            )
        cites.append(citation(penalty.legal_basis, lang, service_id))
    return text, cites


def services_in_play(
    catalog: Catalog, state: ConversationState, today: dt.date, status: dict[str, str] | None = None
) -> list[ServiceInPlay]:
    """The services the conversation is about, with their deadlines."""
    out = []
    for service_id in state.services:
        service = catalog.service(service_id)
        deadline = deadline_for(catalog, state, service_id)
        rule = (status or {}).get(service_id, "in")
        inclusion = "left_out" if service_id in state.excluded else rule
        out.append(
            ServiceInPlay(
                id=service_id,
                name=service.name.get(state.lang),
                included=inclusion in ("in", "pending"),
                inclusion=inclusion,
                deadline=deadline.due if deadline else None,
                deadline_text=service.deadline.description.get(state.lang),
                overdue=bool(deadline and deadline.is_overdue(today)),
            )
        )
    return out


def _money(amount: int | None, lang: str) -> str:
    if amount is None:
        return say("unknown_amount", lang)
    return say("free", lang) if amount == 0 else say("won", lang, n=f"{amount:,}")


def describe_fees(service: Service, lang: str, on: dt.date) -> tuple[str, list[Citation]]:
    """The fees in force on ``on``, channel by channel."""
    name = service.name.get(lang)
    fees = current_fees(service, on)
    if not fees:
        return say("fee_none", lang, name=name), []
    lines = [say("fee_intro", lang, name=name, on=on.isoformat())]
    for fee in fees:
        variant = f" · {fee.variant.get(lang)}" if fee.variant else ""
        line = "- " + say(
            "fee_line",
            lang,
            channel=say(f"channel.{fee.channel}", lang),
            variant=variant,
            amount=_money(fee.amount_krw, lang),
        )
        if fee.source.confidence == "uncertain":
            line += say("uncertain_marker", lang)
        lines.append(line)
    return "\n".join(lines), []


def describe_documents(service: Service, lang: str) -> tuple[str, list[Citation]]:
    """The documents to bring, marking those waived by information sharing."""
    name = service.name.get(lang)
    if not service.documents:
        return say("documents_none", lang, name=name), []
    lines = [say("documents_intro", lang, name=name)]
    for document in service.documents:
        line = f"- {document.name.get(lang)}"
        if document.condition:
            line += f" ({document.condition.get(lang)})"
        if document.waivable_by_sharing:
            line += say("document_waived", lang)
        lines.append(line)
    return "\n".join(lines), []
