"""Text at the boundary: NFC, no control characters, bounded length, language by script."""

from __future__ import annotations

import re
import unicodedata

from minwon.nlu.lexicon import Lexicon

__all__ = ["MAX_CHARS", "compact", "detect_lang", "has_hangul", "normalize", "rewrite"]

# Routing needs the gist of a request; reading a pasted 10,000-character text in full would
# cost latency for nothing. The head of a request is where people say what they want.
MAX_CHARS = 400

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_LATIN = re.compile(r"[A-Za-z]")
_SPACES = re.compile(r"\s+")


def _is_dropped(char: str) -> bool:
    # Control, format and unassigned characters (category C*) carry no meaning and some
    # (bidi overrides, NUL) can confuse downstream tools; surrogates cannot be encoded.
    return unicodedata.category(char).startswith("C")


def normalize(text: str) -> str:
    """NFC, control characters turned into spaces, single spaces, at most ``MAX_CHARS``."""
    head = text[: MAX_CHARS * 4]
    nfc = unicodedata.normalize("NFC", head)
    cleaned = "".join(" " if _is_dropped(c) else c for c in nfc)
    return _SPACES.sub(" ", cleaned).strip()[:MAX_CHARS]


def rewrite(text: str, lexicon: Lexicon) -> str:
    """Lower-cased text with the lexicon's slang and spelling rewrites applied."""
    result = text.lower()
    for source, target in lexicon.rewrites:
        if source in result:
            result = result.replace(source, target)
    return result


def compact(text: str) -> str:
    """The text without spaces: people misplace them, so some features ignore them."""
    return text.replace(" ", "")


def has_hangul(text: str) -> bool:
    """Whether the text contains any Hangul."""
    return _HANGUL.search(text) is not None


def detect_lang(text: str) -> str:
    """``ko`` or ``en`` by script: English only when Latin letters clearly outnumber Hangul."""
    hangul = len(_HANGUL.findall(text))
    latin = len(_LATIN.findall(text))
    # A Hangul syllable carries about as much as three Latin letters.
    return "en" if latin > 3 * hangul else "ko"
