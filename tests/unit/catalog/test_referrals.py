"""Known services outside the filing catalog: validated like the rest, located by file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from minwon.catalog import Catalog, CatalogError, load_catalog


@pytest.fixture
def copy(tmp_path: Path, catalog_dir: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(catalog_dir, target)
    return target


def _problems(directory: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog(directory)
    return [str(p) for p in info.value.problems]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def test_the_shipped_referrals_cover_the_issues_neighbours_and_disputes() -> None:
    referrals = load_catalog().referrals
    # Issue 11 §5 and issue 14 §15 by name.
    for rid in (
        "move-in-household-check",
        "vehicle-deregistration",
        "corporate-registration",
        "health-insurance-premium-adjustment",
        "lease-dispute-mediation",
        "lease-registration-order",
    ):
        assert rid in referrals
    assert len(referrals) >= 31
    assert {r.kind for r in referrals.values()} == {"service", "dispute"}
    assert referrals["lease-registration-order"].kind == "dispute"


def test_every_referral_says_where_to_go_in_both_languages_and_how_sure_it_is() -> None:
    catalog = load_catalog()
    for referral in catalog.referrals.values():
        assert referral.where.ko
        assert referral.where.en
        assert referral.source.confidence in ("sourced", "general-knowledge", "uncertain")
        assert all(n in catalog.services for n in referral.near)
        assert referral.id not in catalog.services
        basis = referral.legal_basis
        if basis is not None and basis.article is None:
            # An article not recalled with confidence is omitted, and the fact says so.
            assert basis.source.confidence == "uncertain"


def test_a_catalog_built_without_referrals_has_none() -> None:
    catalog = load_catalog()
    bare = Catalog(catalog.services, catalog.bundles, catalog.sources, catalog.fingerprint)
    assert dict(bare.referrals) == {}


def test_an_absent_referrals_file_means_no_referrals(copy: Path) -> None:
    (copy / "referrals.yaml").unlink()
    assert dict(load_catalog(copy).referrals) == {}


def test_an_unknown_near_service_is_named_with_its_line(copy: Path) -> None:
    path = copy / "referrals.yaml"
    _edit(path, "  - vehicle-address-change\n", "  - vehicle-adress-change\n")
    (problem,) = _problems(copy)
    assert f"referrals.yaml:{_line_of(path, 'vehicle-adress-change')}" in problem
    assert "unknown catalog service 'vehicle-adress-change'" in problem


def test_a_referral_that_is_also_a_service_is_refused(copy: Path) -> None:
    path = copy / "referrals.yaml"
    _edit(path, "- id: driver-license", "- id: passport-application")
    problems = _problems(copy)
    assert any("is also a catalog service" in p for p in problems)
    assert any(
        f"referrals.yaml:{_line_of(path, 'id: passport-application')}" in p for p in problems
    )


def test_a_duplicate_referral_id_is_refused(copy: Path) -> None:
    _edit(copy / "referrals.yaml", "- id: driver-license", "- id: vehicle-deregistration")
    assert any("duplicate referral id 'vehicle-deregistration'" in p for p in _problems(copy))


def test_a_missing_field_and_an_unknown_key_are_located(copy: Path) -> None:
    path = copy / "referrals.yaml"
    _edit(path, "  kind: dispute\n", "  kinds: dispute\n")
    problems = _problems(copy)
    line = _line_of(path, "kinds: dispute")
    assert any(f"referrals.yaml:{line}" in p and "kinds" in p for p in problems)
    assert any("kind: Field required" in p for p in problems)


def test_an_unknown_source_ref_is_refused(copy: Path) -> None:
    path = copy / "referrals.yaml"
    _edit(path, "  source:\n    confidence: general-knowledge\n",
          "  source:\n    confidence: sourced\n    refs: [S999]\n")  # fmt: skip
    assert any("unknown source 'S999'" in p for p in _problems(copy))
