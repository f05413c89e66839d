"""Rules that stop a request before the model sees it: emptiness and misbehaviour attempts."""

from __future__ import annotations

import functools
import re
from importlib.resources import files

import yaml

__all__ = ["is_empty", "is_unsafe"]

_LETTER_OR_DIGIT = re.compile(r"\w")


def is_empty(text: str) -> bool:
    """True when the normalised text has no letter or digit (blank, punctuation, emoji only)."""
    return _LETTER_OR_DIGIT.search(text) is None


@functools.cache
def _unsafe_patterns() -> tuple[re.Pattern[str], ...]:
    raw = yaml.safe_load((files("minwon.nlu") / "data" / "guards.yaml").read_text("utf-8"))
    return tuple(re.compile(p, re.IGNORECASE) for p in raw["unsafe_patterns"])


def is_unsafe(text: str) -> bool:
    """True when the request tries to override the assistant's instructions."""
    return any(p.search(text) for p in _unsafe_patterns())
