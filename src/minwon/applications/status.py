"""The life of an application: which status may follow which, and who may move it."""

from __future__ import annotations

from typing import Literal

__all__ = ["ALLOWED", "OFFICER_MOVES", "TERMINAL", "Status", "can_move"]

Status = Literal[
    "submitted",
    "received",
    "in_review",
    "supplement_requested",
    "approved",
    "rejected",
    "completed",
]

# submitted → received → in review → (supplement requested ↔ in review) → approved / rejected
# → completed. A rejected application is also closed as completed when its handling ends.
ALLOWED: dict[str, frozenset[str]] = {
    "submitted": frozenset({"received"}),
    "received": frozenset({"in_review", "rejected"}),
    "in_review": frozenset({"supplement_requested", "approved", "rejected"}),
    "supplement_requested": frozenset({"in_review", "rejected"}),
    "approved": frozenset({"completed"}),
    "rejected": frozenset({"completed"}),
    "completed": frozenset(),
}
TERMINAL = frozenset({"completed"})
# Moves that need a written reason (shown to the citizen).
NEEDS_REASON = frozenset({"rejected", "supplement_requested"})
OFFICER_MOVES = frozenset(
    {"in_review", "supplement_requested", "approved", "rejected", "completed"}
)


def can_move(current: str, target: str) -> bool:
    """Whether an application in ``current`` may move to ``target``."""
    return target in ALLOWED.get(current, frozenset())
