"""JSON documents sealed with the field cipher: the ``Sealer`` the applications package needs."""

from __future__ import annotations

import json
from typing import Any

from minwon.crypto import FieldCipher

__all__ = ["JsonSealer"]


class JsonSealer:
    """Seal a JSON document under AES-GCM, bound to its context (row and purpose)."""

    def __init__(self, cipher: FieldCipher) -> None:
        self._cipher = cipher

    def seal(self, data: dict[str, Any], *, context: str) -> str:
        """The encrypted token for ``data``."""
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return self._cipher.encrypt(text, context=context)

    def unseal(self, token: str, *, context: str) -> dict[str, Any]:
        """The document; raises ``DecryptionError`` if the token was altered or moved."""
        loaded = json.loads(self._cipher.decrypt(token, context=context))
        if not isinstance(loaded, dict):
            raise TypeError("a sealed document must be a JSON object")
        return loaded
