"""Data that leaves the audit package: the verification report of the hash chain."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["ChainDamage", "ChainProblem", "VerifyReport"]


class ChainDamage(enum.StrEnum):
    """What kind of tampering (or corruption) a broken chain reveals."""

    ALTERED = "altered"
    """The row's content no longer matches its own hash: a field was changed."""
    BROKEN_LINK = "broken_link"
    """The row does not chain from the row before it: a row was inserted or replaced."""
    MISSING = "missing"
    """A sequence number is absent: rows were deleted."""
    TRUNCATED = "truncated"
    """The chain head records more rows than the log holds: the tail was cut off."""
    UNRECORDED = "unrecorded"
    """A row sits beyond the chain head: it was written without going through the log."""
    HEAD_MISMATCH = "head_mismatch"
    """The chain head's hash differs from the last row's: the tail was replaced."""
    HEAD_MISSING = "head_missing"
    """The chain head row is gone."""


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """One place where the chain is broken: the first affected ``seq`` and the damage."""

    seq: int
    damage: ChainDamage
    detail: str

    def __str__(self) -> str:
        return f"seq {self.seq}: {self.damage.value} ({self.detail})"


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """The outcome of walking the whole chain, printable for ``minwon audit verify``."""

    events_checked: int
    head_seq: int | None
    head_hash: str | None
    problems: tuple[ChainProblem, ...]
    more_problems: bool = False
    """True when problems beyond ``problems`` were found but not kept."""

    @property
    def is_intact(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    @property
    def first_problem(self) -> ChainProblem | None:
        """The problem with the lowest ``seq``: where an investigation starts."""
        return min(self.problems, key=lambda problem: problem.seq, default=None)

    def __str__(self) -> str:
        head = f"seq {self.head_seq}, hash {self.head_hash}" if self.head_seq is not None else "-"
        lines = [f"audit log: {self.events_checked} events checked; chain head {head}"]
        if self.is_intact:
            lines.append("chain intact")
            return "\n".join(lines)
        first = min(self.problems, key=lambda problem: problem.seq)
        lines.append(f"CHAIN BROKEN at seq {first.seq}: {first.damage.value}")
        lines.extend(f"  {problem}" for problem in self.problems)
        if self.more_problems:
            lines.append("  … further problems not listed")
        return "\n".join(lines)
