"""What the conversation still needs: fact keys, the next question, members in play, deadlines.

A *fact* is asked once even when several services need it: bundle-shared fields (``shared:``)
and bundle-level fields reused by a member with the same id and type share one key. A
:class:`Plan` is everything derived from the state at one moment; a turn computes it once and
again only after it changes a fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from minwon.catalog import Catalog
from minwon.catalog.deadlines import Deadline, compute_deadline, default_calendar
from minwon.catalog.eligibility import evaluate
from minwon.catalog.schema import Bundle, FieldSpec, Service, condition_fields
from minwon.dialogue.state import ConversationState

__all__ = [
    "EventDay",
    "Plan",
    "Question",
    "active_services",
    "bundle_facts",
    "deadline_for",
    "event_day",
    "fact_key",
    "included_members",
    "make_plan",
    "next_question",
    "questions",
    "service_facts",
]


@dataclass(frozen=True, slots=True)
class Question:
    """One fact to ask for: its key, the field spec that describes it, who needs it."""

    key: str
    spec: FieldSpec
    owners: tuple[str, ...]  # service ids, or the bundle id for a bundle field


@dataclass(frozen=True, slots=True)
class Plan:
    """The questions, the members' inclusion and the active services, for one state."""

    questions: tuple[Question, ...]
    status: Mapping[str, str]  # member → "in" | "out" | "pending"
    active: tuple[str, ...]

    def spec(self, key: str) -> FieldSpec | None:
        """The field asked under ``key``, if it is still part of the plan."""
        return next((q.spec for q in self.questions if q.key == key), None)

    def owner_of(self, key: str) -> str | None:
        """The first service that needs the fact ``key``."""
        return next((q.owners[0] for q in self.questions if q.key == key and q.owners), None)

    def next(self, state: ConversationState) -> Question | None:
        """The first fact neither known nor skipped."""
        return next(
            (q for q in self.questions if q.key not in state.facts and q.key not in state.skipped),
            None,
        )


def make_plan(catalog: Catalog, state: ConversationState, today: dt.date) -> Plan:
    """Everything the state implies about what is still to ask and what will be filed.

    The life event's date is asked first: every deadline counts from it, and none is stated
    before it is known.
    """
    status = included_members(catalog, state, today)
    asked = sorted(questions(catalog, state, today), key=lambda q: q.key != "event_date")
    return Plan(
        questions=tuple(asked),
        status=status,
        active=tuple(s for s in state.in_play() if status.get(s, "in") == "in"),
    )


def fact_key(service: Service, spec: FieldSpec, bundle: Bundle | None) -> str:
    """The key under which ``service``'s field is remembered."""
    if spec.shared:
        return spec.shared
    if bundle is not None and any(f.id == spec.id and f.type == spec.type for f in bundle.fields):
        return f"{bundle.id}.{spec.id}"
    return f"{service.id}.{spec.id}"


def _bundle(catalog: Catalog, state: ConversationState) -> Bundle | None:
    return catalog.bundles.get(state.bundle) if state.bundle else None


def service_facts(catalog: Catalog, state: ConversationState, service_id: str) -> dict[str, Any]:
    """The facts known for one service, by its own field ids (what its conditions name)."""
    service = catalog.service(service_id)
    bundle = _bundle(catalog, state)
    facts: dict[str, Any] = {}
    for spec in service.fields:
        key = fact_key(service, spec, bundle)
        if key in state.facts:
            facts[spec.id] = state.facts[key]
    return facts


def bundle_facts(bundle: Bundle, state: ConversationState) -> dict[str, Any]:
    """The facts a bundle's inclusion rules may name: its own fields and its shared keys."""
    facts = {
        f.id: state.facts[f"{bundle.id}.{f.id}"]
        for f in bundle.fields
        if f"{bundle.id}.{f.id}" in state.facts
    }
    facts.update({s.key: state.facts[s.key] for s in bundle.shared_fields if s.key in state.facts})
    return facts


