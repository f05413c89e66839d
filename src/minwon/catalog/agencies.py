"""Agency endpoints as data (``catalog/agencies.yaml``): where each agency's deliveries go.

Keyed by the ``agency.code`` the services already use. Each agency has, per environment
(development, test, production), the URL that receives its signed deliveries and a reference
to its signing key, never the key itself: ``dev`` (a development secret derived from the code,
refused in production) or ``env:NAME`` (the environment variable that holds ``whsec_…``).
Pure: loading and checking only; the dispatcher resolves the references.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from minwon.catalog.errors import CatalogError, Problem
from minwon.catalog.schema import Service
from minwon.catalog.yamlnodes import LocatedDocument, load_located

__all__ = ["AGENCIES_FILE", "AgencyEndpoint", "AgencyEntry", "check_agencies", "load_agencies"]

AGENCIES_FILE = "agencies.yaml"
Environment = Literal["development", "test", "production"]
CODE_PATTERN = r"^[a-z][a-z0-9-]{1,79}$"
KEY_REF_PATTERN = r"^(dev|env:[A-Z][A-Z0-9_]{2,99})$"


class AgencyEndpoint(BaseModel):
    """Where one environment delivers to, and which key signs for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: Annotated[str, Field(pattern=r"^https?://[^\s]+$", max_length=500)]
    signing_key: Annotated[str, Field(pattern=KEY_REF_PATTERN)]
    timeout_seconds: Annotated[float, Field(gt=0, le=60)] = 5.0


class AgencyEntry(BaseModel):
    """One agency's endpoints by environment."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Annotated[str, Field(pattern=CODE_PATTERN)]
    environments: dict[Environment, AgencyEndpoint]

    def endpoint(self, environment: str) -> AgencyEndpoint | None:
        """The endpoint for ``environment``, or None when it has none."""
        for name, endpoint in self.environments.items():
            if name == environment:
                return endpoint
        return None


class _AgenciesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agencies: list[AgencyEntry]


def load_agencies(root: Path, problems: list[Problem]) -> dict[str, AgencyEntry]:
    """The agencies of ``root/agencies.yaml`` (none when the file is absent); problems appended."""
    path = root / AGENCIES_FILE
    if not path.exists():
        return {}
    try:
        doc = load_located(path)
    except CatalogError as exc:
        problems.extend(exc.problems)
        return {}
    try:
        parsed = _AgenciesFile.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            where = ".".join(str(p) for p in loc) or "(top level)"
            problems.append(doc.problem(loc, f"{where}: {error['msg']}"))
        return {}
    return _unique(doc, parsed.agencies, problems)


def _unique(
    doc: LocatedDocument, entries: list[AgencyEntry], problems: list[Problem]
) -> dict[str, AgencyEntry]:
    found: dict[str, AgencyEntry] = {}
    for index, entry in enumerate(entries):
        if entry.code in found:
            problems.append(doc.problem(["agencies", index, "code"], f"duplicate {entry.code!r}"))
            continue
        if "production" in entry.environments and entry.environments["production"].signing_key == (
            "dev"
        ):
            # The development secret is derived from public data: never for real agencies.
            message = "production must not use the development signing key"
            problems.append(doc.problem(["agencies", index, "environments", "production"], message))
        found[entry.code] = entry
    return found


def check_agencies(
    root: Path, agencies: Mapping[str, AgencyEntry], services: Mapping[str, Service]
) -> list[Problem]:
    """Every agency a service names needs an entry once ``agencies.yaml`` exists."""
    path = root / AGENCIES_FILE
    if not path.exists():
        return []
    missing = sorted({s.agency.code for s in services.values()} - set(agencies))
    return [
        Problem(path, None, f"agency {code!r} is used by a service but has no entry")
        for code in missing
    ]
