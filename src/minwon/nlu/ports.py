"""Ports to things outside the package: an optional language model, behind a Protocol."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

__all__ = ["LLMPort", "StaticLLM"]


class LLMPort(Protocol):
    """A second opinion on a request the router is unsure about.

    ``choices`` maps every catalog id (services and bundles) to a label. The answer is one of
    those ids, "none" for a request the catalog does not cover, or None when the model could
    not answer. The router checks the id against the catalog: an answer is untrusted text.
    """

    def suggest(self, text: str, choices: Mapping[str, str]) -> str | None:
        """The id that fits ``text`` best, or None."""
        ...


class StaticLLM:
    """A deterministic stand-in for tests: answers from a fixed table, None otherwise."""

    def __init__(self, answers: Mapping[str, str]) -> None:
        self._answers = dict(answers)
        self.calls: list[str] = []

    def suggest(self, text: str, choices: Mapping[str, str]) -> str | None:
        """The table's answer for ``text``."""
        self.calls.append(text)
        return self._answers.get(text)