def included_members(catalog: Catalog, state: ConversationState, today: dt.date) -> dict[str, str]:
    """Each bundle member's status: "in", "out" (its rule says no) or "pending" (not known yet)."""
    bundle = _bundle(catalog, state)
    if bundle is None:
        return {s: "in" for s in state.services}
    facts = bundle_facts(bundle, state)
    status: dict[str, str] = {}
    for member in bundle.members:
        if member.include_when is None:
            status[member.service] = "in" if member.default_included else "out"
            continue
        verdict = evaluate(member.include_when, facts, today).status
        status[member.service] = {"met": "in", "not_met": "out"}.get(verdict, "pending")
    return status


def _eligibility_first(service: Service) -> list[FieldSpec]:
    """The service's fields, those its eligibility rules need first: a "no" comes early."""
    needed = {name for rule in service.eligibility for name in condition_fields(rule.condition)}
    return sorted(service.fields, key=lambda spec: spec.id not in needed)


def active_services(catalog: Catalog, state: ConversationState, today: dt.date) -> list[str]:
    """The services whose facts are collected: in play, and included by their bundle rule."""
    status = included_members(catalog, state, today)
    return [s for s in state.in_play() if status.get(s, "in") == "in"]


def _is_required(spec: FieldSpec, facts: Mapping[str, Any], today: dt.date) -> bool:
    if spec.required_when is not None:
        return evaluate(spec.required_when, facts, today).status == "met"
    return spec.required


def questions(catalog: Catalog, state: ConversationState, today: dt.date) -> Iterator[Question]:
    """Every fact still to ask, in order: bundle fields first, then each service's fields."""
    bundle = _bundle(catalog, state)
    seen: set[str] = set()
    if bundle is not None:
        facts = bundle_facts(bundle, state)
        for spec in bundle.fields:
            key = f"{bundle.id}.{spec.id}"
            if spec.required_when is not None and not _is_required(spec, facts, today):
                continue
            seen.add(key)
            yield Question(key, spec, (bundle.id,))
    for service_id in active_services(catalog, state, today):
        service = catalog.service(service_id)
        facts = service_facts(catalog, state, service_id)
        for spec in _eligibility_first(service):
            key = fact_key(service, spec, bundle)
            if key in seen:
                continue
            if spec.required_when is not None and not _is_required(spec, facts, today):
                continue
            seen.add(key)
            yield Question(key, spec, _owners(catalog, state, key, bundle))


def _owners(
    catalog: Catalog, state: ConversationState, key: str, bundle: Bundle | None
) -> tuple[str, ...]:
    owners = []
    for service_id in state.in_play():
        service = catalog.service(service_id)
        if any(fact_key(service, f, bundle) == key for f in service.fields):
            owners.append(service_id)
    return tuple(owners)


def next_question(catalog: Catalog, state: ConversationState, today: dt.date) -> Question | None:
    """The first fact neither known nor skipped."""
    return make_plan(catalog, state, today).next(state)


@dataclass(frozen=True, slots=True)
class EventDay:
    """The day a deadline counts from, and whether it stands in for the real one."""

    day: dt.date
    fallback: bool = False  # the rule's fallback field stood in (say its note)
    approximate: bool = False  # estimated from "3주 전" (never a fact; never a form answer)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def event_day(catalog: Catalog, state: ConversationState, service_id: str) -> EventDay | None:
    """The day the service's deadline counts from: its event field, else its fallback field,
    else an estimate said in the request ("이사 온 지 3주 넘었어요")."""
    rule = catalog.service(service_id).deadline
    if rule.kind == "none" or rule.event_field is None:
        return None
    facts = service_facts(catalog, state, service_id)
    if facts.get(rule.event_field) is not None:
        return EventDay(_as_date(facts[rule.event_field]))
    if rule.fallback_field and facts.get(rule.fallback_field) is not None:
        return EventDay(_as_date(facts[rule.fallback_field]), fallback=True)
    said = state.internal.said_date
    if said is not None and state.internal.said_date_approximate:
        return EventDay(_as_date(said), approximate=True)
    return None


def deadline_for(catalog: Catalog, state: ConversationState, service_id: str) -> Deadline | None:
    """The service's deadline, if its rule has a period and its event date is known."""
    day = event_day(catalog, state, service_id)
    if day is None or day.approximate:
        return None
    rule = catalog.service(service_id).deadline
    return compute_deadline(day.day, rule, default_calendar())
