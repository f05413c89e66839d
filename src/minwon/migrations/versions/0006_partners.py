"""Partners: OAuth clients, citizens' consents, authorization codes and tokens.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    referred = target.split(".", 1)[0]
    return sa.ForeignKeyConstraint(
        [column], [target], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete="CASCADE"
    )


def _clients() -> None:
    op.create_table(
        "oauth_clients",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("name_ko", sa.String(100), nullable=False),
        sa.Column("name_en", sa.String(100), nullable=False),
        sa.Column("redirect_uris", sa.JSON(), nullable=False),
        sa.Column("scopes", sa.String(400), nullable=False),
        sa.Column("grant_types", sa.String(200), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("disabled_at", TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_clients")),
    )


def _consents() -> None:
    op.create_table(
        "oauth_consents",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("account_id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(40), nullable=False),
        sa.Column("scopes", sa.String(400), nullable=False),
        sa.Column("granted_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
        _fk("oauth_consents", "account_id", "accounts.id"),
        _fk("oauth_consents", "client_id", "oauth_clients.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_consents")),
    )
    op.create_index(
        "ix_oauth_consents_account_client", "oauth_consents", ["account_id", "client_id"]
    )
    op.create_index(op.f("ix_oauth_consents_client_id"), "oauth_consents", ["client_id"])


def _codes() -> None:
    op.create_table(
        "oauth_authorization_codes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("client_id", sa.String(40), nullable=False),
        sa.Column("account_id", sa.String(36), nullable=False),
        sa.Column("consent_id", sa.String(40), nullable=False),
        sa.Column("redirect_uri", sa.String(2000), nullable=False),
        sa.Column("scopes", sa.String(400), nullable=False),
        sa.Column("code_challenge", sa.String(128), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("used_at", TZ, nullable=True),
        sa.Column("family_id", sa.String(40), nullable=True),
        _fk("oauth_authorization_codes", "client_id", "oauth_clients.id"),
        _fk("oauth_authorization_codes", "account_id", "accounts.id"),
        _fk("oauth_authorization_codes", "consent_id", "oauth_consents.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_authorization_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_oauth_authorization_codes_code_hash")),
    )


def _tokens() -> None:
    op.create_table(
        "oauth_tokens",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("client_id", sa.String(40), nullable=False),
        sa.Column("account_id", sa.String(36), nullable=True),
        sa.Column("consent_id", sa.String(40), nullable=True),
        sa.Column("family_id", sa.String(40), nullable=True),
        sa.Column("scopes", sa.String(400), nullable=False),
        sa.Column("issued_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("grant_expires_at", TZ, nullable=True),
        sa.Column("used_at", TZ, nullable=True),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.Column("revoke_reason", sa.String(40), nullable=True),
        sa.CheckConstraint("kind IN ('access', 'refresh')", name=op.f("ck_oauth_tokens_kind")),
        _fk("oauth_tokens", "client_id", "oauth_clients.id"),
        _fk("oauth_tokens", "account_id", "accounts.id"),
        _fk("oauth_tokens", "consent_id", "oauth_consents.id"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_oauth_tokens_token_hash")),
    )
    op.create_index(op.f("ix_oauth_tokens_client_id"), "oauth_tokens", ["client_id"])
    op.create_index("ix_oauth_tokens_family_id", "oauth_tokens", ["family_id"])
    op.create_index("ix_oauth_tokens_consent_id", "oauth_tokens", ["consent_id"])


def upgrade() -> None:
    _clients()
    _consents()
    _codes()
    _tokens()


def downgrade() -> None:
    for index, table in (
        ("ix_oauth_tokens_consent_id", "oauth_tokens"),
        ("ix_oauth_tokens_family_id", "oauth_tokens"),
        ("ix_oauth_tokens_client_id", "oauth_tokens"),
        ("ix_oauth_consents_client_id", "oauth_consents"),
        ("ix_oauth_consents_account_client", "oauth_consents"),
    ):
        op.drop_index(index, table_name=table)
    for table in ("oauth_tokens", "oauth_authorization_codes", "oauth_consents", "oauth_clients"):
        op.drop_table(table)
