"""Checks that need the whole catalog: ids, references between entries, field types, sources."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from pydantic import BaseModel

from minwon.catalog.crossref_conditions import (
    DATE_TYPES,
    FieldFacts,
    check_condition,
    field_table,
)
from minwon.catalog.errors import Problem
from minwon.catalog.fieldtypes import FIELD_TYPES
from minwon.catalog.schema import (
    Bundle,
    FieldSpec,
    Service,
    SharedField,
    Sourced,
    SourceEntry,
)
from minwon.catalog.yamlnodes import LocatedDocument

__all__ = ["check_catalog"]

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
    fields = field_table(service.fields)
    yield from _check_required_when(service.fields, fields, doc)
    for index, rule in enumerate(service.eligibility):
        yield from check_condition(rule.condition, fields, doc, ["eligibility", index, "condition"])
    yield from _check_documents(service, fields, doc)
    deadline = service.deadline
    for key in ("event_field", "fallback_field"):
        named = getattr(deadline, key)
        if named is not None and _type_of(fields, named) not in DATE_TYPES:
            yield doc.problem(
                ["deadline", key], f"{key} {named!r} must name a date field of this service"
            )
    for index, related in enumerate(service.related):
        if related not in service_ids:
            yield doc.problem(["related", index], f"related service {related!r} does not exist")
    yield from _check_examples(service.examples.ko, service.examples.en, doc)
    yield from _check_sources(service, doc, source_ids, [])


def _type_of(fields: dict[str, FieldFacts], field_id: str) -> str | None:
    facts = fields.get(field_id)
    return facts.type if facts is not None else None


def _check_required_when(
    specs: Sequence[FieldSpec], fields: dict[str, FieldFacts], doc: LocatedDocument
) -> Iterator[Problem]:
    for index, spec in enumerate(specs):
        if spec.required_when is not None:
            loc: Loc = ["fields", index, "required_when"]
            yield from check_condition(spec.required_when, fields, doc, loc)


def _check_documents(
    service: Service, fields: dict[str, FieldFacts], doc: LocatedDocument
) -> Iterator[Problem]:
    for index, document in enumerate(service.documents):
        loc: Loc = ["documents", index]
        if document.required_when is not None:
            yield from check_condition(document.required_when, fields, doc, [*loc, "required_when"])
        consent = document.consent_field
        if consent is not None and _type_of(fields, consent) != "boolean":
            yield doc.problem(
                [*loc, "consent_field"],
                f"consent_field {consent!r} must name a boolean field of this service",
            )


def _check_bundle(
    bundle: Bundle, doc: LocatedDocument, services: dict[str, Service], source_ids: set[str]
) -> Iterator[Problem]:
    yield from _check_fields(bundle.fields, doc, ["fields"])
    member_ids = dict.fromkeys(m.service for m in bundle.members)  # once each, in order
    members = [services[sid] for sid in member_ids if sid in services]
    fields = field_table(bundle.fields)
    fields.update({s.key: _shared_facts(s, members) for s in bundle.shared_fields})
    # Bundle fields may depend on each other and on shared facts, like a service's fields.
    yield from _check_required_when(bundle.fields, fields, doc)
    yield from _check_members(bundle, doc, services, fields)
    for index, shared in enumerate(bundle.shared_fields):
        yield from _check_shared_field(shared, members, doc, ["shared_fields", index])
    yield from _check_undeclared_shared(bundle, members, doc)
    yield from _check_examples(bundle.examples.ko, bundle.examples.en, doc)
    yield from _check_sources(bundle, doc, source_ids, [])


def _shared_facts(shared: SharedField, members: Sequence[Service]) -> FieldFacts:
    """A shared key has no options of its own: an enum takes those of the members' fields."""
    options = [
        option.value
        for service in members
        for spec in service.fields
        if spec.shared == shared.key
        for option in spec.options
    ]
    return FieldFacts(shared.type, tuple(dict.fromkeys(options)) or None)


def _check_members(
    bundle: Bundle,
    doc: LocatedDocument,
    services: dict[str, Service],
    fields: dict[str, FieldFacts],
) -> Iterator[Problem]:
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
            yield from check_condition(member.include_when, fields, doc, [*loc, "include_when"])


def _check_shared_field(
    shared: SharedField, members: Sequence[Service], doc: LocatedDocument, loc: Loc
) -> Iterator[Problem]:
    if shared.type not in FIELD_TYPES:
        yield doc.problem([*loc, "type"], f"unknown field type {shared.type!r}")
    users = [(s.id, f) for s in members for f in s.fields if f.shared == shared.key]
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


def _check_undeclared_shared(
    bundle: Bundle, members: Sequence[Service], doc: LocatedDocument
) -> Iterator[Problem]:
    """A ``shared:`` key that two members use must be declared by the bundle.

    The conversation stores a shared field's answer under its key, so two members with the
    same key get one answer. Declaring it in ``shared_fields`` is what checks that their types
    agree and gives the one question to ask; undeclared, one answer would silently feed two
    services that may mean different things by it. A key only one member uses merges nothing,
    so it needs no declaration (a service may be in a bundle that does not share that fact).
    """
    declared = {s.key for s in bundle.shared_fields}
    users: dict[str, list[str]] = {}
    for service in members:
        for key in dict.fromkeys(f.shared for f in service.fields if f.shared):
            users.setdefault(key, []).append(service.id)
    for key, service_ids in users.items():
        if key in declared or len(service_ids) < 2:
            continue
        index = next(i for i, m in enumerate(bundle.members) if m.service == service_ids[1])
        yield doc.problem(
            ["members", index, "service"],
            f"members {', '.join(service_ids)} each mark a field 'shared: {key}', which this"
            " bundle does not declare in shared_fields: declare it (with its type and"
            " question) or the one answer is merged between them unchecked",
        )


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
