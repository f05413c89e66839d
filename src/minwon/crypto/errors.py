"""Errors of the crypto package. No message ever holds plaintext, a token or key material."""

from __future__ import annotations

__all__ = ["CryptoError", "DecryptionError", "KeyRingError"]


class CryptoError(Exception):
    """Base of every crypto error."""


class KeyRingError(CryptoError, ValueError):
    """The encryption keys are missing, malformed, or a placeholder where real keys are due."""


class DecryptionError(CryptoError):
    """A token could not be decrypted: wrong key, wrong context, tampered or unknown key id.

    The causes are deliberately not told apart beyond what an operator needs, and the
    message names neither the token (it may be plaintext stored by mistake) nor the context.
    """
