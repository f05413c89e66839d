"""Routing quality per kind of request (issue 11), the router beside the BM25 baseline.

    .venv/bin/python bench/kinds.py [--data PATH ...] [--today 2026-11-28] [--misses]

Reads labelled JSONL with a ``kind`` field (``bench/data/real_traffic_dev.jsonl`` and
``real_traffic_holdout.jsonl`` by default) and prints, per kind and language, how often the
answer is right, how often an in-scope request is wrongly abstained, whether the abstention
gives the right reason (outside_catalog, misuse, participation, crisis) and detail (which
referral, misuse reason or crisis kind), whether services the person ruled out are recognised
(``excluded``), and slot exact-match. Then the headline figures of issue 11.

Labels beyond ``dev.jsonl``'s: ``kind``, ``expect_alt`` (other acceptable first services),
``expect_reason``, ``expect_referral`` (acceptable referral ids), ``expect_misuse``,
``expect_crisis``, ``expect_excluded``, ``expect_clarify``. A line whose expected service is not
in the catalog yet (``stay-address-change`` until it lands) is counted as pending, not scored.
A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline_bm25 import BM25Baseline
from catalog_loose import load_loose
from minwon.catalog import Catalog
from minwon.nlu import Router

DATA = Path(__file__).resolve().parent / "data"
DEFAULT = [
    DATA / "real_traffic_dev.jsonl",
    DATA / "real_traffic_dev2.jsonl",
    DATA / "real_traffic_holdout.jsonl",
]
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
Answer = dict[str, Any]
Hits = dict[str, dict[str, list[bool]]]


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def is_pending(rec: dict[str, Any], catalog: Catalog) -> bool:
    expect = rec.get("expect")
    return isinstance(expect, str) and expect not in catalog.services


def judge(rec: dict[str, Any], got: Answer) -> dict[str, bool]:
    """Every metric this line has a label for, hit or miss."""
    hits: dict[str, bool] = {}
    services, bundle, abstain = got["services"], got["bundle"], got["abstain"]
    if rec.get("expect_bundle"):
        hits["answer"] = hits["bundle"] = bundle == rec["expect_bundle"]
        hits["false abstain"] = abstain
    elif rec.get("expect"):
        accepted = {rec["expect"], *rec.get("expect_alt", [])}
        ok = bool(services) and services[0] in accepted and bundle is None and not abstain
        hits["answer"] = hits["service"] = ok
        hits["false abstain"] = abstain
    elif rec.get("expect_clarify"):
        hits["answer"] = got.get("clarification") is not None
    else:
        hits["answer"] = hits["abstain"] = abstain
    if "expect_reason" in rec:
        hits["reason"] = got.get("abstain_reason") == rec["expect_reason"]
    if "expect_referral" in rec:
        hits["detail"] = got.get("referral") in rec["expect_referral"]
    if "expect_misuse" in rec:
        hits["detail"] = got.get("misuse") == rec["expect_misuse"]
    if "expect_crisis" in rec:
        hits["detail"] = got.get("crisis") == rec["expect_crisis"]
    if "expect_excluded" in rec:
        hits["excluded"] = sorted(got.get("excluded", [])) == sorted(rec["expect_excluded"])
    if rec.get("expect_clarify"):
        hits["clarify"] = got.get("clarification") is not None
    if "slots" in rec:
        want, have = rec["slots"], got["slots"]
        hits["slots"] = want.get("date") == have["date"] and want.get("region") == have["region"]
    return hits


def score(records: list[dict[str, Any]], answer: Callable[[str], Answer], misses: bool) -> Hits:
    """out[group][metric] = hits; groups are kinds, languages and "all"."""
    out: Hits = defaultdict(lambda: defaultdict(list))
    for rec in records:
        got = answer(rec["text"])
        lang = "ko" if _HANGUL.search(rec["text"]) else "en"
        for metric, hit in judge(rec, got).items():
            kind = rec.get("kind", "unlabelled")
            for group in ("all", lang, kind, f"{kind}/{lang}"):
                out[group][metric].append(hit)
            if (
                misses
                and metric in ("answer", "reason", "detail", "excluded", "slots")
                and (hit == (metric == "false abstain"))
            ):
                print(f"  miss {metric:8} {rec['id']} {rec['text'][:70]!r} -> {_brief(got)}")
    return out


def _brief(got: Answer) -> str:
    keys = ("services", "bundle", "abstain_reason", "referral", "misuse", "crisis", "excluded")
    parts = {k: got.get(k) for k in keys if got.get(k)}
    return json.dumps({**parts, "slots": got["slots"]}, ensure_ascii=False)


def pct(hits: list[bool]) -> str:
    return f"{100 * sum(hits) / len(hits):5.1f}% {sum(hits):3d}/{len(hits):<3d}" if hits else "-"


COLUMNS = ["answer", "false abstain", "reason", "detail", "excluded", "slots", "clarify"]


def print_table(title: str, ours: Hits, base: Hits) -> None:
    print(f"\n== {title}: router (baseline answer in brackets)")
    print(f"{'group':22}" + "".join(f"{c:>16}" for c in COLUMNS) + f"{'baseline':>16}")
    for group in sorted(ours, key=_group_order):
        row = "".join(f"{pct(ours[group].get(c, [])):>16}" for c in COLUMNS)
        print(f"{group:22}{row}{pct(base[group].get('answer', [])):>16}")


def _group_order(group: str) -> tuple[int, str]:
    return (0 if group == "all" else 1 if group in ("ko", "en") else 2, group)


def print_headline(ours: Hits) -> None:
    print("\n== issue 11 headline figures (router)")
    names = [("service", "right service first"), ("bundle", "right bundle"),
             ("abstain", "not handled, abstained"),
             ("false abstain", "in scope, wrongly abstained"),
             ("slots", "dates and 시군구 exact")]  # fmt: skip
    for lang in ("all", "ko", "en"):
        cells = [f"{label} {pct(ours[lang].get(m, []))}" for m, label in names]
        print(f"{lang:4} " + " | ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append")
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 28))
    parser.add_argument("--misses", action="store_true", help="print each wrong line")
    args = parser.parse_args()
    catalog = load_loose()
    router, baseline = Router.from_catalog(catalog), BM25Baseline(catalog)

    def ours(text: str) -> Answer:
        return router.route(text, today=args.today).to_json()

    def base(text: str) -> Answer:
        r = baseline.route(text)
        return {"services": r.services, "bundle": r.bundle, "abstain": r.abstain,
                "slots": {"date": None, "region": None}}  # fmt: skip

    for path in args.data or DEFAULT:
        records = load(path)
        pending = [r for r in records if is_pending(r, catalog)]
        scored = [r for r in records if not is_pending(r, catalog)]
        print(f"\n#### {path.name}: {len(scored)} lines scored, {len(pending)} pending "
              f"(expected service not in the catalog yet)")  # fmt: skip
        mine = score(scored, ours, args.misses)
        print_table(path.name, mine, score(scored, base, False))
        print_headline(mine)


if __name__ == "__main__":
    main()
