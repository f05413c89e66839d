"""A broken catalog is refused with the file, the line and the problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from minwon.catalog import CatalogError, load_catalog
from minwon.catalog.fieldtypes import FIELD_TYPES
from minwon.cli.main import app


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


# -- files that do not load: every one gives file (and line), never a traceback ---------------


def test_impossible_date_names_file_and_line(broken: Path) -> None:
    path = broken / "services" / "passport-application.yaml"
    _edit(path, "valid_from: 2026-03-01", "valid_from: 2026-02-30")
    line = _line_of(path, "valid_from: 2026-02-30")
    assert _problems(broken) == [
        f"{path}:{line}: '2026-02-30' is not a valid date: day is out of range for month"
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("kind: certificate", "kind: !!int certificate", "'certificate' is not a valid integer"),
        ("kind: certificate", "kind: !!bool maybe", "'maybe' is not a valid boolean"),
        ("kind: certificate", "kind: certificate\n[a]: b", "YAML error: a list or mapping"),
    ],
)
def test_value_yaml_reads_but_python_cannot_build(
    broken: Path, old: str, new: str, message: str
) -> None:
    path = broken / "services" / "land-register.yaml"
    _edit(path, old, new)
    line = _line_of(path, new.splitlines()[-1])
    (problem,) = _problems(broken)
    assert problem.startswith(f"{path}:{line}: {message}")


def test_validate_command_prints_the_line_not_a_traceback(broken: Path) -> None:
    path = broken / "services" / "passport-application.yaml"
    _edit(path, "valid_from: 2026-03-01", "valid_from: 2026-02-30")
    line = _line_of(path, "valid_from: 2026-02-30")
    result = CliRunner().invoke(app, ["catalog", "validate", "--dir", str(broken)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # typer.Exit, not an escaped ValueError
    assert f"{path}:{line}: '2026-02-30' is not a valid date" in result.output
    assert "Traceback" not in result.output


def test_file_in_a_korean_legacy_encoding(broken: Path) -> None:
    path = broken / "services" / "move-in-report.yaml"
    legacy = [
        line.encode("cp949", errors="replace")  # an editor saving in the Windows default
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
    ]
    path.write_bytes(b"".join(legacy))
    line, text = next((n, t) for n, t in enumerate(legacy, start=1) if not t.isascii())
    byte = next(b for b in text if b >= 0x80)
    assert _problems(broken) == [
        f"{path}:{line}: the file is not UTF-8 text (byte 0x{byte:02x} cannot be decoded):"
        " save it as UTF-8, not EUC-KR or CP949"
    ]


def test_unreadable_file(broken: Path) -> None:
    # A directory with a .yaml name cannot be read even by root, unlike a chmod 000 file.
    path = broken / "services" / "extra.yaml"
    path.mkdir()
    assert _problems(broken) == [f"{path}: cannot read the file: Is a directory"]


def test_missing_sources_file(broken: Path) -> None:
    path = broken / "sources.yaml"
    path.unlink()
    assert f"{path}: the file does not exist" in _problems(broken)


@pytest.mark.parametrize("content", ["", "\n\n", "# nothing here yet\n"])
def test_empty_file(broken: Path, content: str) -> None:
    path = broken / "services" / "land-register.yaml"
    path.write_text(content, encoding="utf-8")
    assert _problems(broken) == [
        f"{path}: the file holds no YAML document (it is empty or only comments)"
    ]


def test_list_instead_of_a_mapping(broken: Path) -> None:
    path = broken / "services" / "land-register.yaml"
    path.write_text("# the keys went astray\n- id: land-register\n- kind: certificate\n", "utf-8")
    assert _problems(broken) == [
        f"{path}:2: the top level must be a mapping (key: value lines), not a list"
    ]


def test_sources_file_without_a_list(broken: Path) -> None:
    path = broken / "sources.yaml"
    _edit(path, "sources:", "sources: {}\nold_sources:")
    line = _line_of(path, "sources: {}")
    assert _problems(broken) == [f"{path}:{line}: 'sources' must be a list of entries"]


def test_control_character_names_its_line(broken: Path) -> None:
    path = broken / "services" / "land-register.yaml"
    _edit(path, "kind: certificate", "kind: certif\x07icate")
    line = _line_of(path, "kind: certif")
    (problem,) = _problems(broken)
    assert problem.startswith(f"{path}:{line}: character #x0007 is not allowed")


def test_duplicate_source_id(broken: Path) -> None:
    path = broken / "sources.yaml"
    first = _line_of(path, "- id: S2")
    second = _line_of(path, "- id: S3")
    _edit(path, "- id: S3", "- id: S2")
    assert _problems(broken) == [
        f"{path}:{second}: duplicate source id 'S2' (first at line {first})"
    ]
