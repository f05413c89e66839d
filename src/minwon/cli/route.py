"""``minwon route``: the routing contract of ../shared/eval/README.md on stdin/stdout."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import TextIO

from minwon.catalog import Catalog
from minwon.nlu import Router, route_jsonl

__all__ = ["route_stream", "route_text"]


def route_stream(catalog: Catalog, today: dt.date, source: TextIO, sink: TextIO) -> None:
    """One answer line per input line, in order, flushed as it goes (never a skipped line)."""
    router = Router.from_catalog(catalog)
    for line in route_jsonl(_lines(source), router, today):
        sink.write(line + "\n")
        sink.flush()


def _lines(source: TextIO) -> Iterator[str]:
    # Undecodable bytes become U+FFFD instead of aborting the stream mid-way.
    buffer = getattr(source, "buffer", None)
    if buffer is None:
        yield from source
        return
    for raw in buffer:
        yield raw.decode("utf-8", errors="replace")


def route_text(catalog: Catalog, today: dt.date, text: str) -> str:
    """The routing answer for one request, as indented JSON."""
    router = Router.from_catalog(catalog)
    result = router.route(text, today=today)
    return json.dumps(result.to_json(), ensure_ascii=False, indent=2)
