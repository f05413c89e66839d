"""Danger to life: suicidal thoughts, violence at home, an emergency, found before anything else.

A pure function over the patterns of ``data/crisis.yaml``: it never raises and reads nothing but
its data. Korean patterns see the text without spaces, so spacing errors do not hide a message.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from typing import get_args

import yaml

from minwon.nlu.patterns import PatternSet, TextViews
from minwon.nlu.result import CrisisKind

__all__ = ["CrisisKind", "detect_crisis"]


@functools.cache
def _rules() -> tuple[tuple[CrisisKind, PatternSet], ...]:
    raw = yaml.safe_load((files("minwon.nlu") / "data" / "crisis.yaml").read_text("utf-8"))
    # The order of CrisisKind is the order of checking.
    return tuple((kind, PatternSet.from_data(raw[kind])) for kind in get_args(CrisisKind))


def detect_crisis(text: str) -> CrisisKind | None:
    """``"suicide"``, ``"violence"``, ``"emergency"`` when ``text`` shows a danger to life.

    ``"죽고 싶어요"`` -> ``"suicide"``; ``"남편이 때려요"`` -> ``"violence"``; ``"불이 났어요"`` ->
    ``"emergency"``; ``"사망신고"``, ``"화재보험"`` -> None. Never raises.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    views = TextViews.of(text)
    return next((kind for kind, rule in _rules() if rule.fires(views)), None)
