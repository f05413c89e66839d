"""Sentences about services: why, by when, under which law, at what cost, with which papers."""

from __future__ import annotations

import datetime as dt

from minwon.catalog import Catalog
from minwon.catalog.deadlines import Deadline, compute_deadline, default_calendar
from minwon.catalog.schema import DeadlineRule, LegalBasis, Service
from minwon.catalog.views import current_fees
from minwon.dialogue.plan import deadline_for, event_day
from minwon.dialogue.schemas import Citation, ServiceInPlay
from minwon.dialogue.state import ConversationState
from minwon.dialogue.texts import grammar, say

__all__ = [
    "citation",
    "deadline_basis",
    "deadline_sentence",
    "describe_documents",
    "describe_fees",
    "format_date",
    "legal_ref",
    "services_in_play",
]


def format_date(day: dt.date, lang: str, today: dt.date | None = None) -> str:
    """ "2026. 12. 4.(금)" / "Friday 4 December 2026", with "(8일 남음)" / "(3 days ago)"
    when ``today`` is given. Spaces inside a date are non-breaking: it never splits on a phone."""
    nbsp = "\u00a0"
    if lang == "en":
        text = f"{day:%A}{nbsp}{day.day}{nbsp}{day:%B}{nbsp}{day.year}"
    else:
        weekday = grammar("weekdays")[day.weekday()]
        text = f"{day.year}.{nbsp}{day.month}.{nbsp}{day.day}.({weekday})"
    if today is None:
        return text
    return f"{text} ({_d_day(day, today, lang)})"


def _d_day(day: dt.date, today: dt.date, lang: str) -> str:
    delta = (day - today).days
    if delta == 0:
        return say("dday.today", lang)
    if delta > 0:
        return say("dday.left", lang, n=delta)
    return say("dday.past", lang, n=-delta)


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


def deadline_basis(rule: DeadlineRule, lang: str) -> str:
    """What sets the period: the statute and article, or the guideline in plain words."""
    if rule.legal_basis is not None:
        return legal_ref(rule.legal_basis)
    if rule.guideline is not None:
        return rule.guideline.get(lang)
    return ""


def _period(rule: DeadlineRule, lang: str) -> str:
    unit, count = next(
        (u, n)
        for u, n in (("day", rule.days), ("month", rule.months), ("year", rule.years or 0))
        if n
    )
    if count == 1:
        return say(f"period_{unit}_one", lang)
    return say(f"period_{unit}s", lang, n=count)


def _start(rule: DeadlineRule, lang: str) -> str:
    """ "이사한 날" or "돌아가신 달의 말일" — where the period counts from, in words."""
    assert rule.event is not None  # noqa: S101 — a period rule always names its event
    if rule.anchor == "end-of-month":
        return say("anchor_month_end", lang, event=rule.event.get(lang))
    return rule.event.get(lang)


def deadline_sentence(
    catalog: Catalog, state: ConversationState, service_id: str, today: dt.date
) -> tuple[str, list[Citation]]:
    """The deadline in words with what sets it: computed when the event date is known, "already
    past" when an estimate shows it, else the rule and an offer to compute it."""
    service = catalog.service(service_id)
    rule, lang = service.deadline, state.lang
    cites = [citation(rule.legal_basis, lang, service_id)] if rule.legal_basis else []
    name = service.name.get(lang)
    if rule.kind == "none" or rule.event is None:
        return say("deadline_rule", lang, name=name, description=rule.description.get(lang)), cites
    basis = deadline_basis(rule, lang)
    day = event_day(catalog, state, service_id)
    common = {"name": name, "event": _start(rule, lang), "period": _period(rule, lang)}
    if day is None:
        text = say("deadline_unknown_date", lang, basis=basis, **common)
    elif day.approximate:
        text = _approximate(catalog, state, service, today, common, basis)
    else:
        deadline = deadline_for(catalog, state, service_id)
        assert deadline is not None  # noqa: S101 — an exact event day gives a deadline
        text = _known(rule, deadline, today, lang, common, basis, day.fallback)
    text, more = _with_penalty(
        service, text, lang, late=_is_late(catalog, state, service_id, today)
    )
    return text, cites + more


