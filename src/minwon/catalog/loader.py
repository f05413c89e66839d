"""Load the catalog directory (``services/*.yaml``, ``bundles/*.yaml``, ``sources.yaml``)."""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from minwon.catalog.crossref import check_catalog
from minwon.catalog.errors import CatalogError, Problem
from minwon.catalog.model import Catalog
from minwon.catalog.schema import Bundle, Service, SourceEntry
from minwon.catalog.yamlnodes import LocatedDocument, load_located

__all__ = ["default_catalog_dir", "load_catalog"]

M = TypeVar("M", bound=BaseModel)


def default_catalog_dir() -> Path:
    """The catalog shipped with the package, or the repository's ``catalog/`` in a checkout."""
    packaged = Path(str(resources.files("minwon"))) / "_catalog"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "catalog"
    return checkout


def load_catalog(directory: Path | None = None) -> Catalog:
    """Load and validate every file; raises :class:`CatalogError` listing all problems."""
    root = directory or default_catalog_dir()
    if not root.is_dir():
        raise CatalogError([Problem(root, None, "the catalog directory does not exist")])
    problems: list[Problem] = []
    sources = _load_sources(root / "sources.yaml", problems)
    services = _load_entries(root / "services", Service, problems)
    bundles = _load_entries(root / "bundles", Bundle, problems)
    if not problems:
        problems.extend(check_catalog(services, bundles, sources))
    if problems:
        raise CatalogError(problems)
    return Catalog(
        services={s.id: s for s, _ in services},
        bundles={b.id: b for b, _ in bundles},
        sources={s.id: s for s in sources},
        fingerprint=_fingerprint(root),
    )


def _load_sources(path: Path, problems: list[Problem]) -> list[SourceEntry]:
    try:
        doc = load_located(path)
    except CatalogError as exc:
        problems.extend(exc.problems)
        return []
    raw = doc.data.get("sources") if isinstance(doc.data, dict) else None
    if not isinstance(raw, list):
        problems.append(doc.problem([], "expected a 'sources:' list"))
        return []
    entries = []
    for index, item in enumerate(raw):
        entry = _validate(doc, item, SourceEntry, problems, prefix=["sources", index])
        if entry is not None:
            entries.append(entry)
    return entries


def _load_entries(
    folder: Path, model: type[M], problems: list[Problem]
) -> list[tuple[M, LocatedDocument]]:
    entries: list[tuple[M, LocatedDocument]] = []
    if not folder.is_dir():
        problems.append(Problem(folder, None, "the folder is missing"))
        return entries
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yaml", ".yml"):
            if not path.name.startswith("."):
                problems.append(Problem(path, None, "only .yaml files belong in this folder"))
            continue
        try:
            doc = load_located(path)
        except CatalogError as exc:
            problems.extend(exc.problems)
            continue
        entry = _validate(doc, doc.data, model, problems, prefix=[])
        if entry is not None:
            entries.append((entry, doc))
    return entries


def _validate(
    doc: LocatedDocument, data: object, model: type[M], problems: list[Problem], prefix: list[str | int]
) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in _useful_errors(exc):
            loc = [*prefix, *error["loc"]]
            where = ".".join(str(part) for part in error["loc"]) or "(top level)"
            problems.append(doc.problem(loc, f"{where}: {error['msg']}"))
        return None


def _useful_errors(exc: ValidationError) -> list[dict[str, object]]:
    """Pydantic reports every branch of a union; keep the errors of the closest branch only."""
    errors = [dict(e) for e in exc.errors(include_url=False)]
    by_path: dict[tuple[object, ...], dict[str, object]] = {}
    for error in errors:
        loc = tuple(error["loc"])  # type: ignore[arg-type]
        clean = tuple(p for p in loc if not (isinstance(p, str) and p[:1].isupper()))
        key = clean
        if key not in by_path or len(loc) > len(tuple(by_path[key]["loc"])):  # type: ignore[arg-type]
            by_path[key] = {**error, "loc": clean}
    return list(by_path.values())


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.y*ml")):
        digest.update(os.fsencode(path.relative_to(root)))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
