"""Errors of the conversations package."""

from __future__ import annotations

__all__ = ["ConversationNotFoundError"]


class ConversationNotFoundError(LookupError):
    """No such conversation for this person (also when it belongs to someone else)."""
