"""Requests to misuse a service (tracking a person, someone else's data, forgery …), as data;
and complaints that name a service only in passing (``data/participation_cues.yaml``).

Refused with a reason id and its explanation (``data/misuse.yaml``) whichever service the
request names: "전입신고 기록으로 전 여자친구 주소 알아내기" is not a move-in report.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib.resources import files

import yaml

from minwon.nlu.patterns import PatternSet, TextViews

__all__ = ["MisuseReason", "detect_misuse", "is_participation", "misuse_reasons"]


@dataclass(frozen=True, slots=True)
class MisuseReason:
    """One kind of misuse: its id, what the citizen is told, and its patterns."""

    id: str
    explanation_ko: str
    explanation_en: str
    patterns: PatternSet

    def explanation(self, lang: str) -> str:
        """The explanation in ``lang`` (``en``), Korean otherwise."""
        return self.explanation_en if lang == "en" else self.explanation_ko


@functools.cache
def misuse_reasons() -> dict[str, MisuseReason]:
    """Every misuse reason of ``data/misuse.yaml``, in checking order."""
    raw = yaml.safe_load((files("minwon.nlu") / "data" / "misuse.yaml").read_text("utf-8"))
    return {
        str(rid): MisuseReason(
            str(rid),
            str(entry["explanation"]["ko"]),
            str(entry["explanation"]["en"]),
            PatternSet.from_data(entry),
        )
        for rid, entry in raw.items()
    }


def detect_misuse(text: str) -> str | None:
    """The id of the misuse ``text`` asks for ("tracking-a-person" …), or None. Never raises."""
    if not isinstance(text, str) or not text.strip():
        return None
    views = TextViews.of(text)
    return next((r.id for r in misuse_reasons().values() if r.patterns.fires(views)), None)


@functools.cache
def _participation_cues() -> PatternSet:
    raw = yaml.safe_load(
        (files("minwon.nlu") / "data" / "participation_cues.yaml").read_text("utf-8")
    )
    return PatternSet.from_data(raw)


def is_participation(text: str) -> bool:
    """A complaint about treatment or a proposal that names a service only in passing."""
    return bool(text.strip()) and _participation_cues().fires(TextViews.of(text))
