"""Which language to answer in: ``?lang=`` first, then ``Accept-Language``, then Korean."""

from __future__ import annotations

from typing import Literal

__all__ = ["SUPPORTED", "Lang", "negotiate_language"]

Lang = Literal["ko", "en"]
SUPPORTED: tuple[Lang, ...] = ("ko", "en")


def negotiate_language(query_lang: str | None, accept_language: str | None) -> Lang:
    """The response language. A bad ``?lang=`` is refused by the caller before this runs."""
    if query_lang in SUPPORTED:
        return query_lang
    for tag, _q in _ranked(accept_language or ""):
        primary = tag.split("-")[0].lower()
        if primary in SUPPORTED:
            return primary
    return "ko"


def _ranked(header: str) -> list[tuple[str, float]]:
    items: list[tuple[str, float]] = []
    for part in header.split(",")[:20]:  # a hostile header must not cost much
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        items.append((tag.strip(), quality))
    return sorted((i for i in items if i[1] > 0), key=lambda i: -i[1])
