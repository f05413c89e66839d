"""Errors of the audit package. Messages never repeat the personal data that caused them."""

from __future__ import annotations

__all__ = ["AuditChainHeadMissingError", "AuditDataError", "AuditError", "AuditEventInvalidError"]


class AuditError(Exception):
    """Base of every audit error."""


class AuditEventInvalidError(AuditError, ValueError):
    """An event was malformed (bad actor, action, identifiers, missing reason, naive time)."""


class AuditDataError(AuditEventInvalidError):
    """``data`` held something that cannot be stored as plain JSON."""


class AuditChainHeadMissingError(AuditError):
    """The ``audit_chain_head`` row is gone: migrations not applied, or the log was tampered."""
