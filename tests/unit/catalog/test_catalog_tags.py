"""A fact is tagged no more firmly than the domain notes support it.

A legal basis is mostly its article: when the domain notes give the substance a source but the
article number only as general knowledge ([K]), the entry is ``general-knowledge``, keeps the
substance's ``refs``, and its note says the article is not verified.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from minwon.catalog import Catalog
from minwon.catalog.schema import LegalBasis

# What a note says when only the substance of a legal basis has a source.
ARTICLE_UNVERIFIED = re.compile(r"article number.*(general knowledge|not verified)", re.I)


def _legal_bases(value: object) -> Iterator[LegalBasis]:
    if isinstance(value, LegalBasis):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _legal_bases(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _legal_bases(item)


def _all_legal_bases(catalog: Catalog) -> Iterator[tuple[str, LegalBasis]]:
    for entry in [*catalog.services.values(), *catalog.bundles.values()]:
        for basis in _legal_bases(entry):
            yield entry.id, basis


def test_no_sourced_legal_basis_has_an_unverified_article(catalog: Catalog) -> None:
    overclaimed = [
        f"{entry_id}: {basis.statute} {basis.article}"
        for entry_id, basis in _all_legal_bases(catalog)
        if basis.article
        and basis.source.confidence == "sourced"
        and basis.source.note is not None
        and ARTICLE_UNVERIFIED.search(basis.source.note.en)
    ]
    assert overclaimed == []


def test_an_unverified_article_keeps_the_source_of_its_substance(catalog: Catalog) -> None:
    # Uncertain entries ([U]) may have no source at all; the [K]-article ones keep theirs.
    known = [
        basis
        for _, basis in _all_legal_bases(catalog)
        if basis.article
        and basis.source.confidence != "uncertain"
        and basis.source.note is not None
        and ARTICLE_UNVERIFIED.search(basis.source.note.en)
    ]
    assert len(known) >= 18  # 사업자등록 5, 출생신고 4, 임대차 신고 7, 이사 1, 안심상속 1
    assert all(b.source.confidence == "general-knowledge" and b.source.refs for b in known)


def test_business_registration_articles_are_general_knowledge(catalog: Catalog) -> None:
    # Domain notes §2.8: "[S15] (article numbers [K])" for 부가가치세법 제8조, 제60조
    # and 시행령 제11조.
    service = catalog.service("business-registration")
    tags = {
        (basis.statute, basis.article, basis.source.confidence, tuple(basis.source.refs))
        for basis in _legal_bases(service)
    }
    assert tags == {
        ("부가가치세법", "제8조", "general-knowledge", ("S15",)),
        ("부가가치세법 시행령", "제11조", "general-knowledge", ("S15",)),
        ("부가가치세법", "제60조", "general-knowledge", ("S15",)),
    }
