"""The `minwon` command as an operator uses it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from minwon.cli.main import app

runner = CliRunner()


def test_validate_ok() -> None:
    result = runner.invoke(app, ["catalog", "validate"])
    assert result.exit_code == 0, result.output
    assert "22 services, 3 bundles" in result.output


def test_validate_broken_catalog_exits_non_zero_with_the_line(
    tmp_path: Path, catalog_dir: Path
) -> None:
    broken = tmp_path / "catalog"
    shutil.copytree(catalog_dir, broken)
    path = broken / "services" / "move-in-report.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("type: road_address", "type: adress", 1),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["catalog", "validate", "--dir", str(broken)])
    assert result.exit_code == 1
    assert "move-in-report.yaml:" in result.output
    assert "unknown field type 'adress'" in result.output


def test_show_in_english_and_korean() -> None:
    english = runner.invoke(app, ["catalog", "show", "move-in-report", "--lang", "en"])
    assert english.exit_code == 0
    assert "Move-in report" in english.output
    assert "주민등록법" in english.output
    korean = runner.invoke(app, ["catalog", "show", "move-in-report"])
    assert "전입신고" in korean.output


def test_show_a_bundle_and_an_unknown_id() -> None:
    bundle = runner.invoke(app, ["catalog", "show", "childbirth", "--lang", "en"])
    assert bundle.exit_code == 0
    assert "birth-report" in bundle.output
    missing = runner.invoke(app, ["catalog", "show", "nothing-here"])
    assert missing.exit_code == 1


def test_show_rejects_a_bad_language_or_date() -> None:
    assert runner.invoke(app, ["catalog", "show", "move-in-report", "--lang", "fr"]).exit_code == 2
    assert runner.invoke(app, ["catalog", "show", "move-in-report", "--on", "soon"]).exit_code == 2


def test_list_names_all_services_and_bundles() -> None:
    result = runner.invoke(app, ["catalog", "list", "--lang", "en"])
    assert result.exit_code == 0
    assert result.output.count("\n") >= 22 + 3
    assert "inheritance-asset-inquiry" in result.output


def test_server_refuses_to_start_on_an_invalid_catalog(tmp_path: Path, catalog_dir: Path) -> None:
    broken = tmp_path / "catalog"
    shutil.copytree(catalog_dir, broken)
    (broken / "bundles" / "moving.yaml").write_text(
        "id: moving\nname: [unclosed\n", encoding="utf-8"
    )
    env = {
        **os.environ,
        "MINWON_CATALOG_DIR": str(broken),
        "MINWON_DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
    }
    result = subprocess.run(
        [sys.executable, "-m", "minwon.cli.main", "serve", "--port", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "refusing to start" in result.stderr
    assert "moving.yaml:" in result.stderr
    assert "opened at line 2" in result.stderr
