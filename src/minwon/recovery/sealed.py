"""Every sealed value in the database, read back: the decrypt check of backups and escrow.

A backup that restores but whose sealed personal data no longer decrypts (a key lost, a key
ring restored from the wrong escrow) is no backup. :func:`decrypt_check` unseals every sealed
column with a given cipher and counts what opens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from minwon.applications.models import Application, ConversationFiling
from minwon.conversations.models import Conversation, ConversationMessage
from minwon.crypto import DecryptionError, FieldCipher
from minwon.idempotency import IdempotencyRecord, sealed_context

__all__ = ["DecryptReport", "decrypt_check", "sealed_values"]


@dataclass
class DecryptReport:
    """How many sealed values opened, and which did not."""

    total: int = 0
    opened: int = 0
    failed: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return 1.0 if self.total == 0 else self.opened / self.total

    def __str__(self) -> str:
        text = f"decrypted {self.opened} of {self.total} sealed values ({self.share:.0%})"
        return text + ("" if not self.failed else f"; unreadable: {', '.join(self.failed[:10])}")


Reader = tuple[str, Any, Callable[[Any], str]]


def _readers() -> list[Reader]:
    return [
        (
            "applications",
            select(Application.id, Application.sealed_facts),
            lambda r: f"application:{r[0]}:facts",
        ),
        (
            "conversations",
            select(Conversation.id, Conversation.sealed_facts),
            lambda r: f"conversation:{r[0]}:facts",
        ),
        (
            "conversation_messages",
            select(
                ConversationMessage.id,
                ConversationMessage.sealed_text,
                ConversationMessage.conversation_id,
                ConversationMessage.seq,
            ),
            lambda r: f"conversation:{r[2]}:message:{r[3]}",
        ),
        (
            "conversation_filings",
            select(
                ConversationFiling.conversation_id,
                ConversationFiling.sealed_reply,
                ConversationFiling.message_seq,
            ),
            lambda r: f"conversation:{r[0]}:filing:{r[2]}",
        ),
        (
            "idempotency_keys",
            select(
                IdempotencyRecord.scope, IdempotencyRecord.sealed_response, IdempotencyRecord.key
            ),
            lambda r: sealed_context(r[0], r[2]),
        ),
    ]


def sealed_values(session: Session) -> Iterator[tuple[str, str, str]]:
    """(where, token, context) for every non-empty sealed value."""
    for table, query, context in _readers():
        for row in session.execute(query.execution_options(yield_per=1000)):
            if row[1]:
                yield f"{table}:{row[0]}", row[1], context(row)


def decrypt_check(session: Session, cipher: FieldCipher) -> DecryptReport:
    """Unseal every sealed value with ``cipher``; nothing is written."""
    report = DecryptReport()
    for where, token, context in sealed_values(session):
        report.total += 1
        try:
            cipher.decrypt(token, context=context)
        except (DecryptionError, ValueError):
            if len(report.failed) < 100:
                report.failed.append(where)
            continue
        report.opened += 1
    return report
