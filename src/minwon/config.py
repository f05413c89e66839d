"""Settings from ``MINWON_*`` environment variables; built by entry points, never at import."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]

PLACEHOLDER_SECRETS = frozenset({"", "changeme", "change-me", "development-only-secret", "secret"})
DEV_SECRET = "development-only-secret"  # noqa: S105 — refused outside development


class Settings(BaseSettings):
    """Everything that varies between a laptop, CI and a government data centre."""

    model_config = SettingsConfigDict(env_prefix="MINWON_", env_file=None, extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(
        default="sqlite:///var/minwon.db",
        description="SQLAlchemy URL. SQLite (embedded default) or postgresql+psycopg://…",
    )
    catalog_dir: Path | None = Field(default=None, description="Defaults to the packaged catalog.")
    secret_key: SecretStr = SecretStr(DEV_SECRET)
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = False
    encryption_keys: SecretStr | None = Field(
        default=None,
        description='AES-256-GCM keys as "k2:<base64>,k1:<base64>"; a development key is used '
        "when unset outside production",
    )
    encryption_primary: str | None = Field(default=None, description="The key id new data uses")
    blind_index_key: SecretStr | None = Field(
        default=None, description="Base64 key (32+ bytes) for equality lookups of encrypted values"
    )
    webauthn_rp_id: str = Field(
        default="localhost", description="Passkeys are bound to this domain"
    )
    webauthn_rp_name: str = "minwon"
    webauthn_origin: str = Field(
        default="http://localhost:8000", description="The origin passkey ceremonies must come from"
    )
    session_cookie_secure: bool | None = Field(
        default=None,
        description="Secure cookies; unset means on everywhere but development (served over "
        "plain http://127.0.0.1); production forces it on",
    )
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_absolute_hours: int = Field(default=12, ge=1, le=24 * 7)
    reauth_window_minutes: int = Field(default=15, ge=1, le=24 * 60)
    demo: bool = Field(
        default=True, description="Seed a demo citizen and officer at start-up (development only)"
    )

    # --- database faults: answer 503 within seconds instead of hanging (PostgreSQL) ---
    db_connect_timeout: float = Field(default=2.0, gt=0, le=60)
    db_answer_timeout: float = Field(
        default=4.0, gt=0, le=600, description="Longest wait for any answer of the server"
    )
    db_statement_timeout_ms: int = Field(default=3000, ge=100, le=600_000)
    db_pool_timeout: float = Field(default=2.0, gt=0, le=60)
    # --- delivery to agencies (catalog/agencies.yaml) ---
    agency_url_override: str | None = Field(
        default=None,
        description="Development and test only: deliver every agency to this base URL "
        "(e.g. an agency simulator on another port) as <base>/agencies/<code>/events",
    )
    relay_in_process: bool | None = Field(
        default=None,
        description="Run the outbox relay inside `minwon serve` (default: on SQLite only; "
        "PostgreSQL runs `minwon worker` processes)",
    )
    relay_max_failures: int = Field(default=8, ge=1, le=100)
    relay_base_delay: float = Field(default=2.0, gt=0, le=3600)
    relay_max_delay: float = Field(default=300.0, gt=0, le=86_400)
    relay_poll_interval: float = Field(default=1.0, gt=0, le=60)
    circuit_threshold: int = Field(default=5, ge=1, le=1000)
    circuit_cooldown: float = Field(default=30.0, gt=0, le=3600)
    # --- disaster recovery ---
    audit_anchor_path: Path = Field(
        default=Path("var/anchors/audit-anchors.jsonl"),
        description="Append-only file of signed audit-chain heads, kept outside the database "
        "(in production: on the backup repository's site)",
    )
    audit_anchor_key: SecretStr | None = Field(
        default=None, description="Base64 Ed25519 private key (32 bytes) signing the anchors"
    )
    audit_anchor_interval: float = Field(default=30.0, gt=0, le=60)
    backup_repo: Path = Field(
        default=Path("var/backup-repo"),
        description="The backup repository: a path standing for another site",
    )
    backup_stanza: str = Field(default="minwon", pattern=r"^[a-z][a-z0-9-]{0,40}$")
    pgbackrest_config: Path | None = Field(
        default=None, description="pgBackRest configuration file (PostgreSQL backups)"
    )

    @model_validator(mode="after")
    def _refuse_overrides_in_production(self) -> Settings:
        if self.environment == "production" and self.agency_url_override:
            raise ValueError("MINWON_AGENCY_URL_OVERRIDE is for development and test only")
        return self

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.environment == "production" and (
            self.secret_key.get_secret_value() in PLACEHOLDER_SECRETS
            or len(self.secret_key.get_secret_value()) < 32
        ):
            raise ValueError(
                "MINWON_SECRET_KEY must be set to a random value of at least 32 characters"
                " in production"
            )
        return self

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded database."""
        return self.database_url.startswith("sqlite")

    @property
    def runs_relay_in_process(self) -> bool:
        """Whether ``minwon serve`` delivers the outbox itself (SQLite by default)."""
        return self.is_sqlite if self.relay_in_process is None else self.relay_in_process
