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
