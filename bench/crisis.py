"""Recall and false alarms of ``detect_crisis`` on a labelled set and on every routing dev set.

    .venv/bin/python bench/crisis.py [--misses]

``bench/data/crisis.jsonl`` holds crisis lines (``"crisis": "suicide" | "violence" |
"emergency"``) and hard ordinary lines (``"crisis": null``: 사망신고, 화재보험,
"회사 때려치웠어요").
The routing dev sets (``../shared/eval/dev.jsonl``, ``bench/data/extra.jsonl``, the
real-traffic halves) are ordinary except their lines labelled ``expect_crisis``.
A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from minwon.nlu import detect_crisis

HERE = Path(__file__).resolve().parent
SETS = [
    HERE / "data" / "crisis.jsonl",
    HERE.parents[1] / "shared" / "eval" / "dev.jsonl",
    HERE / "data" / "extra.jsonl",
    HERE / "data" / "real_traffic_dev.jsonl",
    HERE / "data" / "real_traffic_holdout.jsonl",
]


def expected(rec: dict[str, object]) -> object:
    return rec.get("crisis", rec.get("expect_crisis"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    print(f"{'set':28}{'crisis recall':>22}{'kind right':>16}{'false alarms':>22}")
    for path in SETS:
        if not path.exists():
            continue
        rows = [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]
        pos = [(r, detect_crisis(r["text"])) for r in rows if expected(r)]
        neg = [(r, detect_crisis(r["text"])) for r in rows if not expected(r)]
        found = sum(1 for _, got in pos if got)
        right = sum(1 for r, got in pos if got == expected(r))
        alarms = sum(1 for _, got in neg if got)
        recall = f"{100 * found / len(pos):.1f}% ({found}/{len(pos)})" if pos else "-"
        kinds = f"{right}/{len(pos)}" if pos else "-"
        print(f"{path.name:28}{recall:>22}{kinds:>16}{f'{alarms}/{len(neg)}':>22}")
        if args.misses:
            for r, got in pos + neg:
                if got != expected(r):
                    print(f"   {r['id']} {r['text']!r}: {got} (want {expected(r)})")


if __name__ == "__main__":
    main()
