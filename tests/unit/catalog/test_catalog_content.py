"""The shipped catalog holds what the routing contract and the domain notes require."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from minwon.catalog import Catalog
from minwon.catalog.schema import Sourced

SHARED = Path(__file__).resolve().parents[4] / "shared"

SERVICE_IDS = {
    "move-in-report",
    "resident-registration-certificate",
    "birth-report",
    "death-report",
    "marriage-report",
    "passport-application",
    "vehicle-address-change",
    "business-registration",
    "family-relation-certificate",
    "health-insurance-certificate",
    "child-allowance",
    "parental-allowance",
    "first-meeting-voucher",
    "basic-pension",
    "unemployment-benefit",
    "disability-registration",
    "national-employment-support",
    "seal-certificate",
    "land-register",
    "building-register",
    "housing-lease-report",
    "inheritance-asset-inquiry",
}
BUNDLE_IDS = {"moving", "childbirth", "bereavement"}


def _norm(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFC", text).lower())


def test_every_contract_id_is_in_the_catalog(catalog: Catalog) -> None:
    assert set(catalog.services) == SERVICE_IDS
    assert set(catalog.bundles) == BUNDLE_IDS


@pytest.mark.parametrize("entry_id", sorted(SERVICE_IDS | BUNDLE_IDS))
def test_enough_examples_in_both_languages(catalog: Catalog, entry_id: str) -> None:
    entry = catalog.services.get(entry_id) or catalog.bundle(entry_id)
    assert len(entry.examples.ko) >= 15
    assert len(entry.examples.en) >= 8
    assert all(re.search("[가-힣]", e) for e in entry.examples.ko)


def test_examples_are_not_copied_from_the_measuring_set(catalog: Catalog) -> None:
    dev_path = SHARED / "eval" / "dev.jsonl"
    if not dev_path.exists():
        pytest.skip("../shared/eval/dev.jsonl is not beside this checkout")
    dev = {
        _norm(json.loads(line)["text"])
        for line in dev_path.read_text(encoding="utf-8").splitlines()
        if line
    }
    entries = [*catalog.services.values(), *catalog.bundles.values()]
    copied = [
        e for entry in entries for e in (*entry.examples.ko, *entry.examples.en) if _norm(e) in dev
    ]
    assert copied == []


def test_no_example_is_claimed_by_two_entries(catalog: Catalog) -> None:
    seen: dict[str, str] = {}
    clashes = []
    for entry in [*catalog.services.values(), *catalog.bundles.values()]:
        for example in (*entry.examples.ko, *entry.examples.en):
            key = _norm(example)
            if key in seen and seen[key] != entry.id:
                clashes.append((example, seen[key], entry.id))
            seen[key] = entry.id
    assert clashes == []


def _sourced(value: object) -> Iterator[Sourced]:
    if isinstance(value, Sourced):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _sourced(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _sourced(item)


def test_every_uncertain_fact_says_what_is_uncertain_or_where_it_comes_from(
    catalog: Catalog,
) -> None:
    silent = [
        entry.id
        for entry in [*catalog.services.values(), *catalog.bundles.values()]
        for s in _sourced(entry)
        if s.confidence == "uncertain" and s.note is None and not s.refs
    ]
    assert silent == []


def test_amounts_that_change_yearly_carry_valid_from(catalog: Catalog) -> None:
    passport = catalog.service("passport-application")
    starts = {fee.valid_from.isoformat() for fee in passport.fees}
    assert {"2024-07-01", "2026-03-01"} <= starts


def test_move_in_report_facts_match_the_statute(catalog: Catalog) -> None:
    service = catalog.service("move-in-report")
    assert service.deadline.days == 14
    assert service.deadline.legal_basis is not None
    assert service.deadline.legal_basis.statute == "주민등록법"
    assert service.deadline.legal_basis.article is not None
    assert "제16조" in service.deadline.legal_basis.article
    assert any(p.max_amount_krw == 50000 for p in service.penalties)


def test_moving_bundle_makes_the_lease_report_conditional(catalog: Catalog) -> None:
    moving = catalog.bundle("moving")
    members = {m.service: m for m in moving.members}
    assert members["move-in-report"].include_when is None
    assert members["housing-lease-report"].include_when is not None
    assert members["vehicle-address-change"].include_when is not None
    assert {"event_date", "new_address"} <= {s.key for s in moving.shared_fields}
