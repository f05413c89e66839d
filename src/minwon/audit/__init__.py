"""The audit log: an append-only, hash-chained record of who did what to whose data, and why.

Every package may call it (it imports no other domain package). ``record_event`` appends in
the caller's transaction; ``verify_chain`` proves nothing was altered, inserted or deleted;
``events_about`` answers a citizen's "who looked at my data, and why?".
"""

from minwon.audit.chain import GENESIS_HASH
from minwon.audit.errors import (
    AuditChainHeadMissingError,
    AuditDataError,
    AuditError,
    AuditEventInvalidError,
)
from minwon.audit.models import AuditChainHead, AuditEvent
from minwon.audit.redaction import mask_personal_data, mask_personal_text
from minwon.audit.schemas import ChainDamage, ChainProblem, VerifyReport
from minwon.audit.service import (
    MAX_PAGE_SIZE,
    PERSONAL_DATA_READ,
    events_about,
    record_event,
    verify_chain,
)

__all__ = [
    "GENESIS_HASH",
    "MAX_PAGE_SIZE",
    "PERSONAL_DATA_READ",
    "AuditChainHead",
    "AuditChainHeadMissingError",
    "AuditDataError",
    "AuditError",
    "AuditEvent",
    "AuditEventInvalidError",
    "ChainDamage",
    "ChainProblem",
    "VerifyReport",
    "events_about",
    "mask_personal_data",
    "mask_personal_text",
    "record_event",
    "verify_chain",
]
