"""What the conversation still needs: fact keys, the next question, members in play, deadlines.

A *fact* is asked once even when several services need it: bundle-shared fields (``shared:``)
and bundle-level fields reused by a member with the same id and type share one key.
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
    "Question",
    "active_services",
    "bundle_facts",
    "deadline_for",
    "fact_key",
    "included_members",
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
    for question in questions(catalog, state, today):
        if question.key not in state.facts and question.key not in state.skipped:
            return question
    return None


def deadline_for(catalog: Catalog, state: ConversationState, service_id: str) -> Deadline | None:
    """The service's deadline, if its rule has a period and the event date is known."""
    service = catalog.service(service_id)
    rule = service.deadline
    if rule.kind == "none" or rule.event_field is None:
        return None
    event = service_facts(catalog, state, service_id).get(rule.event_field)
    if event is None:
        return None
    day = event if isinstance(event, dt.date) else dt.date.fromisoformat(str(event)[:10])
    return compute_deadline(day, rule, default_calendar())
