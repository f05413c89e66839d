"""Errors raised by the catalog package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["CatalogError", "Problem", "UnknownEntryError"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the catalog, located as precisely as we can."""

    file: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else str(self.file)
        return f"{where}: {self.message}"


class CatalogError(Exception):
    """The catalog is invalid; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (str(p.file), p.line or 0, p.message))
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"the catalog has {count} problem{'s' if count != 1 else ''}:\n{lines}")


class UnknownEntryError(KeyError):
    """No service or bundle has this id."""

    def __init__(self, kind: str, entry_id: str) -> None:
        self.kind = kind
        self.entry_id = entry_id
        super().__init__(f"no {kind} with id {entry_id!r}")
