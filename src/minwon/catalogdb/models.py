"""Tables of the catalogdb package."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from minwon.db import Base, UtcDateTime

__all__ = ["CatalogVersion"]


class CatalogVersion(Base):
    """One catalog, identified by the fingerprint of its files, first served at ``loaded_at``."""

    __tablename__ = "catalog_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    service_count: Mapped[int] = mapped_column(Integer)
    bundle_count: Mapped[int] = mapped_column(Integer)
    first_loaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_loaded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
