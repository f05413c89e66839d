"""Numbers to call when a life is at risk: data in the catalog, validated like the rest."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import get_args

import pytest

from minwon.catalog import CatalogError, load_catalog
from minwon.catalog.helplines import DangerKind
from minwon.nlu.result import CrisisKind


@pytest.fixture
def copy(tmp_path: Path, catalog_dir: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(catalog_dir, target)
    return target


def test_every_danger_the_router_detects_has_a_line_to_call() -> None:
    catalog = load_catalog()
    assert set(get_args(DangerKind)) == set(get_args(CrisisKind))
    numbers = {
        kind: [line.number for line in catalog.helplines_for(kind)] for kind in get_args(CrisisKind)
    }
    assert "109" in numbers["suicide"]
    assert "1366" in numbers["violence"]
    assert "112" in numbers["violence"]
    assert "119" in numbers["emergency"]


def test_a_number_listed_twice_is_an_error_with_its_line(copy: Path) -> None:
    path = copy / "helplines.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('- number: "1366"', '- number: "112"'),
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as info:
        load_catalog(copy)
    problems = [str(p) for p in info.value.problems]
    assert any("'112' is listed twice" in p and "helplines.yaml:" in p for p in problems), problems


def test_an_unknown_danger_is_an_error(copy: Path) -> None:
    path = copy / "helplines.yaml"
    text = path.read_text(encoding="utf-8").replace("for: [violence]", "for: [flood]")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(copy)
    assert any("for" in str(p) for p in info.value.problems)
