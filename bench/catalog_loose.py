"""For experiments while the catalog is being written: load what validates, skip the rest.

Not used by the router or the benchmark's figures once ``load_catalog`` succeeds.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from minwon.catalog import Catalog, CatalogError, load_catalog
from minwon.catalog.loader import default_catalog_dir
from minwon.catalog.schema import Bundle, Service


def load_loose(root: Path | None = None) -> Catalog:
    """``load_catalog()``, or, if it fails, every entry that validates on its own."""
    try:
        return load_catalog(root)
    except CatalogError as exc:
        print(f"catalog invalid, loading loosely: {str(exc)[:300]}", file=sys.stderr)
    base = root or default_catalog_dir()
    services = _entries(base / "services", Service)
    bundles = _entries(base / "bundles", Bundle)
    known = set(services)
    fixed = {
        k: b.model_copy(update={"members": [m for m in b.members if m.service in known]})
        for k, b in bundles.items()
    }
    return Catalog(services=services, bundles=fixed, sources={}, fingerprint="loose")


def _entries(folder: Path, model: type[Service] | type[Bundle]) -> dict:  # type: ignore[type-arg]
    out = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            entry = model.model_validate(yaml.safe_load(path.read_text("utf-8")))
        except Exception as exc:
            print(f"skipped {path.name}: {str(exc)[:120]}", file=sys.stderr)
            continue
        out[entry.id] = entry
    return out
