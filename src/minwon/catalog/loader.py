"""Load the catalog directory (``services/*.yaml``, ``bundles/*.yaml``, ``sources.yaml``,
``referrals.yaml``, ``agencies.yaml``, ``helplines.yaml``)."""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from minwon.catalog.agencies import check_agencies, load_agencies
from minwon.catalog.crossref import check_catalog
from minwon.catalog.errors import CatalogError, Problem
from minwon.catalog.helplines import load_helplines
from minwon.catalog.model import Catalog
from minwon.catalog.referrals import load_referrals
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
    agencies = load_agencies(root, problems)
    helplines = load_helplines(root, problems)
    if not problems:
        problems.extend(check_catalog(services, bundles, sources))
        problems.extend(check_agencies(root, agencies, {s.id: s for s, _ in services}))
    # Referrals name catalog services (``near``): checked once the services themselves load.
    referrals = (
        load_referrals(root, {s.id for s, _ in services}, {s.id for s in sources}, problems)
        if not problems
        else {}
    )
    if problems:
        raise CatalogError(problems)
    return Catalog(
        services={s.id: s for s, _ in services},
        bundles={b.id: b for b, _ in bundles},
        sources={s.id: s for s in sources},
        fingerprint=_fingerprint(root),
        referrals=referrals,
        agencies=agencies,
        helplines=helplines,
    )


def _load_sources(path: Path, problems: list[Problem]) -> list[SourceEntry]:
    try:
        doc = load_located(path)
    except CatalogError as exc:
        problems.extend(exc.problems)
        return []
    if "sources" not in doc.data:
        problems.append(doc.problem([], "the file needs a 'sources:' list"))
        return []
    raw = doc.data["sources"]
    if not isinstance(raw, list):
        problems.append(doc.problem(["sources"], "'sources' must be a list of entries"))
        return []
    first_index: dict[str, int] = {}
    entries = []
    for index, item in enumerate(raw):
        entry = _validate(doc, item, SourceEntry, problems, prefix=["sources", index])
        if entry is None:
            continue
        if entry.id in first_index:
            # Refs name a source by id: two entries with one id make every such ref ambiguous.
            first = doc.line_of(["sources", first_index[entry.id], "id"])
            message = f"duplicate source id {entry.id!r} (first at line {first})"
            problems.append(doc.problem(["sources", index, "id"], message))
            continue
        first_index[entry.id] = index
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
    doc: LocatedDocument,
    data: object,
    model: type[M],
    problems: list[Problem],
    prefix: list[str | int],
) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for loc, msg in _useful_errors(exc):
            where = ".".join(str(part) for part in loc) or "(top level)"
            problems.append(doc.problem([*prefix, *loc], f"{where}: {msg}"))
        return None


Loc = tuple[str | int, ...]


def _is_branch_tag(part: str | int) -> bool:
    # Pydantic names the union member it tried ("FieldCondition") inside the location.
    return isinstance(part, str) and part[:1].isupper()


def _useful_errors(exc: ValidationError) -> list[tuple[Loc, str]]:
    """Pydantic reports every branch of a union; keep the branch with the fewest errors."""
    plain: list[tuple[Loc, str]] = []
    unions: dict[Loc, dict[str, list[tuple[Loc, str]]]] = {}
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        tags = [i for i, part in enumerate(loc) if _is_branch_tag(part)]
        if not tags:
            plain.append((loc, error["msg"]))
            continue
        at = tags[0]
        clean = tuple(p for p in loc if not _is_branch_tag(p))
        unions.setdefault(loc[:at], {}).setdefault(str(loc[at]), []).append((clean, error["msg"]))
    for branches in unions.values():
        candidates: list[list[tuple[Loc, str]]] = list(branches.values())
        best = min(candidates, key=len)
        plain.extend(best)
    return plain


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*.y*ml") if p.is_file()):
        digest.update(os.fsencode(path.relative_to(root)))
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
