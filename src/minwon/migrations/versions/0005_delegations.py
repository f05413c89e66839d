"""Delegations ("A for B"), in-app notifications, and officer account resets.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _fk(table: str, column: str, *, cascade: bool = True) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        ["accounts.id"],
        name=op.f(f"fk_{table}_{column}_accounts"),
        ondelete="CASCADE" if cascade else None,
    )


def _delegations() -> None:
    op.create_table(
        "delegations",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("grantor_account_id", sa.String(36), nullable=False),
        sa.Column("grantee_account_id", sa.String(36), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("document_ref", sa.String(80), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.Column("revoked_by", sa.String(64), nullable=True),
        sa.CheckConstraint(
            "grantor_account_id <> grantee_account_id",
            name=op.f("ck_delegations_distinct_parties"),
        ),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_delegations_dates")),
        _fk("delegations", "grantor_account_id"),
        _fk("delegations", "grantee_account_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegations")),
    )
    for column in ("grantor_account_id", "grantee_account_id"):
        op.create_index(op.f(f"ix_delegations_{column}"), "delegations", [column])


def _notifications() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("account_id", sa.String(36), nullable=False),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("read_at", TZ, nullable=True),
        _fk("notifications", "account_id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(op.f("ix_notifications_account_id"), "notifications", ["account_id"])


def _account_resets() -> None:
    op.create_table(
        "account_resets",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("account_id", sa.String(36), nullable=False),
        sa.Column("officer_account_id", sa.String(36), nullable=False),
        sa.Column("id_document_type", sa.String(40), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("used_at", TZ, nullable=True),
        _fk("account_resets", "account_id"),
        _fk("account_resets", "officer_account_id", cascade=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_resets")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_account_resets_code_hash")),
    )
    op.create_index(op.f("ix_account_resets_account_id"), "account_resets", ["account_id"])


def upgrade() -> None:
    _delegations()
    _notifications()
    _account_resets()


def downgrade() -> None:
    op.drop_index(op.f("ix_account_resets_account_id"), table_name="account_resets")
    op.drop_table("account_resets")
    op.drop_index(op.f("ix_notifications_account_id"), table_name="notifications")
    op.drop_table("notifications")
    for column in ("grantee_account_id", "grantor_account_id"):
        op.drop_index(op.f(f"ix_delegations_{column}"), table_name="delegations")
    op.drop_table("delegations")
