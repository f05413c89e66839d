"""Benchmark of the router against a BM25 baseline, on labelled JSONL in the shared eval format.

    .venv/bin/python bench/nlu.py [--data PATH ...] [--today 2026-11-28]

Prints, per category and language (by script), top-1 accuracy, abstain rates, slot
exact-match, latency percentiles on one core, start-up time and peak memory of a fresh
process, each beside the baseline's figure measured in the same run and their ratio.
A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline_bm25 import BM25Baseline
from catalog_loose import load_loose
from minwon.nlu import Router

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
Answer = dict[str, Any]  # services, bundle, abstain, slots, clarification


def load_records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def category(rec: dict[str, Any]) -> str:
    if "expect_clarify" in rec and not rec.get("expect") and not rec.get("expect_bundle"):
        return "clarify"
    if rec.get("expect_bundle"):
        return "bundle"
    return "service" if rec.get("expect") else "oos"


def score(
    records: list[dict[str, Any]], answer: Callable[[str], Answer]
) -> dict[str, dict[str, list[bool]]]:
    """outcomes[lang][metric] = list of hits (lang in all/ko/en)."""
    out: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for rec in records:
        got = answer(rec["text"])
        cat = category(rec)
        hits: dict[str, bool] = {}
        if cat == "service":
            hits["service top-1"] = (
                bool(got["services"])
                and got["services"][0] == rec["expect"]
                and got["bundle"] is None
            )
        elif cat == "bundle":
            hits["bundle top-1"] = got["bundle"] == rec["expect_bundle"]
        elif cat == "oos":
            hits["oos abstain"] = got["abstain"]
        else:
            hits["clarify asked"] = got.get("clarification") is not None
        if cat in ("service", "bundle"):
            hits["false abstain"] = got["abstain"]
            hits["overall in-scope top-1"] = hits.get(
                "service top-1", hits.get("bundle top-1", False)
            )
        if "expect_clarify" in rec and cat != "clarify":
            hits["clarify asked"] = got.get("clarification") is not None
        if "slots" in rec:
            want, have = rec["slots"], got["slots"]
            hits["slot date"] = want.get("date") == have["date"]
            hits["slot region"] = want.get("region") == have["region"]
            hits["slot both"] = hits["slot date"] and hits["slot region"]
        lang = "ko" if _HANGUL.search(rec["text"]) else "en"
        for metric, hit in hits.items():
            out["all"][metric].append(hit)
            out[lang][metric].append(hit)
    return out


def latency(answer: Callable[[str], Answer], texts: list[str], rounds: int) -> dict[str, float]:
    for text in texts[:50]:
        answer(text)  # warm-up
    samples: list[float] = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            answer(text)
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]  # noqa: E731
    return {
        "p50 ms": pick(0.50),
        "p95 ms": pick(0.95),
        "p99 ms": pick(0.99),
        "mean ms": statistics.fmean(samples),
    }


_STARTUP = {
    "router": "from minwon.nlu import Router; Router.from_catalog(cat, morphology=MORPH)",
    "baseline": "from baseline_bm25 import BM25Baseline; BM25Baseline(cat)",
}


def startup(which: str, morphology: str) -> dict[str, float]:
    """Catalog load + build in a fresh process: seconds and peak resident memory."""
    code = (
        "import time, sys; t = time.perf_counter(); "
        f"sys.path.insert(0, {str(Path(__file__).resolve().parent)!r}); "
        "import io, contextlib\n"
        "with contextlib.redirect_stderr(io.StringIO()):\n"
        "    from catalog_loose import load_loose; cat = load_loose()\n"
        f"{_STARTUP[which].replace('MORPH', repr(morphology))}\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent.
        "hwm = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "print(time.perf_counter() - t, hwm)"
    )
    command = [sys.executable, "-c", code]  # our own code, in our own interpreter
    result = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    seconds, rss_kb = result.stdout.split()
    return {"start-up s": float(seconds), "peak RSS MB": int(rss_kb) / 1024}


def rate(hits: list[bool]) -> str:
    return f"{100 * sum(hits) / len(hits):6.1f}% ({sum(hits)}/{len(hits)})" if hits else "      -"


def ratio(a: list[bool], b: list[bool]) -> str:
    if not a or not b:
        return "-"
    ra, rb = sum(a) / len(a), sum(b) / len(b)
    return f"{ra / rb:.2f}x" if rb else "inf"


def print_quality(name: str, ours: dict[str, Any], base: dict[str, Any]) -> None:
    print(f"\n== quality: {name}")
    metrics = ["overall in-scope top-1", "service top-1", "bundle top-1", "oos abstain",
               "false abstain", "clarify asked", "slot date", "slot region",
               "slot both"]  # fmt: skip
    print(f"{'metric':24}{'lang':5}{'router':>22}{'baseline':>22}{'ratio':>8}")
    for metric in metrics:
        for lang in ("all", "ko", "en"):
            a, b = ours[lang].get(metric, []), base[lang].get(metric, [])
            if a or b:
                print(f"{metric:24}{lang:5}{rate(a):>22}{rate(b):>22}{ratio(a, b):>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 28))
    parser.add_argument("--morphology", choices=["light", "kiwi"], default="light")
    parser.add_argument("--rounds", type=int, default=5, help="latency passes over the texts")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, like production
    catalog = load_loose()
    router, baseline = (
        Router.from_catalog(catalog, morphology=args.morphology),
        BM25Baseline(catalog),
    )
    ours = lambda t: router.route(t, today=args.today).to_json()  # noqa: E731

    def base(t: str) -> Answer:
        r = baseline.route(t)
        return {
            "services": r.services,
            "bundle": r.bundle,
            "abstain": r.abstain,
            "slots": {"date": None, "region": None},
        }

    size = f"{len(catalog.services)} services, {len(catalog.bundles)} bundles"
    print(f"catalog: {size}, fingerprint {catalog.fingerprint[:12]}")
    texts: list[str] = []
    for path in args.data or [DEFAULT_DATA]:
        records = load_records(path)
        texts.extend(r["text"] for r in records)
        print_quality(str(path), score(records, ours), score(records, base))
    print(f"\n== latency per request, one core, {args.rounds} rounds over {len(texts)} texts")
    lat_a, lat_b = latency(ours, texts, args.rounds), latency(base, texts, args.rounds)
    for key in lat_a:
        print(f"{key:24}{lat_a[key]:>12.3f}{lat_b[key]:>12.3f}{lat_a[key] / lat_b[key]:>9.1f}x")
    print("\n== start-up (catalog load + build, fresh process) and memory")
    st_a, st_b = startup("router", args.morphology), startup("baseline", args.morphology)
    for key in st_a:
        print(f"{key:24}{st_a[key]:>12.2f}{st_b[key]:>12.2f}{st_a[key] / st_b[key]:>9.1f}x")


if __name__ == "__main__":
    main()
