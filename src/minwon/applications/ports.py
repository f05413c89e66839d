"""What the applications package needs from outside: sealing personal data."""

from __future__ import annotations

from typing import Any, Protocol

__all__ = ["Sealer"]


class Sealer(Protocol):
    """Encrypts a JSON document bound to a context (AES-GCM in production)."""

    def seal(self, data: dict[str, Any], *, context: str) -> str: ...

    def unseal(self, token: str, *, context: str) -> dict[str, Any]: ...
