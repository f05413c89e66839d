"""The catalog's data model: what a service or a bundle file may say, checked on load.

Every model forbids unknown keys so that a typo in a YAML file is an error, not a silently
ignored fact. Cross-references (field ids inside conditions, bundle members, source refs) are
checked by :mod:`minwon.catalog.crossref`, which has the whole catalog in view.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "AgeCondition",
    "AllOf",
    "AmountSpec",
    "AnyOf",
    "ApplicantRule",
    "Bundle",
    "BundleMember",
    "Condition",
    "Confidence",
    "DeadlineRule",
    "DocumentSpec",
    "EligibilityRule",
    "Examples",
    "FeeSpec",
    "FieldCondition",
    "FieldSpec",
    "LegalBasis",
    "Localized",
    "NotOf",
    "OnlineAvailability",
    "Option",
    "PenaltySpec",
    "PeriodCounting",
    "ProcessingTime",
    "Service",
    "SharedField",
    "SourceEntry",
    "Sourced",
    "condition_fields",
]

ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
FIELD_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
HANGUL = re.compile(r"[\uac00-\ud7a3]")


class Strict(BaseModel):
    """Base: unknown keys are errors, values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """A text a person reads, in Korean and English. Both are required."""

    ko: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    @field_validator("ko", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be blank")
        return value.strip()

    @field_validator("ko")
    @classmethod
    def _ko_has_hangul(cls, value: str) -> str:
        if not HANGUL.search(value) and not value.replace(",", "").strip().isdigit():
            raise ValueError("the Korean text has no Hangul: is it still untranslated?")
        return value

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``ko`` or ``en``); Korean for anything else."""
        return self.en if lang == "en" else self.ko


Confidence = Literal["sourced", "general-knowledge", "uncertain"]
"""How well a fact is supported.

