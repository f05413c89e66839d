"""The service catalog: services, bundles, field types, deadlines, loaded from data files.

Pure: no database, no network. Everything a citizen is told about a service comes from here.
"""

from minwon.catalog.errors import CatalogError, Problem, UnknownEntryError
from minwon.catalog.loader import default_catalog_dir, load_catalog
from minwon.catalog.model import Catalog

__all__ = [
    "Catalog",
    "CatalogError",
    "Problem",
    "UnknownEntryError",
    "default_catalog_dir",
    "load_catalog",
]
