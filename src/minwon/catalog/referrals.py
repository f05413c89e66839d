"""Known services outside the filing catalog (``catalog/referrals.yaml``): where to go instead.

minwon files only the services of ``catalog/services``. For a real service it does not file
(전입세대 열람, 자동차 말소등록, 법인 설립 등기 …) or a private dispute (주택임대차분쟁조정위원회,
임차권등기명령), it says so honestly and points to the agency, portal and statute. The router
learns each referral's examples so that such a request is not routed to a catalog service that
merely shares a word with it (``near`` lists those services).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from minwon.catalog.errors import CatalogError, Problem
from minwon.catalog.schema import ID_PATTERN, LegalBasis, Localized, Sourced, Strict
from minwon.catalog.yamlnodes import LocatedDocument, load_located

__all__ = ["Referral", "ReferralExamples", "load_referrals"]

FILE_NAME = "referrals.yaml"


class ReferralExamples(Strict):
    """Requests for the referral written the way people type them; the router learns these."""

    ko: Annotated[list[str], Field(min_length=3)]
    en: Annotated[list[str], Field(min_length=2)]


class Referral(Strict):
    """A real service or dispute avenue that minwon cannot file, and where to go for it."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    kind: Literal["service", "dispute"]
    name: Localized
    description: Localized  # what it is, and that minwon cannot file it
    where: Localized  # the agency and how: "가까운 주민센터나 정부24(gov.kr)에서 …"
    url: str | None = None  # the official portal
    legal_basis: LegalBasis | None = None
    source: Sourced
    keywords: Localized | None = None  # comma-separated other names people use
    examples: ReferralExamples
    near: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(default_factory=list)


def load_referrals(
    root: Path, service_ids: set[str], source_ids: set[str], problems: list[Problem]
) -> dict[str, Referral]:
    """``root/referrals.yaml`` checked against the catalog; an absent file means none.

    Problems (schema, duplicate ids, an id that is also a service, unknown ``near`` services or
    source refs, repeated examples) are appended to ``problems`` with their file and line.
    """
    path = root / FILE_NAME
    if not path.exists():
        return {}
    try:
        doc = load_located(path)
    except CatalogError as exc:
        problems.extend(exc.problems)
        return {}
    raw = doc.data.get("referrals")
    if not isinstance(raw, list):
        problems.append(doc.problem([], "the file needs a 'referrals:' list"))
        return {}
    entries = [(i, r) for i, item in enumerate(raw) if (r := _validate(doc, i, item, problems))]
    problems.extend(_check(entries, doc, service_ids, source_ids))
    return {r.id: r for _, r in entries}


def _validate(
    doc: LocatedDocument, index: int, item: object, problems: list[Problem]
) -> Referral | None:
    try:
        return Referral.model_validate(item)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = ["referrals", index, *error["loc"]]
            where = ".".join(str(p) for p in error["loc"]) or "(entry)"
            problems.append(doc.problem(loc, f"{where}: {error['msg']}"))
        return None


def _check(
    entries: list[tuple[int, Referral]],
    doc: LocatedDocument,
    service_ids: set[str],
    source_ids: set[str],
) -> Iterator[Problem]:
    counts = Counter(r.id for _, r in entries)
    for index, referral in entries:
        at: list[str | int] = ["referrals", index]
        if counts[referral.id] > 1:
            yield doc.problem([*at, "id"], f"duplicate referral id {referral.id!r}")
        if referral.id in service_ids:
            message = f"referral id {referral.id!r} is also a catalog service: keep one of them"
            yield doc.problem([*at, "id"], message)
        for n, near in enumerate(referral.near):
            if near not in service_ids:
                yield doc.problem([*at, "near", n], f"unknown catalog service {near!r}")
        yield from _check_refs(referral, doc, at, source_ids)
        for lang in ("ko", "en"):
            examples: list[str] = getattr(referral.examples, lang)
            for text, count in Counter(examples).items():
                if count > 1:
                    message = f"example {text!r} appears {count} times"
                    yield doc.problem([*at, "examples", lang], message)


def _check_refs(
    referral: Referral, doc: LocatedDocument, at: list[str | int], source_ids: set[str]
) -> Iterator[Problem]:
    sourced: list[tuple[list[str | int], Sourced]] = [([*at, "source"], referral.source)]
    if referral.legal_basis is not None:
        sourced.append(([*at, "legal_basis", "source"], referral.legal_basis.source))
    for loc, source in sourced:
        for ref in source.refs:
            if ref not in source_ids:
                yield doc.problem([*loc, "refs"], f"unknown source {ref!r} (not in sources.yaml)")
