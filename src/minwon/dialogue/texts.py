"""The engine's sentences and steering phrases, loaded from the package's data files."""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib.resources import files
from typing import Any

import yaml

__all__ = ["matches", "normalise", "phrases", "say"]


@functools.cache
def _messages() -> dict[str, Any]:
    text = (files("minwon.dialogue") / "data" / "messages.yaml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@functools.cache
def phrases() -> dict[str, Any]:
    """The steering phrases (cancel, back, skip, yes, no, side questions …)."""
    text = (files("minwon.dialogue") / "data" / "phrases.yaml").read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def say(key: str, lang: str, **params: Any) -> str:
    """The message ``key`` (a dotted path) in ``lang`` with ``params`` filled in."""
    node: Any = _messages()
    for part in key.split("."):
        node = node[part]
    template = str(node["en" if lang == "en" else "ko"])
    return template.format(**params) if params else template


def normalise(text: str) -> str:
    """NFC, lower case, collapsed spaces, trailing punctuation removed."""
    clean = " ".join(unicodedata.normalize("NFC", text).lower().split())
    return clean.strip(" .!?~…。")


def _pattern(phrase: str) -> re.Pattern[str]:
    # English phrases match whole words (a plural "documents" too); Korean ones anywhere, since
    # particles and endings attach to the word ("수수료는", "서류도").
    if re.search(r"[a-z]", phrase):
        return re.compile(r"(?<![a-z])" + re.escape(phrase) + r"(?:e?s)?(?![a-z])")
    return re.compile(re.escape(phrase.replace(" ", "")))


@functools.cache
def _compiled(path: str) -> tuple[re.Pattern[str], ...]:
    node: Any = phrases()
    for part in path.split("."):
        node = node[part]
    return tuple(_pattern(p.lower()) for lang in ("ko", "en") for p in node.get(lang, []))


def matches(path: str, text: str) -> bool:
    """Whether normalised ``text`` contains one of the phrases under ``path``."""
    clean = normalise(text)
    compact = clean.replace(" ", "")
    return any(
        p.search(compact if not re.search("[a-z]", p.pattern) else clean) for p in _compiled(path)
    )


def is_exactly(path: str, text: str) -> bool:
    """Whether the whole of ``text`` is one of the phrases under ``path`` ("네", "no")."""
    clean = normalise(text)
    node: Any = phrases()
    for part in path.split("."):
        node = node[part]
    return any(
        clean == p.lower() or clean.replace(" ", "") == p.lower().replace(" ", "")
        for lang in ("ko", "en")
        for p in node.get(lang, [])
    )
