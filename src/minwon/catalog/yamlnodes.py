"""YAML loading that remembers line numbers, so a catalog error can point at its line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from minwon.catalog.errors import CatalogError, Problem

__all__ = ["LocatedDocument", "load_located"]


# LibYAML's parser (CSafeLoader) loads the catalog ~2.5x faster and keeps line marks; the
# pure-Python parser is the fallback where PyYAML was built without it.
class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that refuses duplicate mapping keys (PyYAML silently keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first at line {seen[key]})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


class LocatedDocument:
    """A parsed YAML document and its node tree, to map a data path back to a line."""

    def __init__(self, path: Path, data: Any, root: yaml.Node) -> None:
        self.path = path
        self.data = data
        self._root = root

    def line_of(self, loc: Sequence[str | int]) -> int:
        """The 1-based line of the deepest node that ``loc`` reaches (unmatched steps skipped)."""
        node = self._root
        for step in loc:
            child = _child(node, step)
            if child is not None:
                node = child
        return int(node.start_mark.line) + 1

    def problem(self, loc: Sequence[str | int], message: str) -> Problem:
        return Problem(self.path, self.line_of(loc), message)


def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == step or key_node.value == str(step):
                return value_node  # type: ignore[no-any-return]
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(step, int)
        and 0 <= step < len(node.value)
    ):
        return node.value[step]  # type: ignore[no-any-return]
    return None


def load_located(path: Path) -> LocatedDocument:
    """Parse one YAML file; a syntax error becomes a :class:`CatalogError` with its line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError([Problem(path, None, f"cannot read the file: {exc}")]) from exc
    loader = _UniqueKeyLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise CatalogError([Problem(path, 1, "the file is empty")])
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        detail = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        if exc.context_mark is not None and line is not None and exc.context_mark.line + 1 != line:
            # An unclosed bracket is found at the end of the file: say where it was opened.
            detail += f" (opened at line {exc.context_mark.line + 1})"
        raise CatalogError([Problem(path, line, f"YAML syntax error: {detail}")]) from exc
    finally:
        loader.dispose()
    return LocatedDocument(path, data, root)
