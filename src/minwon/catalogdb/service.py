"""Use cases: record the catalog a gateway starts with."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from minwon.catalog import Catalog
from minwon.catalogdb.models import CatalogVersion

__all__ = ["latest_catalog_version", "record_catalog_version"]


def record_catalog_version(session: Session, catalog: Catalog, now: dt.datetime) -> CatalogVersion:
    """Record (or touch) the catalog's fingerprint; the caller owns the transaction."""
    row = session.scalars(
        select(CatalogVersion).where(CatalogVersion.fingerprint == catalog.fingerprint)
    ).one_or_none()
    if row is None:
        row = CatalogVersion(
            fingerprint=catalog.fingerprint,
            service_count=len(catalog.services),
            bundle_count=len(catalog.bundles),
            first_loaded_at=now,
            last_loaded_at=now,
        )
        session.add(row)
    else:
        row.last_loaded_at = now
    session.flush()
    return row


def latest_catalog_version(session: Session) -> CatalogVersion | None:
    """The catalog most recently loaded, if any."""
    return session.scalars(
        select(CatalogVersion).order_by(
            CatalogVersion.last_loaded_at.desc(), CatalogVersion.id.desc()
        )
    ).first()
