"""Language understanding: a citizen's request in everyday Korean or English to catalog ids.

Pure and offline: the router learns from the catalog at start-up (names, keywords,
descriptions, examples) with Kiwi morphology and a linear model over character and lemma
n-grams, and uses rules where rules are right (dates, places, misbehaviour guards). It never
reads the wall clock: relative dates resolve against the ``today`` argument.

    router = Router.from_catalog(load_catalog())
    result = router.route("지난달 30일에 마포구로 이사 왔어요", today=date(2026, 11, 28))
"""

from minwon.nlu.crisis import detect_crisis
from minwon.nlu.jsonl import route_jsonl
from minwon.nlu.ports import LLMPort, StaticLLM
from minwon.nlu.result import (
    AbstainReason,
    Candidate,
    Clarification,
    CrisisKind,
    RouteResult,
    Slots,
)
from minwon.nlu.router import Router

__all__ = [
    "AbstainReason",
    "Candidate",
    "Clarification",
    "CrisisKind",
    "LLMPort",
    "RouteResult",
    "Router",
    "Slots",
    "StaticLLM",
    "detect_crisis",
    "route_jsonl",
]
