"""Passwords: the policy a new password must meet, and argon2id hashing.

NIST SP 800-63B §5.1.1.2 drives every rule here: at least 8 characters (we always pair the
password with a second factor before anything sensitive), at least 64 accepted, no
composition rules, refuse commonly used, repetitive/sequential and context-specific values.
"""

from __future__ import annotations

import itertools
import unicodedata
from functools import cache
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from minwon.identity.errors import PasswordRejectedError

__all__ = [
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "PasswordHashing",
    "check_password_policy",
    "common_passwords",
    "normalise_password",
]

MIN_PASSWORD_LENGTH = 8
# 800-63B asks for at least 64; the cap only bounds argon2's work on absurd inputs.
MAX_PASSWORD_LENGTH = 128
CONTEXT_WORDS = ("minwon", "gov.kr", "govkr")
MIN_CONTEXT_LENGTH = 4


def normalise_password(password: str) -> str:
    """NFKC, as 800-63B §5.1.1.2 asks, so the same password typed on any keyboard matches."""
    return unicodedata.normalize("NFKC", password)


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list of common passwords (casefolded; see the file's header for origin)."""
    text = (
        resources.files("minwon.identity")
        .joinpath("data/common_passwords.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _is_monotonous(text: str) -> bool:
    if len(set(text)) == 1:
        return True
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(text)}
    return steps in ({1}, {-1})


def _contains_context(folded: str, context: tuple[str, ...]) -> bool:
    words = [w.casefold() for w in (*CONTEXT_WORDS, *context) if len(w) >= MIN_CONTEXT_LENGTH]
    return any(word in folded for word in words)


def check_password_policy(password: str, *, context: tuple[str, ...] = ()) -> None:
    """Raise :class:`PasswordRejectedError` unless ``password`` may be chosen.

    ``context`` holds words an attacker would try first for this person (the e-mail address
    and its local part, the display name).
    """
    normalised = normalise_password(password)
    if len(normalised) < MIN_PASSWORD_LENGTH:
        raise PasswordRejectedError("too-short")
    if len(normalised) > MAX_PASSWORD_LENGTH:
        raise PasswordRejectedError("too-long")
    folded = normalised.casefold()
    if folded in common_passwords() or _is_monotonous(folded):
        raise PasswordRejectedError("common")
    if _contains_context(folded, context):
        raise PasswordRejectedError("context")


class PasswordHashing:
    """argon2id hashing with a dummy verification for accounts that do not exist."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        # argon2-cffi's default is RFC 9106's second recommended profile (t=3, 64 MiB, p=4).
        self._hasher = hasher or PasswordHasher()
        self._dummy: str | None = None

    def hash(self, password: str) -> str:
        """The argon2id hash (PHC string, with its own random salt)."""
        return self._hasher.hash(normalise_password(password))

    def verify(self, password_hash: str | None, password: str) -> bool:
        """True if ``password`` matches; with no hash, spend the same time and say False.

        The dummy verification keeps unknown and known accounts indistinguishable by timing.
        """
        if password_hash is None:
            if self._dummy is None:
                self._dummy = self._hasher.hash("not-a-real-password")
            self._verify(self._dummy, password)
            return False
        return self._verify(password_hash, password)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, normalise_password(password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with weaker parameters than today's."""
        return self._hasher.check_needs_rehash(password_hash)