def _known(
    rule: DeadlineRule,
    deadline: Deadline,
    today: dt.date,
    lang: str,
    common: dict[str, str],
    basis: str,
    fallback: bool,
) -> str:
    due = format_date(deadline.due, lang)
    late = deadline.is_overdue(today)
    if rule.effect == "use-by":
        key = "use_by_passed" if late else "use_by_known"
        left = _d_day(deadline.due, today, lang)
        text = say(key, lang, due=due, left=left, basis=basis, **common)
    elif rule.effect == "backdating":
        key = "window_passed" if late else "window_known"
        left = _d_day(deadline.due, today, lang)
        text = say(key, lang, due=due, left=left, basis=basis, **common)
    elif late:
        key = "deadline_passed" if rule.late_accepted else "deadline_passed_closed"
        text = say(key, lang, due=due, days=(today - deadline.due).days, basis=basis, **common)
    else:
        left = _d_day(deadline.due, today, lang)
        text = say("deadline_known", lang, due=due, left=left, basis=basis, **common)
    if rule.counting is not None and rule.counting.first_day == "included":
        text += " " + say("counting_included", lang, law=_counting_ref(rule))
    if fallback and rule.fallback_note is not None:
        text += " " + say("deadline_if", lang, note=rule.fallback_note.get(lang))
    if deadline.moved and not deadline.is_overdue(today):
        text += " " + say("deadline_moved", lang, nominal=format_date(deadline.nominal_due, lang))
    return text


def _counting_ref(rule: DeadlineRule) -> str:
    assert rule.counting is not None  # noqa: S101 — checked by the caller
    return f"{rule.counting.statute} {rule.counting.article}"


def _approximate(
    catalog: Catalog,
    state: ConversationState,
    service: Service,
    today: dt.date,
    common: dict[str, str],
    basis: str,
) -> str:
    """ "이사 온 지 3주 넘었는데요": the estimate shows whether the deadline has passed."""
    day = event_day(catalog, state, service.id)
    assert day is not None  # noqa: S101 — the caller found an estimate
    deadline = compute_deadline(day.day, service.deadline, default_calendar())
    if deadline is not None and deadline.is_overdue(today):
        return say("deadline_probably_passed", state.lang, basis=basis, **common)
    return say("deadline_unknown_date", state.lang, basis=basis, **common)


def _is_late(catalog: Catalog, state: ConversationState, service_id: str, today: dt.date) -> bool:
    deadline = deadline_for(catalog, state, service_id)
    if deadline is not None:
        return deadline.is_overdue(today)
    day = event_day(catalog, state, service_id)
    if day is None or not day.approximate:
        return False
    estimate = compute_deadline(day.day, catalog.service(service_id).deadline, default_calendar())
    return estimate is not None and estimate.is_overdue(today)


def _with_penalty(
    service: Service, text: str, lang: str, *, late: bool
) -> tuple[str, list[Citation]]:
    """The 과태료 that follows a missed deadline, with its article."""
    for penalty in service.penalties[:1]:
        if penalty.legal_basis is None:
            continue
        legal = legal_ref(penalty.legal_basis)
        key = "penalty_now" if late else "penalty_max"
        if penalty.max_amount_krw:
            text += " " + say(key, lang, amount=_money(penalty.max_amount_krw, lang), legal=legal)
        else:
            text += " " + say(
                "penalty_line", lang, penalty=penalty.description.get(lang), legal=legal
            )
        if late and service.deadline.late_accepted:
            text += " " + say("late_still_accepted", lang)
        return text, [citation(penalty.legal_basis, lang, service.id)]
    if late and service.deadline.consequence is not None and service.deadline.effect == "deadline":
        text += " " + service.deadline.consequence.get(lang)
    return text, []


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
        # Only a missed duty is overdue: a backdating window or a use-by date that has passed
        # leaves nothing late (the benefit is still applied for, from its own month).
        is_duty = service.deadline.effect == "deadline"
        overdue = bool(deadline and deadline.is_overdue(today) and is_duty)
        out.append(
            ServiceInPlay(
                id=service_id,
                name=service.name.get(state.lang),
                included=inclusion in ("in", "pending"),
                inclusion=inclusion,
                deadline=deadline.due if deadline else None,
                deadline_text=service.deadline.description.get(state.lang),
                deadline_basis=deadline_basis(service.deadline, state.lang) or None,
                overdue=overdue,
                days_late=(today - deadline.due).days if deadline and overdue else None,
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
    lines = [say("fee_intro", lang, name=name, on=format_date(on, lang))]
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
