"""Checks that need the whole catalog: ids, references between entries, field types, sources."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from pydantic import BaseModel

from minwon.catalog.errors import Problem
from minwon.catalog.fieldtypes import FIELD_TYPES
from minwon.catalog.schema import (
    AgeCondition,
    AllOf,
    AnyOf,
    Bundle,
    Condition,
    FieldCondition,
    FieldSpec,
    NotOf,
    Service,
    Sourced,
    SourceEntry,
)
from minwon.catalog.yamlnodes import LocatedDocument

__all__ = ["check_catalog"]

DATE_TYPES = ("date", "datetime")
Loc = list[str | int]


def check_catalog(
    services: Sequence[tuple[Service, LocatedDocument]],
    bundles: Sequence[tuple[Bundle, LocatedDocument]],
    sources: Sequence[SourceEntry],
) -> list[Problem]:
    """Every cross-reference problem in the catalog, each located at its line."""
    problems: list[Problem] = []
    source_ids = {s.id for s in sources}
    service_map = {s.id: s for s, _ in services}
    problems.extend(_duplicate_ids([*services, *bundles]))
    for service, doc in services:
        problems.extend(_check_service(service, doc, set(service_map), source_ids))
    for bundle, doc in bundles:
        problems.extend(_check_bundle(bundle, doc, service_map, source_ids))
    return problems


def _duplicate_ids(
    entries: Sequence[tuple[Service | Bundle, LocatedDocument]],
) -> Iterator[Problem]:
    counts = Counter(entry.id for entry, _ in entries)
    for entry, doc in entries:
        if doc.path.stem != entry.id:
            yield doc.problem(["id"], f"id {entry.id!r} must match the file name {doc.path.name!r}")
        if counts[entry.id] > 1:
            yield doc.problem(
                ["id"], f"duplicate id {entry.id!r}: ids must be unique across the catalog"
            )


def _check_fields(
    fields: Sequence[FieldSpec], doc: LocatedDocument, prefix: Loc
) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, spec in enumerate(fields):
        loc: Loc = [*prefix, index]
        if spec.id in seen:
            yield doc.problem([*loc, "id"], f"duplicate field id {spec.id!r}")
        seen.add(spec.id)
        if spec.type not in FIELD_TYPES:
            known = ", ".join(sorted(FIELD_TYPES))
            yield doc.problem([*loc, "type"], f"unknown field type {spec.type!r} (known: {known})")
        values = [o.value for o in spec.options]
        for value, count in Counter(values).items():
            if count > 1:
                yield doc.problem([*loc, "options"], f"duplicate option value {value!r}")


def _check_service(
    service: Service, doc: LocatedDocument, service_ids: set[str], source_ids: set[str]
) -> Iterator[Problem]:
    yield from _check_fields(service.fields, doc, ["fields"])
    types = {f.id: f.type for f in service.fields}
    for index, spec in enumerate(service.fields):
        if spec.required_when is not None:
            yield from _check_condition(
                spec.required_when, types, doc, ["fields", index, "required_when"]
            )
    for index, rule in enumerate(service.eligibility):
        yield from _check_condition(rule.condition, types, doc, ["eligibility", index, "condition"])
    for index, document in enumerate(service.documents):
        loc: Loc = ["documents", index]
        if document.required_when is not None:
            yield from _check_condition(document.required_when, types, doc, [*loc, "required_when"])
        if document.consent_field is not None and types.get(document.consent_field) != "boolean":
            yield doc.problem(
                [*loc, "consent_field"],
                f"consent_field {document.consent_field!r} must name a boolean field"
                " of this service",
            )
    deadline = service.deadline
    if deadline.event_field is not None and types.get(deadline.event_field) not in DATE_TYPES:
        yield doc.problem(
            ["deadline", "event_field"],
            f"event_field {deadline.event_field!r} must name a date field of this service",
        )
    for index, related in enumerate(service.related):
        if related not in service_ids:
            yield doc.problem(["related", index], f"related service {related!r} does not exist")
    yield from _check_examples(service.examples.ko, service.examples.en, doc)
    yield from _check_sources(service, doc, source_ids, [])


def _check_bundle(
    bundle: Bundle, doc: LocatedDocument, services: dict[str, Service], source_ids: set[str]
) -> Iterator[Problem]:
    yield from _check_fields(bundle.fields, doc, ["fields"])
    types = {f.id: f.type for f in bundle.fields}
    types.update({s.key: s.type for s in bundle.shared_fields})
    member_ids = [m.service for m in bundle.members]
    for index, member in enumerate(bundle.members):
        loc: Loc = ["members", index]
        if member.service not in services:
            yield doc.problem(
                [*loc, "service"],
                f"bundle member {member.service!r} is not a service in the catalog",
            )
        if member_ids.count(member.service) > 1:
            yield doc.problem([*loc, "service"], f"service {member.service!r} is listed twice")
        if member.include_when is not None:
            yield from _check_condition(member.include_when, types, doc, [*loc, "include_when"])
    for index, shared in enumerate(bundle.shared_fields):
        loc = ["shared_fields", index]
        if shared.type not in FIELD_TYPES:
            yield doc.problem([*loc, "type"], f"unknown field type {shared.type!r}")
        users = [
            (sid, f)
            for sid in member_ids
            if sid in services
            for f in services[sid].fields
            if f.shared == shared.key
        ]
        if not users:
            yield doc.problem(
                [*loc, "key"], f"no member service has a field marked 'shared: {shared.key}'"
            )
        for sid, spec in users:
            if spec.type != shared.type:
                yield doc.problem(
                    [*loc, "type"],
                    f"{sid}.{spec.id} is {spec.type!r} but the shared field {shared.key!r}"
                    f" is {shared.type!r}",
                )
    yield from _check_examples(bundle.examples.ko, bundle.examples.en, doc)
    yield from _check_sources(bundle, doc, source_ids, [])


def _check_condition(
    condition: Condition, types: dict[str, str], doc: LocatedDocument, loc: Loc
) -> Iterator[Problem]:
    if isinstance(condition, FieldCondition):
        if condition.field not in types:
            yield doc.problem([*loc, "field"], f"condition names unknown field {condition.field!r}")
    elif isinstance(condition, AgeCondition):
        if types.get(condition.age_of) not in DATE_TYPES:
            yield doc.problem(
                [*loc, "age_of"], f"age_of {condition.age_of!r} must name a date field"
            )
    elif isinstance(condition, AllOf | AnyOf):
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        key = "all" if isinstance(condition, AllOf) else "any"
        for index, part in enumerate(parts):
            yield from _check_condition(part, types, doc, [*loc, key, index])
    elif isinstance(condition, NotOf):
        yield from _check_condition(condition.not_, types, doc, [*loc, "not"])


def _check_examples(
    ko: Sequence[str], en: Sequence[str], doc: LocatedDocument
) -> Iterator[Problem]:
    for lang, examples in (("ko", ko), ("en", en)):
        for text, count in Counter(e.strip() for e in examples).items():
            if count > 1:
                yield doc.problem(["examples", lang], f"example {text!r} appears {count} times")
        for index, text in enumerate(examples):
            if not text.strip():
                yield doc.problem(["examples", lang, index], "empty example")


def _check_sources(
    model: BaseModel, doc: LocatedDocument, source_ids: set[str], loc: Loc
) -> Iterator[Problem]:
    """Every ``refs`` entry anywhere in the entry must name a source in sources.yaml."""
    for path, sourced in _walk_sourced(model, loc):
        for ref in sourced.refs:
            if ref not in source_ids:
                yield doc.problem([*path, "refs"], f"unknown source {ref!r} (not in sources.yaml)")


def _walk_sourced(value: object, loc: Loc) -> Iterator[tuple[Loc, Sourced]]:
    if isinstance(value, Sourced):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk_sourced(getattr(value, name), [*loc, name])
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk_sourced(item, [*loc, index])
