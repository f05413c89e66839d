"""Numbers to call when someone's life or safety is at risk (``catalog/helplines.yaml``).

The dialogue answers a message showing a danger to life with the lines given ``for`` that
danger, before anything else. The kinds match :data:`minwon.nlu.result.CrisisKind` (a unit test
keeps them equal; the catalog sits below the NLU and cannot import it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from minwon.catalog.errors import CatalogError, Problem
from minwon.catalog.schema import Localized, Sourced, Strict
from minwon.catalog.yamlnodes import load_located

__all__ = ["DangerKind", "Helpline", "load_helplines"]

FILE_NAME = "helplines.yaml"
DangerKind = Literal["suicide", "violence", "emergency"]


class Helpline(Strict):
    """A number to call, what it is for, and when it answers."""

    number: Annotated[str, Field(pattern=r"^[0-9][0-9-]{1,12}$")]
    name: Localized
    description: Localized
    hours: Localized
    for_: Annotated[list[DangerKind], Field(alias="for", min_length=1)]
    source: Sourced


def load_helplines(root: Path, problems: list[Problem]) -> tuple[Helpline, ...]:
    """``root/helplines.yaml`` in file order; an absent file means none. Problems (schema,
    a number listed twice) are appended to ``problems`` with their file and line."""
    path = root / FILE_NAME
    if not path.exists():
        return ()
    try:
        doc = load_located(path)
    except CatalogError as exc:
        problems.extend(exc.problems)
        return ()
    raw = doc.data.get("helplines")
    if not isinstance(raw, list):
        problems.append(doc.problem([], "the file needs a 'helplines:' list"))
        return ()
    lines: list[Helpline] = []
    for index, item in enumerate(raw):
        try:
            line = Helpline.model_validate(item)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                where = ".".join(str(p) for p in error["loc"]) or "(entry)"
                loc = ["helplines", index, *error["loc"]]
                problems.append(doc.problem(loc, f"{where}: {error['msg']}"))
            continue
        if any(seen.number == line.number for seen in lines):
            message = f"number {line.number!r} is listed twice"
            problems.append(doc.problem(["helplines", index, "number"], message))
        lines.append(line)
    return tuple(lines)