``sourced``: a listed source supports it ([S#] in the domain notes). ``general-knowledge``:
believed correct, not re-checked against the statute ([K]). ``uncertain``: unverified or sources
disagree ([U]); the product says so when it uses the fact.
"""


class Sourced(Strict):
    """Where a fact comes from and how sure we are of it."""

    confidence: Confidence
    refs: list[str] = Field(default_factory=list)
    note: Localized | None = None

    @model_validator(mode="after")
    def _sourced_needs_refs(self) -> Sourced:
        if self.confidence == "sourced" and not self.refs:
            raise ValueError("a 'sourced' fact must name at least one source in refs")
        return self


class SourceEntry(Strict):
    """One entry of ``catalog/sources.yaml``."""

    id: Annotated[str, Field(pattern=r"^S[0-9A-Za-z-]+$")]
    title: str
    urls: list[str] = Field(default_factory=list)


class LegalBasis(Strict):
    """A statute and the article in it that a rule comes from."""

    statute: Annotated[str, Field(min_length=1)]
    article: str | None = None
    summary: Localized
    source: Sourced


# --- conditions -----------------------------------------------------------------------------

Op = Literal["eq", "ne", "in", "not_in", "gt", "ge", "lt", "le", "is_true", "is_false", "present"]


class FieldCondition(Strict):
    """Compares one known fact (a field id) with a value."""

    field: Annotated[str, Field(pattern=FIELD_ID_PATTERN)]
    op: Op
    value: Any = None

    @model_validator(mode="after")
    def _value_fits_op(self) -> FieldCondition:
        needs_none = self.op in ("is_true", "is_false", "present")
        if needs_none and self.value is not None:
            raise ValueError(f"op '{self.op}' takes no value")
        if not needs_none and self.value is None:
            raise ValueError(f"op '{self.op}' needs a value")
        if self.op in ("in", "not_in") and not isinstance(self.value, list):
            raise ValueError(f"op '{self.op}' needs a list value")
        return self


class AgeCondition(Strict):
    """An age computed from a date field on the day of evaluation.

    ``at_least`` and ``under`` are ages in whole years or months (``{years: 65}``). ``opens``
    says when the right to apply starts relative to reaching ``at_least``: on the birthday, or on
    the first day of the month before the birthday month (기초연금법 시행규칙: 65세 도달 전월).
    """

    age_of: Annotated[str, Field(pattern=FIELD_ID_PATTERN)]
    at_least: AgeSpan | None = None
    under: AgeSpan | None = None
    opens: Literal["on-birthday", "start-of-previous-month"] = "on-birthday"

    @model_validator(mode="after")
    def _has_bound(self) -> AgeCondition:
        if self.at_least is None and self.under is None:
            raise ValueError("an age condition needs 'at_least' or 'under'")
        return self


class AgeSpan(Strict):
    years: Annotated[int, Field(ge=0, le=150)] = 0
    months: Annotated[int, Field(ge=0, le=1800)] = 0

    @model_validator(mode="after")
    def _not_zero(self) -> AgeSpan:
        if self.years == 0 and self.months == 0:
            raise ValueError("an age span needs years or months")
        return self

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months


class AllOf(Strict):
    all: Annotated[list[Condition], Field(min_length=1)]


class AnyOf(Strict):
    any: Annotated[list[Condition], Field(min_length=1)]


class NotOf(Strict):
    not_: Annotated[Condition, Field(alias="not")]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Condition = FieldCondition | AgeCondition | AllOf | AnyOf | NotOf


def condition_fields(condition: Condition) -> list[str]:
    """Every field id a condition names, in order (a field may appear more than once)."""
    if isinstance(condition, FieldCondition):
        return [condition.field]
    if isinstance(condition, AgeCondition):
        return [condition.age_of]
    if isinstance(condition, AllOf | AnyOf):
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        return [name for part in parts for name in condition_fields(part)]
    return condition_fields(condition.not_)


# --- fields ---------------------------------------------------------------------------------


class Option(Strict):
    value: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    label: Localized
    synonyms: list[str] = Field(default_factory=list)


class FieldRules(Strict):
    """Extra checks on top of the field type's own validation."""

    min_value: float | None = None
    max_value: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    not_in_future: bool = False
    not_before_days: int | None = None  # a date no more than N days in the past
    # "man": a bare amount under 10,000 ("천오백", "50") is read in 만원, as people say deposits
    # and rents; an amount with 원, 만 or 억 is read as written.
    money_unit: Literal["won", "man"] = "won"
    # The answer must differ from this fact (a previous address is not the new one).
    differs_from: Annotated[str, Field(pattern=FIELD_ID_PATTERN)] | None = None


class FieldSpec(Strict):
    """One piece of information an application needs, and how to ask for it."""

    id: Annotated[str, Field(pattern=FIELD_ID_PATTERN)]
    type: str
    label: Localized
    question: Localized
    help: Localized | None = None
    required: bool = True
    required_when: Condition | None = None
    options: list[Option] = Field(default_factory=list)
    rules: FieldRules = Field(default_factory=FieldRules)
    shared: str | None = None  # key of a bundle-shared fact, e.g. "event_date", "new_address"
    # An enum whose option a request may name in passing ("전세로 이사했어요"): taken from the
    # request when exactly one option's synonym is said, shown on the summary, correctable.
    prefill: bool = False
    source: Sourced | None = None

    @model_validator(mode="after")
    def _enum_has_options(self) -> FieldSpec:
        if self.type == "enum" and len(self.options) < 2:
            raise ValueError("an enum field needs at least two options")
        if self.type != "enum" and self.options:
            raise ValueError("only an enum field takes options")
        return self


# --- eligibility, documents, deadlines, money -----------------------------------------------


class ApplicantRule(Strict):
    """Who may file: the person, a household member, a proxy with delegation …"""

    kind: Literal[
        "self", "household-member", "family", "legal-representative", "proxy", "anyone", "other"
    ]
    description: Localized
    needs: list[Localized] = Field(default_factory=list)  # e.g. 위임장, 위임자 신분증
    source: Sourced


class EligibilityRule(Strict):
    """A condition that must hold to get the service, with the reason shown when it does not."""

    id: Annotated[str, Field(pattern=FIELD_ID_PATTERN)]
    description: Localized
    when_not_met: Localized
    condition: Condition
    legal_basis: LegalBasis | None = None
    # A rule that changes with the calendar (아동수당: under 9 in 2026, under 10 in 2027 …) is
    # one rule per period; only the one in force on the day of evaluation applies.
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    source: Sourced

    def in_force(self, day: dt.date) -> bool:
        """Whether the rule applies on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class DocumentSpec(Strict):
    """A document to bring or attach, or one an official checks through information sharing."""

    id: Annotated[str, Field(pattern=FIELD_ID_PATTERN)]
    name: Localized
    required: Literal["always", "conditional"]
    condition: Localized | None = None  # when "conditional": in words
    required_when: Condition | None = None  # when "conditional": as data, if it can be said
    waivable_by_sharing: bool = False
    consent_field: str | None = None  # the boolean field that records the sharing consent
    source: Sourced

    @model_validator(mode="after")
    def _conditional_says_when(self) -> DocumentSpec:
        if self.required == "conditional" and self.condition is None:
            raise ValueError("a conditional document must say when it is needed ('condition')")
        if self.waivable_by_sharing and self.consent_field is None:
            raise ValueError(
                "a document waived by information sharing needs the consent field that allows it"
                " (전자정부법 제42조)"
            )
        return self


class PeriodCounting(Strict):
    """How a deadline's period is counted, and the statute that says so.

    ``first_day``: ``excluded`` under 민법 제157조 (the default for most laws), ``included`` where
    a statute counts from the event day itself (가족관계의 등록 등에 관한 법률 제37조 제1항).
    Month and year periods always end per 민법 제160조, and a Saturday or holiday end moves per
    제161조.
    """

    first_day: Literal["included", "excluded"]
    statute: Annotated[str, Field(min_length=1)]
    article: Annotated[str, Field(min_length=1)]
    source: Sourced


class DeadlineRule(Strict):
    """When the application must be made, and how its period is counted.

    ``anchor``: the period starts from the event day, or from the last day of the event's month
    (안심상속). ``legal_basis`` is the statute that sets the period; a period set by a programme
    guideline instead names it in ``guideline`` ("보건복지부 지침"), in words a citizen knows.
    """

    kind: Literal["none", "period-from-event"]
    days: Annotated[int, Field(ge=1)] | None = None
    months: Annotated[int, Field(ge=1)] | None = None
    years: Annotated[int, Field(ge=1)] | None = None
    event_field: str | None = None
    event: Localized | None = None  # "이사한 날" / "the day you moved in"
    # While ``event_field`` is unknown, the day of this field stands in for it, said with
    # ``fallback_note`` (the day the death became known is, at the latest, … the day of death).
    fallback_field: str | None = None
    fallback_note: Localized | None = None
    counting: PeriodCounting | None = None
    anchor: Literal["event-day", "end-of-month"] = "event-day"
    description: Localized
    consequence: Localized | None = None  # what happens when it is missed
    legal_basis: LegalBasis | None = None
    guideline: Localized | None = None  # "보건복지부 지침" when no statute sets the period
    late_accepted: bool = True  # a late report is still taken (with the 과태료 that follows)
    # "deadline": the act is due by then. "backdating": applying within the period pays from the
    # event (아동수당, 부모급여); after it the application still counts, from its own month.
    # "use-by": what is granted can be used until then (첫만남이용권); no application deadline.
    effect: Literal["deadline", "backdating", "use-by"] = "deadline"
    source: Sourced

    @model_validator(mode="after")
    def _period_is_complete(self) -> DeadlineRule:
        if self.kind == "none":
            extra = (self.days, self.months, self.years, self.event_field, self.counting)
            if any(v is not None for v in extra):
                raise ValueError("a 'none' deadline takes no period, event or counting")
            return self
        periods = [v for v in (self.days, self.months, self.years) if v is not None]
        if len(periods) != 1:
            raise ValueError("a period deadline needs exactly one of days, months, years")
        if self.event_field is None or self.event is None:
            raise ValueError("a period deadline needs 'event_field' and 'event'")
        if self.counting is None:
            raise ValueError(
                "a period deadline needs 'counting': whether its first day counts, and the statute"
                " that says so (민법 제157조, or 가족관계의 등록 등에 관한 법률 제37조 제1항 …)"
            )
        if self.legal_basis is None and self.guideline is None:
            raise ValueError(
                "a period deadline needs its 'legal_basis', or the 'guideline' that sets it"
            )
        return self


class PenaltySpec(Strict):
    description: Localized
    max_amount_krw: Annotated[int, Field(ge=0)] | None = None
    legal_basis: LegalBasis | None = None
    source: Sourced


Channel = Literal["counter", "kiosk", "online", "mobile", "any"]


class FeeSpec(Strict):
    """A fee on one channel, valid from a date (fees change, usually on 1 January)."""

    channel: Channel
    amount_krw: Annotated[int, Field(ge=0)] | None  # None: the amount is not known
    unit: Localized | None = None  # "1통당" / "per copy"
    variant: Localized | None = None  # "10년 복수여권 58면" …
    valid_from: dt.date
    valid_to: dt.date | None = None
    source: Sourced


class AmountSpec(Strict):
    """A benefit amount (money the citizen receives), valid from a date."""

    description: Localized
    amount_krw: Annotated[int, Field(ge=0)]
    per: Literal["month", "day", "once", "year"]
    valid_from: dt.date
    valid_to: dt.date | None = None
    source: Sourced


class ProcessingTime(Strict):
    description: Localized
    working_days: Annotated[int, Field(ge=0)] | None = None
    source: Sourced


class OnlineAvailability(Strict):
    available: Literal["yes", "partial", "no", "unknown"]
    portals: list[str] = Field(default_factory=list)  # gov.kr, bokjiro.go.kr, hometax.go.kr …
    description: Localized
    source: Sourced


class Examples(Strict):
    """Requests written the way people type them; the router learns from these."""

    ko: Annotated[list[str], Field(min_length=15)]
    en: Annotated[list[str], Field(min_length=8)]


class Agency(Strict):
    """Who handles the service. ``code`` scopes officers: an officer of an agency code sees only
    the applications of services with that code."""

    code: Annotated[str, Field(pattern=ID_PATTERN)]
    name: Localized
    policy_owner: Localized | None = None
    source: Sourced


# --- services and bundles -------------------------------------------------------------------


class Service(Strict):
    """One administrative service (민원) a citizen can ask for."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    kind: Literal["report", "certificate", "benefit", "registration", "inquiry"]
    name: Localized
    description: Localized
    keywords: Localized | None = None  # comma-separated other names people use
    agency: Agency
    legal_basis: Annotated[list[LegalBasis], Field(min_length=1)]
    applicants: Annotated[list[ApplicantRule], Field(min_length=1)]
    eligibility: list[EligibilityRule] = Field(default_factory=list)
    fields: Annotated[list[FieldSpec], Field(min_length=1)]
    documents: list[DocumentSpec] = Field(default_factory=list)
    deadline: DeadlineRule
    penalties: list[PenaltySpec] = Field(default_factory=list)
    fees: list[FeeSpec] = Field(default_factory=list)
    amounts: list[AmountSpec] = Field(default_factory=list)
    processing_time: ProcessingTime
    online: OnlineAvailability
    related: list[str] = Field(default_factory=list)
    notes: list[Localized] = Field(default_factory=list)
    examples: Examples

    def field(self, field_id: str) -> FieldSpec | None:
        """The field with this id, or None."""
        return next((f for f in self.fields if f.id == field_id), None)


class BundleMember(Strict):
    service: Annotated[str, Field(pattern=ID_PATTERN)]
    reason: Localized
    include_when: Condition | None = None
    default_included: bool = True


class SharedField(Strict):
    """A fact asked once for every member of a bundle (the new address, the event date)."""

    key: Annotated[str, Field(pattern=FIELD_ID_PATTERN)]
    label: Localized
    question: Localized
    type: str


class Bundle(Strict):
    """A life event that needs several services at once."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: Localized
    description: Localized
    keywords: Localized | None = None
    members: Annotated[list[BundleMember], Field(min_length=2)]
    shared_fields: list[SharedField] = Field(default_factory=list)
    fields: list[FieldSpec] = Field(default_factory=list)  # bundle-level facts for inclusion
    legal_basis: list[LegalBasis] = Field(default_factory=list)
    notes: list[Localized] = Field(default_factory=list)
    source: Sourced
    examples: Examples


AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()
AgeCondition.model_rebuild()
FieldSpec.model_rebuild()
