"""Whole conversations, judged turn by turn: pass rate per kind and language, and turn latency.

    .venv/bin/python bench/conversations.py [--data DIR_OR_FILE ...] [--baseline-ref 3836f4f]
                                            [--failures]

Runs every scenario (default: tests/scenarios/*.yaml) on the dialogue engine, as the unit test
does, and prints the share of conversations in which every turn met every expectation, per kind
and language, with the time of a turn. The baseline, measured in the same run, is the engine as
it was at ``--baseline-ref`` (default: commit ``3836f4f``, the last landed state before this
work), extracted with ``git archive`` and run in a subprocess on the same scenarios.
A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS_MODULE = ROOT / "src" / "minwon" / "dialogue" / "scenarios.py"


def _load_scenarios_module() -> Any:
    """The scenario runner from this checkout, whichever ``minwon`` is on the path."""
    spec = importlib.util.spec_from_file_location("bench_scenarios", SCENARIOS_MODULE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def _paths(items: list[str]) -> list[Path]:
    paths: list[Path] = []
    for item in items:
        path = Path(item)
        paths += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return paths


def _driver(engine: Any, scenario: Any, status_reply: Any, timings: list[float]) -> Any:
    held: dict[str, Any] = {}
    filed: list[str] = []

    def drive(text: str, first: bool) -> Any:
        started = time.perf_counter()
        if first:
            turn = engine.start(text, today=scenario.today, lang=scenario.ui_lang)
        else:
            turn = engine.handle(held["turn"].state, text, today=scenario.today)
        citizen = scenario.actor == "citizen"
        if turn.action == "submit" and citizen:
            filed.append(f"MW-{scenario.today:%Y%m%d}-BENCH{len(filed) + 1:03d}")
            turn = engine.submitted(turn.state, filed[-1:], scenario.today)
        elif turn.action == "submit":
            turn = engine.needs_authentication(turn.state, scenario.today)
        elif turn.action == "status":
            turn = status_reply(engine, turn, [] if citizen else None, scenario.today)
        timings.append(time.perf_counter() - started)
        held["turn"] = turn
        return turn

    return drive


def run_engine(paths: list[Path]) -> dict[str, Any]:
    """Run the scenarios on the ``minwon`` importable here; results by scenario id."""
    from minwon.catalog import load_catalog
    from minwon.conversations.status_text import status_reply
    from minwon.dialogue import DialogueEngine
    from minwon.nlu import Router

    runner = _load_scenarios_module()
    scenarios = runner.load_scenarios(paths)
    catalog = load_catalog()
    engine = DialogueEngine(catalog, Router.from_catalog(catalog))
    engine.start("전입신고 하려고요", today=scenarios[0].today)  # warm-up: lazy tables load here
    timings: list[float] = []
    results = {}
    for scenario in scenarios:
        result = runner.run_scenario(scenario, _driver(engine, scenario, status_reply, timings))
        results[scenario.id] = {
            "kind": scenario.kind,
            "lang": scenario.lang,
            "failures": result.failures,
        }
    return {"results": results, "timings": timings}


def run_baseline(ref: str, paths: list[Path]) -> dict[str, Any] | None:
    """The same scenarios on the engine at git ``ref``, in a subprocess; None if unavailable."""
    archive = subprocess.run(  # noqa: S603 — git on this checkout, a ref the operator chose
        ["git", "-C", str(ROOT), "archive", ref, "src", "catalog"],  # noqa: S607
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        print(f"(no baseline: git archive {ref} failed)", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        # The old package reads the catalog beside its src/, as in a checkout.
        command = [sys.executable, __file__, "--json", "--src", str(Path(tmp) / "src")]
        command += ["--data", *map(str, paths)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        print(f"(no baseline: {done.stderr.strip().splitlines()[-1:]})", file=sys.stderr)
        return None
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def _table(ours: dict[str, Any], base: dict[str, Any] | None) -> list[str]:
    rows: dict[tuple[str, str], list[tuple[bool, bool | None]]] = defaultdict(list)
    for sid, result in ours["results"].items():
        passed = not result["failures"]
        before = None if base is None else not base["results"][sid]["failures"]
        for key in ((result["kind"], result["lang"]), ("ALL", result["lang"]), ("ALL", "all")):
            rows[key].append((passed, before))
    lines = [
        "| kind | lang | conversations | pass now | pass at baseline |",
        "|---|---|---|---|---|",
    ]
    for (kind, lang), outcomes in sorted(rows.items(), key=lambda r: (r[0][0] == "ALL", r[0])):
        n = len(outcomes)
        now = sum(o for o, _ in outcomes) / n
        then = "-" if base is None else f"{sum(bool(b) for _, b in outcomes) / n:.0%}"
        lines.append(f"| {kind} | {lang} | {n} | {now:.0%} | {then} |")
    return lines


def _latency(label: str, timings: list[float]) -> str:
    ms = sorted(t * 1000 for t in timings)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return f"{label}: {len(ms)} turns, median {statistics.median(ms):.1f} ms, p99 {p99:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", nargs="*", default=[str(ROOT / "tests" / "scenarios")])
    parser.add_argument("--baseline-ref", default="3836f4f")
    parser.add_argument("--failures", action="store_true", help="print each failed turn")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--src", help=argparse.SUPPRESS)  # run the minwon found there
    args = parser.parse_args()
    if args.src:
        sys.path.insert(0, args.src)
    paths = _paths(args.data)
    ours = run_engine(paths)
    if args.json:  # the baseline subprocess reports back this way
        print(json.dumps(ours))
        return
    base = run_baseline(args.baseline_ref, paths) if args.baseline_ref else None
    print("\n".join(_table(ours, base)))
    print()
    print(_latency("now", ours["timings"]))
    if base is not None:
        print(_latency(f"at {args.baseline_ref}", base["timings"]))
    crashes = sum(any("crashed" in f for f in r["failures"]) for r in ours["results"].values())
    print(f"crashed conversations now: {crashes}")
    if args.failures:
        for sid, result in ours["results"].items():
            for failure in result["failures"]:
                print(f"- {sid}: {failure}")


if __name__ == "__main__":
    main()
