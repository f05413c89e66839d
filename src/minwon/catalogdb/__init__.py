"""Which catalog versions this gateway has served, so every answer can be traced to its data."""

from minwon.catalogdb.models import CatalogVersion
from minwon.catalogdb.service import latest_catalog_version, record_catalog_version

__all__ = ["CatalogVersion", "latest_catalog_version", "record_catalog_version"]
