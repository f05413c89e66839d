"""Conversations remember whom they are for: the represented citizen under a delegation.

A conversation belongs to whoever started it; one started "A for B" is continued only by that
same pair. Rows from before this revision have no ``on_behalf_of``: they stay with their
``citizen_id``.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("conversations", sa.Column("on_behalf_of", sa.String(64), nullable=True))


def downgrade() -> None:
    # SQLite before 3.35 cannot drop a column in place: batch mode copies the table.
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("on_behalf_of")
