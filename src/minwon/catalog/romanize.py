"""Revised Romanization of Korean (국어의 로마자 표기법), enough for place names.

Place names are written the way road signs write them ("마포구" -> "mapo-gu", "종로구" ->
"jongno-gu"), so English requests ("Mapo-gu", "Haeundae") find the same 시군구 as Korean ones.
"""

from __future__ import annotations

__all__ = ["romanize", "romanize_place"]

_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k",
             "t", "p", "h"]  # fmt: skip
_VOWELS = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo",
           "we", "wi", "yu", "eu", "ui", "i"]  # fmt: skip
# Final consonants as pronounced before a pause (27 finals, index 1..27 of the Unicode order).
_FINALS = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
           "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]  # fmt: skip
# A final consonant that moves to the next syllable when it starts with ㅇ (연음).
_LINKED = ["", "g", "kk", "gs", "n", "nj", "n", "d", "r", "lg", "lm", "lb", "ls", "lt", "lp", "r",
           "m", "b", "bs", "s", "ss", "ng", "j", "ch", "k", "t", "p", ""]  # fmt: skip


def _split(char: str) -> tuple[int, int, int] | None:
    code = ord(char) - 0xAC00
    if not 0 <= code < 11172:
        return None
    return code // 588, (code % 588) // 28, code % 28


def _join(final: str, initial_index: int, next_initial: str) -> tuple[str, str]:
    """Sound changes across a syllable boundary: (this syllable's coda, next onset)."""
    if initial_index == 11:  # ㅇ: the coda moves over (linking); ㅇ itself stays ("ng")
        return ("ng", "") if final == "ng" else ("", final)
    if initial_index == 5:  # ㄹ after ㄹ or ㄴ is "ll"; after other codas it becomes ㄴ
        if final in ("l", "n"):
            return "l", "l"
        if final:
            return {"k": "ng", "p": "m", "t": "n"}.get(final, final), "n"
    if initial_index in (2, 6):  # nasalisation before ㄴ, ㅁ
        if final == "l" and initial_index == 2:
            return "l", "l"
        return {"k": "ng", "p": "m", "t": "n"}.get(final, final), next_initial
    return final, next_initial


def romanize(text: str) -> str:
    """The Revised Romanization of Hangul in ``text``, lower case; other characters kept."""
    parts = [_split(c) for c in text]
    out: list[str] = []
    carry = ""  # the onset the previous syllable passed on
    for index, (char, part) in enumerate(zip(text, parts, strict=True)):
        if part is None:
            out.append(carry + char)
            carry = ""
            continue
        lead, vowel, tail = part
        onset = carry or _INITIALS[lead]
        coda = _FINALS[tail]
        following = parts[index + 1] if index + 1 < len(parts) else None
        carry = ""
        if following is not None and tail:
            sound = _LINKED[tail] if following[0] == 11 else coda
            coda, carry = _join(sound, following[0], "")
        out.append(onset + _VOWELS[vowel] + coda)
    return "".join(out)


_PLACE_SUFFIXES = {"시": "si", "군": "gun", "구": "gu", "도": "do", "동": "dong", "읍": "eup",
                   "면": "myeon", "리": "ri", "가": "ga"}  # fmt: skip


def romanize_place(name: str) -> str:
    """A place name as road signs print it: "마포구" → "Mapo-gu", "수원시 영통구" →
    "Suwon-si Yeongtong-gu" (the suffix after a hyphen, the name capitalised)."""
    words = []
    for word in name.split():
        suffix = _PLACE_SUFFIXES.get(word[-1]) if len(word) > 1 else None
        if suffix is None:
            words.append(romanize(word).capitalize())
            continue
        words.append(f"{romanize(word[:-1]).capitalize()}-{suffix}")
    return " ".join(words)
