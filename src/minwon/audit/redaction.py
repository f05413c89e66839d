"""Keep personal data out of the audit log: mask it before it is hashed and stored.

The log lives for years and is read by auditors, so ``data`` and ``reason`` get the same
masking as the application logs (``minwon.logging``) plus patterns that matter in a permanent
record: landline numbers, e-mail addresses and Korean street or lot addresses.
"""

from __future__ import annotations

import json
import re
from typing import Any

from minwon.audit.chain import canonical_json
from minwon.audit.errors import AuditDataError
from minwon.logging import MOBILE, RRN, redact_personal_data

__all__ = ["looks_personal", "mask_personal_data", "mask_personal_text"]

# Seoul 02, regional 031–064, internet phones 070, personal numbers 050x.
LANDLINE = re.compile(r"(?<!\d)0(?:2|[3-6][1-5]|70|50\d)[-\s)]?\d{3,4}[-\s]?(\d{4})(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 도로명주소 ("세종대로 110", "강남대로94길 20-3") and 지번주소 ("역삼동 123-45번지").
ROAD_ADDRESS = re.compile(r"[가-힣0-9]+(?:로|길)\s?\d+(?:-\d+)?")
LOT_ADDRESS = re.compile(r"(?:[가-힣]+(?:동|리)|[가-힣]+\d가)\s?(?:산\s?)?\d+(?:-\d+)?(?:번지)?")


def _mask_like_the_logs(value: Any) -> Any:
    # Reuse the log processor so the two never disagree on what a 주민등록번호 or mobile
    # number looks like; wrapping the value keeps its own keys subject to the key check.
    return redact_personal_data(None, "audit", {"value": value})["value"]


def _mask_extra(text: str) -> str:
    text = LANDLINE.sub(r"***-****-\1", text)
    text = EMAIL.sub("[email]", text)
    # Lot addresses first: "을지로3가 100" is a 법정동 and a lot number, not a road.
    text = LOT_ADDRESS.sub("[address]", text)
    return ROAD_ADDRESS.sub("[address]", text)


def mask_personal_text(text: str) -> str:
    """``text`` with resident numbers, phone numbers, e-mail and addresses masked."""
    masked: str = _mask_like_the_logs(text)
    return _mask_extra(masked)


def _walk(value: Any) -> Any:
    if isinstance(value, str):
        return _mask_extra(value)
    if isinstance(value, dict):
        return {key: _walk(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_walk(item) for item in value]
    return value


def mask_personal_data(data: dict[str, Any]) -> dict[str, Any]:
    """A JSON-safe copy of ``data`` with personal data masked and personal keys redacted.

    The result is what the database will hand back (tuples become lists, keys become
    strings), so the hash computed now still matches when the row is read years later.
    Raises ``AuditDataError`` for values JSON cannot hold.
    """
    masked = _walk(_mask_like_the_logs(dict(data)))
    try:
        safe: dict[str, Any] = json.loads(canonical_json(masked))
    except (TypeError, ValueError) as error:
        raise AuditDataError(f"audit data must be plain JSON: {type(error).__name__}") from None
    return safe


def looks_personal(identifier: str) -> bool:
    """True when a part of an identifier (``citizen:<id>``) *is* a resident or phone number.

    Whole parts only: a random id (a UUID, say) may contain a run of digits that looks like a
    phone number somewhere inside, and refusing such an event would fail a citizen's request.
    """
    return any(
        pattern.fullmatch(part)
        for part in identifier.split(":")
        for pattern in (RRN, MOBILE, LANDLINE)
    )
