"""Delivery to agencies, circuits, signed callbacks, idempotent filing.

- ``outbox_messages`` learns how its delivery is going: a ``webhook_id`` (the receiver's
  idempotency key), the agency, a status (pending, delivered, rejected, dead), when to try
  next, a lease held by the relay that claimed it, and the last error.
- ``agency_circuits``: each agency's circuit as the relays last saw it, so a gateway can tell a
  citizen honestly that delivery is delayed.
- ``agency_events``: the ids of the agencies' signed callbacks, so a replay changes nothing.
- ``idempotency_keys``: the stored response of each ``Idempotency-Key`` request.
- ``conversation_filings``: one filing per confirming message of a conversation, ever.

Rows from before this revision: a dispatched row is delivered, any other is pending.

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    _outbox_columns()
    op.create_table(
        "agency_circuits",
        sa.Column("agency_code", sa.String(80), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False),
        sa.Column("opened_at", TZ),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("agency_code", name=op.f("pk_agency_circuits")),
    )
    op.create_table(
        "agency_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency_code", sa.String(80), nullable=False),
        sa.Column("webhook_id", sa.String(100), nullable=False),
        sa.Column("event_type", sa.String(80), nullable=False),
        sa.Column("received_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_events")),
        sa.UniqueConstraint("agency_code", "webhook_id", name="uq_agency_events_webhook"),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("scope", sa.String(200), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("sealed_response", sa.Text(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_index(op.f("ix_idempotency_keys_created_at"), "idempotency_keys", ["created_at"])
    op.create_table(
        "conversation_filings",
        sa.Column("conversation_id", sa.String(36), nullable=False),
        sa.Column("message_seq", sa.Integer(), nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("receipts", sa.JSON(), nullable=False),
        sa.Column("sealed_reply", sa.Text(), nullable=False),
        sa.Column("settled_count", sa.Integer(), nullable=False),
        sa.Column("filed_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint(
            "conversation_id", "message_seq", name=op.f("pk_conversation_filings")
        ),
    )


def _outbox_columns() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("webhook_id", sa.String(100)))
        batch.add_column(sa.Column("agency_code", sa.String(80)))
        batch.add_column(sa.Column("status", sa.String(16), server_default="pending"))
        batch.add_column(sa.Column("failures", sa.Integer(), server_default="0"))
        batch.add_column(sa.Column("next_attempt_at", TZ))
        batch.add_column(sa.Column("locked_until", TZ))
        batch.add_column(sa.Column("lock_token", sa.String(36)))
        batch.add_column(sa.Column("last_error", sa.Text()))
        batch.add_column(sa.Column("last_status_code", sa.Integer()))
    outbox = sa.table(
        "outbox_messages",
        sa.column("id", sa.Integer()),
        sa.column("webhook_id", sa.String()),
        sa.column("status", sa.String()),
        sa.column("dispatched_at", TZ),
    )
    op.execute(
        outbox.update().values(
            webhook_id=sa.literal("msg_legacy_") + sa.cast(outbox.c.id, sa.String)
        )
    )
    op.execute(
        outbox.update().where(outbox.c.dispatched_at.is_not(None)).values(status="delivered")
    )
    with op.batch_alter_table("outbox_messages") as batch:
        batch.alter_column("webhook_id", nullable=False)
        batch.alter_column("status", nullable=False)
        batch.alter_column("failures", nullable=False)
        batch.create_unique_constraint("uq_outbox_messages_webhook_id", ["webhook_id"])
        batch.create_index("ix_outbox_messages_status_next", ["status", "next_attempt_at"])


def downgrade() -> None:
    op.drop_table("conversation_filings")
    op.drop_index(op.f("ix_idempotency_keys_created_at"), table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
    op.drop_table("agency_events")
    op.drop_table("agency_circuits")
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_index("ix_outbox_messages_status_next")
        batch.drop_constraint("uq_outbox_messages_webhook_id", type_="unique")
        for column in (
            "last_status_code",
            "last_error",
            "lock_token",
            "locked_until",
            "next_attempt_at",
            "failures",
            "status",
            "agency_code",
            "webhook_id",
        ):
            batch.drop_column(column)
