"""The engine's sentences and steering phrases, loaded from the package's data files."""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib.resources import files
from typing import Any

import yaml

__all__ = [
    "alternation",
    "consists_of",
    "grammar",
    "is_agreement",
    "is_exactly",
    "is_refusal",
    "matches",
    "normalise",
    "phrases",
    "say",
]

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


def grammar(key: str) -> Any:
    """A piece of grammar the engine reads answers with (particles, endings …): data, not code."""
    return phrases()["grammar"][key]


def alternation(words: Any) -> str:
    """A regular-expression alternation of ``words``, longest first, each escaped."""
    return "|".join(re.escape(str(w)) for w in sorted(words, key=lambda w: -len(str(w))))


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
        tail = re.escape(grammar("polite_tail"))
        return re.compile(r"(?:^| )" + re.escape(phrase) + rf"(?:{tail})?(?: |$)")
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


@functools.cache
def _vocabulary(paths: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Korean phrases (compact, longest first) and English phrases (as word tuples)."""
    korean: set[str] = set()
    english: set[tuple[str, ...]] = set()
    for path in paths:
        node = _node(path)
        for lang in ("ko", "en"):
            for phrase in node.get(lang, []):
                lowered = str(phrase).lower()
                if re.search(r"[a-z]", lowered):
                    english.add(tuple(_words(lowered)))
                else:
                    korean.add(lowered.replace(" ", ""))
    return (
        tuple(sorted(korean, key=len, reverse=True)),
        tuple(sorted(english, key=len, reverse=True)),
    )


def consists_of(path: str, text: str, *, fillers: str | None = None) -> bool:
    """Whether ``text`` is made only of phrases under ``path`` (at least one) and ``fillers``.

    Korean is compared without spaces, so endings written together still count ("접수해주세요"
    is 접수 + 해주세요); English word by word ("yes go ahead and send it").
    """
    words = _words(text)
    if not words:
        return False
    main_ko, main_en = _vocabulary((path,))
    fill_ko, fill_en = _vocabulary((fillers,)) if fillers else ((), ())
    hits = 0
    for word in words:
        if re.search(r"[a-z]", word):
            continue
        rest, found = _strip_korean(word, main_ko, fill_ko)
        if rest:
            return False
        hits += found
    latin = [w for w in words if re.search(r"[a-z]", w)]
    found_en = _cover_english(latin, main_en, fill_en)
    return found_en is not None and hits + found_en > 0


def _strip_korean(word: str, main: tuple[str, ...], fill: tuple[str, ...]) -> tuple[str, int]:
    """Remove phrases from the front of ``word`` until none fits; count the main ones."""
    found = 0
    while word:
        head = next((p for p in main if word.startswith(p)), None)
        if head is not None:
            word, found = word[len(head) :], found + 1
            continue
        head = next((p for p in fill if word.startswith(p)), None)
        if head is None:
            return word, found
        word = word[len(head) :]
    return "", found


def _cover_english(
    words: list[str], main: tuple[tuple[str, ...], ...], fill: tuple[tuple[str, ...], ...]
) -> int | None:
    """How many main phrases cover ``words`` together with fillers, or None if something is left."""
    found, index = 0, 0
    while index < len(words):
        rest = tuple(words[index:])
        head = next((p for p in main if rest[: len(p)] == p), None)
        if head is not None:
            found, index = found + 1, index + len(head)
            continue
        head = next((p for p in fill if rest[: len(p)] == p), None)
        if head is None:
            return None
        index += len(head)
    return found


def is_agreement(text: str) -> bool:
    """An unmistakable yes: yes-words and submit-words with nothing else but fillers ("네 그걸로
    내 주세요", "yes go ahead and send it"), no negation in it ("제출하지 마세요" is not), and not
    asked back as a question ("네?")."""
    if text.strip().endswith("?") or matches("negation", text):
        return False
    return consists_of("agreement.words", text, fillers="agreement.fillers")


def is_refusal(text: str) -> bool:
    """A no, a "not now" or a "later"."""
    return is_exactly("no", text) or (matches("negation", text) and not is_agreement(text))
