"""Content words of a request: Kiwi morphemes for Korean, light stemming for English."""

from __future__ import annotations

import re
import warnings

from kiwipiepy import Kiwi

from minwon.nlu.lexicon import Lexicon
from minwon.nlu.text import has_hangul

__all__ = ["MorphAnalyzer", "stem_english"]

# Nouns, verb and adjective stems, roots, foreign words and numbers carry the topic; endings
# and particles do not.
_CONTENT_TAGS = frozenset({"NNG", "NNP", "NR", "VV", "VA", "XR", "SL", "SH", "SN", "MAG", "XSN"})
_WORD = re.compile(r"[a-z0-9]+|[\uac00-\ud7a3]+")


def stem_english(word: str) -> str:
    """A crude, consistent stem ("moved" -> "mov", "certificates" -> "certificate")."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + keep
    return word


class MorphAnalyzer:
    """Kiwi without its typo and multi-word dictionaries: they cost a second of start-up and
    200 MB of memory, and the character n-grams already absorb typos."""

    def __init__(self, lexicon: Lexicon) -> None:
        with warnings.catch_warnings():
            # num_workers=0 (one thread, no pool) warns about a changed default since 0.21.
            warnings.simplefilter("ignore", DeprecationWarning)
            self._kiwi = Kiwi(num_workers=0, load_typo_dict=False, load_multi_dict=False)
        self._lexicon = lexicon
        self._kiwi.tokenize("준비")  # Kiwi builds its search structures on the first call.

    def tokens(self, text: str) -> list[str]:
        """Content lemmas of ``text`` (already rewritten), with the lexicon's synonyms added."""
        base = self._korean(text) if has_hangul(text) else self._latin(text)
        extra = [s for t in base for s in self._lexicon.synonyms.get(t, ())]
        return base + extra

    def content(self, tokens: list[str]) -> list[str]:
        """The tokens that are not stopwords."""
        return [t for t in tokens if t not in self._lexicon.stopwords]

    def _korean(self, text: str) -> list[str]:
        try:
            morphs = self._kiwi.tokenize(text)
        except Exception:  # noqa: BLE001 - a tokenizer failure must not fail the request
            return self._latin(text)
        out: list[str] = []
        for m in morphs:
            if m.tag in _CONTENT_TAGS:
                form = m.form.lower()
                out.append(stem_english(form) if m.tag == "SL" else form)
        return out

    def _latin(self, text: str) -> list[str]:
        return [stem_english(w) for w in _WORD.findall(text.lower())]
