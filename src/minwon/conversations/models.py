"""Tables: conversations and their messages. What the person typed is sealed (AES-GCM)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from minwon.db import Base, UtcDateTime

__all__ = ["Conversation", "ConversationMessage"]


class Conversation(Base):
    """One conversation. ``state`` holds no personal data; ``sealed_facts`` holds the answers.

    It belongs to whoever started it (``citizen_id``; none while anonymous). Started under a
    delegation, ``on_behalf_of`` is the represented citizen: only that same pair continues it.
    """

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    citizen_id: Mapped[str | None] = mapped_column(String(64), index=True)
    on_behalf_of: Mapped[str | None] = mapped_column(String(64))  # the represented citizen
    access_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of the anonymous access token
    channel: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(2))
    phase: Mapped[str] = mapped_column(String(32))
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    sealed_facts: Mapped[str] = mapped_column(Text)
    message_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 — SQLAlchemy's declared form


class ConversationMessage(Base):
    """One message, in either direction. The citizen's text may hold personal data: sealed."""

    __tablename__ = "conversation_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))  # citizen | minwon
    sealed_text: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
