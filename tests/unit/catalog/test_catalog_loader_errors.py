"""A broken catalog is refused with the file, the line and the problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from minwon.catalog import CatalogError, load_catalog
from minwon.catalog.fieldtypes import FIELD_TYPES


@pytest.fixture
def broken(tmp_path: Path, catalog_dir: Path) -> Path:
    """A private copy of the real catalog for a test to damage."""
    target = tmp_path / "catalog"
    shutil.copytree(catalog_dir, target)
    return target


def _problems(directory: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog(directory)
    return [str(p) for p in info.value.problems]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_the_real_catalog_is_valid(catalog_dir: Path) -> None:
    catalog = load_catalog(catalog_dir)
    assert len(catalog.services) == 22
    assert len(catalog.bundles) == 3


def test_yaml_syntax_error_names_file_and_line(broken: Path) -> None:
    path = broken / "services" / "move-in-report.yaml"
    _edit(path, "kind: report", "kind: [report")
    (problem,) = _problems(broken)
    assert "move-in-report.yaml:" in problem
    assert "YAML syntax error" in problem


def test_unknown_field_type_points_at_its_line(broken: Path) -> None:
    path = broken / "services" / "move-in-report.yaml"
    _edit(path, "type: road_address", "type: road_adress")
    line = _line_of(path, "type: road_adress")
    problems = _problems(broken)
    known = ", ".join(sorted(FIELD_TYPES))
    assert f"{path}:{line}: unknown field type 'road_adress' (known: {known})" in problems


def test_bundle_naming_an_unknown_service(broken: Path) -> None:
    path = broken / "bundles" / "moving.yaml"
    _edit(path, "service: move-in-report", "service: move-in-reprot")
    line = _line_of(path, "service: move-in-reprot")
    problems = _problems(broken)
    assert any(
        f"moving.yaml:{line}:" in p and "'move-in-reprot' is not a service" in p for p in problems
    )


def test_duplicate_id_across_files(broken: Path) -> None:
    source = broken / "services" / "move-in-report.yaml"
    copy = broken / "services" / "move-in-report-copy.yaml"
    shutil.copy(source, copy)
    problems = _problems(broken)
    assert any(
        "move-in-report-copy.yaml" in p and "duplicate id 'move-in-report'" in p for p in problems
    )


def test_missing_english_text(broken: Path) -> None:
    path = broken / "services" / "move-in-report.yaml"
    _edit(path, "  en: Move-in report\n", "")
    problems = _problems(broken)
    assert any(
        "move-in-report.yaml:" in p and "name.en" in p and "Field required" in p for p in problems
    )


def test_korean_text_left_in_english_is_caught(broken: Path) -> None:
    path = broken / "services" / "move-in-report.yaml"
    _edit(path, "  ko: 전입신고\n", "  ko: Move-in report\n")
    problems = _problems(broken)
    assert any("name.ko" in p and "no Hangul" in p for p in problems)


def test_duplicate_yaml_key_is_an_error_not_a_silent_override(broken: Path) -> None:
    path = broken / "services" / "move-in-report.yaml"
    _edit(path, "kind: report\n", "kind: report\nkind: certificate\n")
    (problem,) = _problems(broken)
    assert "duplicate key 'kind'" in problem


def test_condition_naming_an_unknown_field(broken: Path) -> None:
    path = broken / "services" / "move-in-report.yaml"
    _edit(
        path,
        "{field: household_action, op: eq, value: join_household}",
        "{field: household_acton, op: eq, value: join_household}",
    )
    problems = _problems(broken)
    assert any("unknown field 'household_acton'" in p for p in problems)


def test_unknown_source_reference(broken: Path) -> None:
    path = broken / "services" / "move-in-report.yaml"
    _edit(path, "refs: [S1, S4]", "refs: [S1, S99]")
    problems = _problems(broken)
    assert any("unknown source 'S99'" in p for p in problems)


def test_misspelt_key_is_refused(broken: Path) -> None:
    path = broken / "services" / "move-in-report.yaml"
    _edit(path, "processing_time:", "procesing_time:")
    problems = _problems(broken)
    assert any("procesing_time" in p and "Extra inputs are not permitted" in p for p in problems)
    assert any("processing_time" in p and "Field required" in p for p in problems)


def test_all_problems_are_reported_at_once(broken: Path) -> None:
    _edit(broken / "services" / "move-in-report.yaml", "type: road_address", "type: nope")
    _edit(broken / "bundles" / "moving.yaml", "service: move-in-report", "service: nowhere")
    problems = _problems(broken)
    assert any("move-in-report.yaml" in p for p in problems)
    assert any("moving.yaml" in p for p in problems)
