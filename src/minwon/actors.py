"""Who is acting: a citizen, an officer, a partner or the system, and how strongly authenticated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["LEVELS", "SYSTEM", "Actor", "Level"]

Level = Literal["anonymous", "signed_in", "mfa"]
LEVELS: dict[str, int] = {"anonymous": 0, "signed_in": 1, "mfa": 2}


@dataclass(frozen=True, slots=True)
class Actor:
    """The person or system behind a request.

    ``on_behalf_of`` is the citizen represented under a delegation ("A for B"); ``agencies``
    are the agency codes an officer's roles cover. ``scopes`` limits a partner's bearer token
    to the OAuth scopes it was granted; ``None`` means the request carries no partner token.
    """

    kind: Literal["citizen", "officer", "partner", "system", "anonymous"]
    id: str
    level: Level = "anonymous"
    agencies: frozenset[str] = field(default_factory=frozenset)
    on_behalf_of: str | None = None
    scopes: frozenset[str] | None = None

    @property
    def ref(self) -> str:
        """The audit-log name: ``citizen:<id>``."""
        return f"{self.kind}:{self.id}"

    @property
    def subject_id(self) -> str:
        """Whose applications these are: the represented citizen under a delegation."""
        return self.on_behalf_of or self.id

    def has_level(self, level: Level) -> bool:
        """Whether the actor is authenticated at least at ``level``."""
        return LEVELS[self.level] >= LEVELS[level]


SYSTEM = Actor(kind="system", id="minwon", level="mfa")
