"""Re-encrypt every sealed column under the primary key (``minwon keys rotate``).

After a new key is made primary, old tokens still decrypt while their key stays in the ring;
this walks the sealed columns in batches and rewrites what is not yet under the primary key,
so the old key can then be retired. Each batch is its own transaction: an interrupted run
loses nothing and can simply be started again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, cast, select, update
from sqlalchemy.orm import Session, sessionmaker

from minwon.applications.models import Application, ConversationFiling
from minwon.conversations.models import Conversation, ConversationMessage
from minwon.crypto import FieldCipher, rotate_tokens
from minwon.db import session_scope
from minwon.idempotency import IdempotencyRecord, sealed_context

__all__ = ["RotationReport", "rotate_sealed_data"]


@dataclass
class RotationReport:
    """How many tokens were rewritten, were already current, or could not be read."""

    rotated: int = 0
    current: int = 0
    failed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"rotated {self.rotated}, already current {self.current}, unreadable {len(self.failed)}"
        )
        return text + ("" if not self.failed else f": {', '.join(self.failed[:20])}")


@dataclass(frozen=True)
class _Column:
    name: str
    query: Any  # a Select of (key, token, …) columns
    context: Callable[[Any], str]
    token: Callable[[Any], str]
    write: Callable[[Session, Any, str], None]


def _columns() -> list[_Column]:
    return [
        _Column(
            "applications.sealed_facts",
            select(Application.id, Application.sealed_facts),
            lambda r: f"application:{r[0]}:facts",
            lambda r: r[1],
            lambda s, k, t: _set(s, Application, Application.id == k, sealed_facts=t),
        ),
        _Column(
            "conversations.sealed_facts",
            select(Conversation.id, Conversation.sealed_facts),
            lambda r: f"conversation:{r[0]}:facts",
            lambda r: r[1],
            lambda s, k, t: _set(s, Conversation, Conversation.id == k, sealed_facts=t),
        ),
        _Column(
            "conversation_messages.sealed_text",
            select(
                ConversationMessage.id,
                ConversationMessage.sealed_text,
                ConversationMessage.conversation_id,
                ConversationMessage.seq,
            ),
            lambda r: f"conversation:{r[2]}:message:{r[3]}",
            lambda r: r[1],
            lambda s, k, t: _set(
                s, ConversationMessage, ConversationMessage.id == k, sealed_text=t
            ),
        ),
        *_reply_columns(),
    ]


def _reply_columns() -> list[_Column]:
    """Stored answers (a filing's reply, an Idempotency-Key's response): composite keys."""
    filing_key = (
        ConversationFiling.conversation_id + "|" + cast(ConversationFiling.message_seq, String)
    )
    idem_key = IdempotencyRecord.scope + "|" + IdempotencyRecord.key
    return [
        _Column(
            "conversation_filings.sealed_reply",
            select(filing_key, ConversationFiling.sealed_reply),
            lambda r: "conversation:{}:filing:{}".format(*r[0].split("|", 1)),
            lambda r: r[1],
            lambda s, k, t: _set(
                s,
                ConversationFiling,
                (ConversationFiling.conversation_id == k.split("|", 1)[0])
                & (ConversationFiling.message_seq == int(k.split("|", 1)[1])),
                sealed_reply=t,
            ),
        ),
        _Column(
            "idempotency_keys.sealed_response",
            select(idem_key, IdempotencyRecord.sealed_response),
            lambda r: sealed_context(*r[0].split("|", 1)),
            lambda r: r[1],
            lambda s, k, t: _set(
                s,
                IdempotencyRecord,
                (IdempotencyRecord.scope == k.split("|", 1)[0])
                & (IdempotencyRecord.key == k.split("|", 1)[1]),
                sealed_response=t,
            ),
        ),
    ]


def _set(session: Session, model: Any, where: Any, **values: str) -> None:
    # A plain UPDATE: rotation must not bump optimistic-lock versions of live conversations.
    session.execute(
        update(model).where(where).values(**values).execution_options(synchronize_session=False)
    )


def _rotate_batch(
    session: Session,
    cipher: FieldCipher,
    column: _Column,
    offset: int,
    size: int,
    report: RotationReport,
) -> bool:
    """Rotate one batch in the caller's transaction; False when there are no rows left."""
    key_column = column.query.selected_columns[0]
    rows = list(session.execute(column.query.order_by(key_column).offset(offset).limit(size)))
    if not rows:
        return False
    sealed = [(r[0], column.token(r), column.context(r)) for r in rows if column.token(r)]
    outcome = rotate_tokens(cipher, sealed)
    for key, token in outcome.rotated:
        column.write(session, key, token)
    report.rotated += len(outcome.rotated)
    report.current += outcome.current
    report.failed += [f"{column.name}:{key}" for key in outcome.failed]
    return True


def rotate_sealed_data(
    factory: sessionmaker[Session], cipher: FieldCipher, *, batch_size: int = 500
) -> RotationReport:
    """Rewrite every sealed token not under the primary key; unreadable ones are listed only."""
    report = RotationReport()
    for column in _columns():
        offset = 0
        while True:
            with session_scope(factory) as session:
                if not _rotate_batch(session, cipher, column, offset, batch_size, report):
                    break
            offset += batch_size
    return report
