"""Imports every package's tables so that metadata (and Alembic) sees all of them."""

from __future__ import annotations

__all__ = ["import_all_models"]


def import_all_models() -> None:
    """Register every table on ``minwon.db.Base.metadata``."""
    import minwon.applications.models
    import minwon.audit.models
    import minwon.catalogdb.models
    import minwon.conversations.models
    import minwon.idempotency
    import minwon.identity.models
    import minwon.partners.models  # noqa: F401
