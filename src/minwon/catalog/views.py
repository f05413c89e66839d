"""The catalog as a person reads it: one language, the fees and amounts in force on a given day.

These models cross the boundary (HTTP responses, ``minwon catalog show``); the YAML schema does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from minwon.catalog.conditions_text import describe_condition
from minwon.catalog.model import Catalog
from minwon.catalog.schema import (
    AmountSpec,
    Bundle,
    FeeSpec,
    FieldSpec,
    LegalBasis,
    Service,
    Sourced,
)

__all__ = [
    "BundleView",
    "ServiceSummary",
    "ServiceView",
    "bundle_view",
    "service_summary",
    "service_view",
]

Lang = Literal["ko", "en"]


class SourceView(BaseModel):
    confidence: str
    refs: list[str]
    note: str | None = None


class LegalBasisView(BaseModel):
    statute: str
    article: str | None
    summary: str
    source: SourceView


class OptionView(BaseModel):
    value: str
    label: str


class FieldView(BaseModel):
    id: str
    type: str
    label: str
    question: str
    required: bool
    required_when: str | None
    options: list[OptionView]


class DocumentView(BaseModel):
    id: str
    name: str
    required: str
    condition: str | None
    waivable_by_sharing: bool
    source: SourceView


class ApplicantView(BaseModel):
    kind: str
    description: str
    needs: list[str]
    source: SourceView


class EligibilityView(BaseModel):
    id: str
    description: str
    when_not_met: str
    condition: str
    legal_basis: LegalBasisView | None
    source: SourceView


class DeadlineView(BaseModel):
    kind: str
    days: int | None
    months: int | None
    years: int | None
    event: str | None
    description: str
    consequence: str | None
    legal_basis: LegalBasisView | None
    source: SourceView


class PenaltyView(BaseModel):
    description: str
    max_amount_krw: int | None
    legal_basis: LegalBasisView | None
    source: SourceView


class FeeView(BaseModel):
    channel: str
    amount_krw: int | None
    unit: str | None
    variant: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    source: SourceView


class AmountView(BaseModel):
    description: str
    amount_krw: int
    per: str
    valid_from: dt.date
    valid_to: dt.date | None
    source: SourceView


class TextWithSource(BaseModel):
    description: str
    source: SourceView


class OnlineView(BaseModel):
    available: str
    portals: list[str]
    description: str
    source: SourceView


class ServiceSummary(BaseModel):
    id: str
    kind: str
    name: str
    description: str
    agency: str
    online: str
    deadline: str
    bundles: list[str]


class ServiceView(ServiceSummary):
    keywords: list[str]
    policy_owner: str | None
    legal_basis: list[LegalBasisView]
    applicants: list[ApplicantView]
    eligibility: list[EligibilityView]
    fields: list[FieldView]
    documents: list[DocumentView]
    deadline_rule: DeadlineView
    penalties: list[PenaltyView]
    fees: list[FeeView]
    amounts: list[AmountView]
    processing_time: TextWithSource
    online_detail: OnlineView
    related: list[str]
    notes: list[str]
    examples: list[str]
    as_of: dt.date


class MemberView(BaseModel):
    service: str
    name: str
    reason: str
    included_when: str | None
    default_included: bool


class SharedFieldView(BaseModel):
    key: str
    label: str
    question: str
    type: str


class BundleView(BaseModel):
    id: str
    name: str
    description: str
    members: list[MemberView]
    shared_fields: list[SharedFieldView]
    fields: list[FieldView]
    legal_basis: list[LegalBasisView]
    notes: list[str]
    source: SourceView
    examples: list[str]


def _source(src: Sourced, lang: Lang) -> SourceView:
    return SourceView(
        confidence=src.confidence,
        refs=list(src.refs),
        note=src.note.get(lang) if src.note else None,
    )


def _legal(basis: LegalBasis, lang: Lang) -> LegalBasisView:
    return LegalBasisView(
        statute=basis.statute,
        article=basis.article,
        summary=basis.summary.get(lang),
        source=_source(basis.source, lang),
    )


def _labels(fields: Sequence[FieldSpec], lang: Lang) -> dict[str, str]:
    return {f.id: f.label.get(lang) for f in fields}


def _field(spec: FieldSpec, lang: Lang, labels: dict[str, str]) -> FieldView:
    return FieldView(
        id=spec.id,
        type=spec.type,
        label=spec.label.get(lang),
        question=spec.question.get(lang),
        required=spec.required and spec.required_when is None,
        required_when=describe_condition(spec.required_when, lang, labels)
        if spec.required_when
        else None,
        options=[OptionView(value=o.value, label=o.label.get(lang)) for o in spec.options],
    )


def _in_force(valid_from: dt.date, valid_to: dt.date | None, on: dt.date) -> bool:
    return valid_from <= on and (valid_to is None or on <= valid_to)


def current_fees(service: Service, on: dt.date) -> list[FeeSpec]:
    """The fees in force on ``on`` (fees change by date; older rows stay for history)."""
    return [f for f in service.fees if _in_force(f.valid_from, f.valid_to, on)]


def current_amounts(service: Service, on: dt.date) -> list[AmountSpec]:
    """The benefit amounts in force on ``on``."""
    return [a for a in service.amounts if _in_force(a.valid_from, a.valid_to, on)]


def deadline_summary(service: Service, lang: Lang) -> str:
    """One line: the deadline in words."""
    return service.deadline.description.get(lang)


def service_summary(catalog: Catalog, service: Service, lang: Lang) -> ServiceSummary:
    """The short form used in lists."""
    return ServiceSummary(
        id=service.id,
        kind=service.kind,
        name=service.name.get(lang),
        description=service.description.get(lang),
        agency=service.agency.name.get(lang),
        online=service.online.available,
        deadline=deadline_summary(service, lang),
        bundles=[b.id for b in catalog.bundles_with(service.id)],
    )


def service_view(catalog: Catalog, service: Service, lang: Lang, on: dt.date) -> ServiceView:
    """Everything about one service, in one language, with the money in force on ``on``."""
    labels = _labels(service.fields, lang)
    summary = service_summary(catalog, service, lang)
    return ServiceView(
        **summary.model_dump(),
        keywords=_keywords(service.keywords.get(lang) if service.keywords else ""),
        policy_owner=service.agency.policy_owner.get(lang) if service.agency.policy_owner else None,
        legal_basis=[_legal(b, lang) for b in service.legal_basis],
        applicants=[
            ApplicantView(
                kind=a.kind,
                description=a.description.get(lang),
                needs=[n.get(lang) for n in a.needs],
                source=_source(a.source, lang),
            )
            for a in service.applicants
        ],
        eligibility=[
            EligibilityView(
                id=r.id,
                description=r.description.get(lang),
                when_not_met=r.when_not_met.get(lang),
                condition=describe_condition(r.condition, lang, labels),
                legal_basis=_legal(r.legal_basis, lang) if r.legal_basis else None,
                source=_source(r.source, lang),
            )
            for r in service.eligibility
            if r.in_force(on)
        ],
        fields=[_field(f, lang, labels) for f in service.fields],
        documents=[
            DocumentView(
                id=d.id,
                name=d.name.get(lang),
                required=d.required,
                condition=d.condition.get(lang) if d.condition else None,
                waivable_by_sharing=d.waivable_by_sharing,
                source=_source(d.source, lang),
            )
            for d in service.documents
        ],
        deadline_rule=_deadline(service, lang),
        penalties=[
            PenaltyView(
                description=p.description.get(lang),
                max_amount_krw=p.max_amount_krw,
                legal_basis=_legal(p.legal_basis, lang) if p.legal_basis else None,
                source=_source(p.source, lang),
            )
            for p in service.penalties
        ],
        fees=[_fee(f, lang) for f in current_fees(service, on)],
        amounts=[
            AmountView(
                description=a.description.get(lang),
                amount_krw=a.amount_krw,
                per=a.per,
                valid_from=a.valid_from,
                valid_to=a.valid_to,
                source=_source(a.source, lang),
            )
            for a in current_amounts(service, on)
        ],
        processing_time=TextWithSource(
            description=service.processing_time.description.get(lang),
            source=_source(service.processing_time.source, lang),
        ),
        online_detail=OnlineView(
            available=service.online.available,
            portals=list(service.online.portals),
            description=service.online.description.get(lang),
            source=_source(service.online.source, lang),
        ),
        related=list(service.related),
        notes=[n.get(lang) for n in service.notes],
        examples=list(service.examples.en if lang == "en" else service.examples.ko),
        as_of=on,
    )


def _keywords(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


def _fee(fee: FeeSpec, lang: Lang) -> FeeView:
    return FeeView(
        channel=fee.channel,
        amount_krw=fee.amount_krw,
        unit=fee.unit.get(lang) if fee.unit else None,
        variant=fee.variant.get(lang) if fee.variant else None,
        valid_from=fee.valid_from,
        valid_to=fee.valid_to,
        source=_source(fee.source, lang),
    )


def _deadline(service: Service, lang: Lang) -> DeadlineView:
    rule = service.deadline
    return DeadlineView(
        kind=rule.kind,
        days=rule.days,
        months=rule.months,
        years=rule.years,
        event=rule.event.get(lang) if rule.event else None,
        description=rule.description.get(lang),
        consequence=rule.consequence.get(lang) if rule.consequence else None,
        legal_basis=_legal(rule.legal_basis, lang) if rule.legal_basis else None,
        source=_source(rule.source, lang),
    )


def bundle_view(catalog: Catalog, bundle: Bundle, lang: Lang) -> BundleView:
    """One bundle in one language, its members named and their inclusion rules in words."""
    labels = _labels(bundle.fields, lang) | {s.key: s.label.get(lang) for s in bundle.shared_fields}
    return BundleView(
        id=bundle.id,
        name=bundle.name.get(lang),
        description=bundle.description.get(lang),
        members=[
            MemberView(
                service=m.service,
                name=catalog.service(m.service).name.get(lang),
                reason=m.reason.get(lang),
                included_when=describe_condition(m.include_when, lang, labels)
                if m.include_when
                else None,
                default_included=m.default_included,
            )
            for m in bundle.members
        ],
        shared_fields=[
            SharedFieldView(
                key=s.key, label=s.label.get(lang), question=s.question.get(lang), type=s.type
            )
            for s in bundle.shared_fields
        ],
        fields=[_field(f, lang, labels) for f in bundle.fields],
        legal_basis=[_legal(b, lang) for b in bundle.legal_basis],
        notes=[n.get(lang) for n in bundle.notes],
        source=_source(bundle.source, lang),
        examples=list(bundle.examples.en if lang == "en" else bundle.examples.ko),
    )
