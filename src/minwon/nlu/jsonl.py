"""The ``minwon route --jsonl`` contract: one JSON answer line per request line, in order."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from minwon.nlu.result import RouteResult
from minwon.nlu.router import Router

__all__ = ["route_jsonl"]


def route_jsonl(lines: Iterable[str], router: Router, today: date) -> Iterator[str]:
    """Answer each JSON request line (``{"id": …, "text": …}``) with one JSON line.

    Keys other than ``id`` and ``text`` are ignored: labels in an evaluation file are never
    read. A line that is not a JSON object or has no string ``text`` still gets an answer,
    abstaining, so that answers stay aligned with requests. Blank lines are skipped.
    """
    for line in lines:
        if not line.strip():
            continue
        request = _parse(line)
        text = request.get("text")
        if isinstance(text, str):
            answer = router.route(text, today=today).to_json()
        else:
            answer = RouteResult.abstention("empty", "ko").to_json()
        yield json.dumps({"id": request.get("id"), **answer}, ensure_ascii=False)


def _parse(line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
