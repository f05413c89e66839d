"""The ``minwon route --jsonl`` contract: one answer per line, in order, ids echoed."""

from __future__ import annotations

import json
from datetime import date

from minwon.nlu import Router, route_jsonl

TODAY = date(2026, 11, 28)  # a Saturday; the evaluation sets are written against it


def test_answers_keep_order_and_ids_and_ignore_labels(router: Router) -> None:
    lines = [
        json.dumps({"id": "a", "text": "여권 재발급", "expect": "birth-report"}),
        json.dumps({"id": "b", "text": "tell me a joke", "expect": "passport-application"}),
        json.dumps({"id": "c", "text": "어제 마포구로 이사 왔어요 전입신고"}),
    ]
    answers = [json.loads(line) for line in route_jsonl(lines, router, TODAY)]
    assert [a["id"] for a in answers] == ["a", "b", "c"]
    assert answers[0]["services"][0] == "passport-application"
    assert answers[1]["abstain"] is True
    assert answers[2]["slots"] == {"date": "2026-11-27", "region": "11440"}
    for a in answers:
        assert {"id", "services", "bundle", "abstain", "confidence", "slots"} <= set(a)


def test_bad_lines_still_get_an_abstaining_line(router: Router) -> None:
    lines = [
        "{not json",
        json.dumps({"id": "x"}),
        json.dumps([1, 2]),
        json.dumps({"id": "y", "text": 5}),
    ]
    answers = [json.loads(line) for line in route_jsonl(lines, router, TODAY)]
    assert len(answers) == 4
    assert all(a["abstain"] is True and a["services"] == [] for a in answers)
    assert [a["id"] for a in answers] == [None, "x", None, "y"]


def test_clarification_is_carried_when_present(router: Router) -> None:
    (line,) = route_jsonl([json.dumps({"id": "z", "text": "중구로 이사했어요"})], router, TODAY)
    answer = json.loads(line)
    assert answer["slots"]["region"] is None
    assert len(answer["clarification"]["candidates"]) == 6
