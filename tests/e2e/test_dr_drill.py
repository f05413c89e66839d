"""The disaster drill as an operator runs it: `minwon dr drill --quick --json`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from minwon.recovery.pginstance import PG_BIN

NEEDED = ("patroni", "etcd", "pgbackrest", "runuser")


def test_the_quick_drill_loses_nothing_acknowledged_and_delivers_each_filing_once(
    tmp_path: Path,
) -> None:
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing or not (PG_BIN / "initdb").exists():
        if os.environ.get("MINWON_REQUIRE_POSTGRES"):
            pytest.fail(f"the drill needs {missing or PG_BIN} (.ci/run installs them)")
        pytest.skip(f"the drill needs {missing or PG_BIN}")
    done = subprocess.run(
        [sys.executable, "-m", "minwon.cli.main", "dr", "drill", "--quick", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["acknowledged"] > 0
    assert report["persisted"] == report["acknowledged"]
    assert (report["lost"], report["duplicates"]) == (0, 0)
    assert (report["deliveries_missing"], report["deliveries_doubled"]) == (0, 0)
    assert report["audit_ok"] is True
    assert report["promoted"] != report["killed"]
    assert "500" not in report["statuses"]  # the outage is 503s only, never a crash
    site = report["site_loss"]
    assert site["applications_restored"] > 0
    assert site["audit_ok"] is True
