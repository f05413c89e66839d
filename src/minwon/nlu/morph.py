"""Content words of a request: Kiwi morphemes for Korean, light stemming for English."""

from __future__ import annotations

import re
import warnings

from minwon.nlu.lexicon import Lexicon
from minwon.nlu.text import has_hangul

__all__ = ["Analyzer", "KiwiAnalyzer", "LightAnalyzer", "stem_english"]

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


def _stem_any(word: str) -> str:
    return stem_english(word) if word.isascii() else word


class Analyzer:
    """Content lemmas of a request, with the lexicon's synonyms; subclasses split Korean."""

    def __init__(self, lexicon: Lexicon) -> None:
        # Lexicon keys are written as words; tokens are stems, so compare stems with stems.
        self._synonyms = {
            _stem_any(k): tuple(_stem_any(v) for v in vs) for k, vs in lexicon.synonyms.items()
        }
        self._stopwords = frozenset(
            {*lexicon.stopwords, *(_stem_any(w) for w in lexicon.stopwords)}
        )
        self._lexicon = lexicon

    def tokens(self, text: str) -> list[str]:
        """Content lemmas of ``text`` (already rewritten), with the lexicon's synonyms added."""
        base = self._korean(text) if has_hangul(text) else _latin(text)
        extra = [s for t in base for s in self._synonyms.get(t, ())]
        return base + extra

    def content(self, tokens: list[str]) -> list[str]:
        """The tokens that are not stopwords."""
        return [t for t in tokens if t not in self._stopwords]

    def _korean(self, text: str) -> list[str]:
        raise NotImplementedError


class LightAnalyzer(Analyzer):
    """Words with the lexicon's endings stripped: no model to load, a few microseconds a call."""

    def _korean(self, text: str) -> list[str]:
        out: list[str] = []
        for word in _WORD.findall(text.lower()):
            out.append(self._strip(word) if not word.isascii() else stem_english(word))
        return out

    def _strip(self, word: str) -> str:
        for ending in self._lexicon.endings:
            if word.endswith(ending) and len(word) > len(ending):
                return word[: -len(ending)]
        return word


class KiwiAnalyzer(Analyzer):
    """Kiwi without its typo and multi-word dictionaries: they cost a second of start-up and
    200 MB of memory, and the character n-grams already absorb typos."""

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__(lexicon)
        from kiwipiepy import Kiwi  # optional: only this path pays

        with warnings.catch_warnings():
            # num_workers=0 (one thread, no pool) warns about a changed default since 0.21.
            warnings.simplefilter("ignore", DeprecationWarning)
            self._kiwi = Kiwi(num_workers=0, load_typo_dict=False, load_multi_dict=False)
        self._kiwi.tokenize("준비")  # Kiwi builds its search structures on the first call.

    def _korean(self, text: str) -> list[str]:
        try:
            morphs = self._kiwi.tokenize(text)
        except Exception:
            return _latin(text)
        out: list[str] = []
        for m in morphs:
            if m.tag in _CONTENT_TAGS:
                form = m.form.lower()
                out.append(stem_english(form) if m.tag == "SL" else form)
        return out


def _latin(text: str) -> list[str]:
    return [stem_english(w) for w in _WORD.findall(text.lower())]
