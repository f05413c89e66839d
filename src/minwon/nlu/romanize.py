"""Revised Romanization of place names: kept in the catalog, where addresses need it too."""

from minwon.catalog.romanize import romanize

__all__ = ["romanize"]
