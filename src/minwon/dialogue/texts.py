"""The engine's sentences and steering phrases, loaded from the package's data files."""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib.resources import files
from typing import Any

import yaml

__all__ = ["is_agreement", "is_exactly", "is_refusal", "matches", "normalise", "phrases", "say"]

_PUNCTUATION = re.compile(r"[\s,.!?~…。·'\"“”‘’()\[\]]+")


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


def _node(path: str) -> Any:
    node: Any = phrases()
    for part in path.split("."):
        node = node[part]
    return node


def _words(text: str) -> list[str]:
    return [w for w in _PUNCTUATION.split(normalise(text)) if w]


def _matcher(phrase: str) -> re.Pattern[str]:
    if re.search(r"[a-z]", phrase):
        # Whole English words, a plural included ("documents").
        return re.compile(r"(?<![a-z])" + re.escape(phrase) + r"(?:e?s)?(?![a-z])")
    if len(phrase.replace(" ", "")) == 1:
        # One syllable ("네", "예") only as a word of its own: 예 must not match 예약번호.
        return re.compile(r"(?:^| )" + re.escape(phrase) + r"(?:요)?(?: |$)")
    # Longer Korean phrases anywhere, spaces ignored: endings attach to them ("수수료는").
    return re.compile(re.escape(phrase.replace(" ", "")))


@functools.cache
def _compiled(path: str) -> tuple[tuple[re.Pattern[str], bool], ...]:
    node = _node(path)
    out = []
    for lang in ("ko", "en"):
        for phrase in node.get(lang, []):
            lowered = str(phrase).lower()
            compact = not re.search(r"[a-z]", lowered) and len(lowered.replace(" ", "")) > 1
            out.append((_matcher(lowered), compact))
    return tuple(out)


def matches(path: str, text: str) -> bool:
    """Whether ``text`` contains one of the phrases under ``path``."""
    spaced = " ".join(_words(text))
    compact = spaced.replace(" ", "")
    return any(p.search(compact if is_compact else spaced) for p, is_compact in _compiled(path))


@functools.cache
def _exact_set(path: str) -> frozenset[str]:
    node = _node(path)
    source = node.get("exact", node)
    return frozenset(
        " ".join(_words(str(p))) for lang in ("ko", "en") for p in source.get(lang, [])
    )


def is_exactly(path: str, text: str) -> bool:
    """Whether the whole of ``text`` is one of the phrases under ``path`` ("네", "no thanks")."""
    words = " ".join(_words(text))
    return bool(words) and (words in _exact_set(path) or words.replace(" ", "") in _exact_set(path))


def is_agreement(text: str) -> bool:
    """An unmistakable yes: a whole yes-reply with no negation in it ("제출하지 마세요" is not),
    and not asked back as a question ("네?")."""
    if text.strip().endswith("?"):
        return False
    return is_exactly("yes", text) and not matches("negation", text)


def is_refusal(text: str) -> bool:
    """A no, a "not now" or a "later"."""
    return is_exactly("no", text) or (matches("negation", text) and not is_exactly("yes", text))
