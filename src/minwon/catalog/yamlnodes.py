"""YAML loading that remembers line numbers, so a catalog error can point at its line.

Whatever is wrong with a file (unreadable, not UTF-8, bad syntax, a value Python cannot build,
not a mapping at the top) comes out as a :class:`CatalogError` naming the file and, where there
is one, the line: a catalog maintainer never sees a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from minwon.catalog.errors import CatalogError, Problem

__all__ = ["LocatedDocument", "load_located"]

# What a maintainer calls the YAML types a bad scalar was meant to be.
_TAG_NAMES = {
    "tag:yaml.org,2002:timestamp": "date",
    "tag:yaml.org,2002:int": "integer",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:bool": "boolean",
    "tag:yaml.org,2002:binary": "binary value",
}


class _BadValueError(yaml.constructor.ConstructorError):
    """A value the parser read but Python cannot build (``2026-02-30``, ``!!int abc``)."""


# LibYAML's parser (CSafeLoader) loads the catalog ~2.5x faster and keeps line marks; the
# pure-Python parser is the fallback where PyYAML was built without it.
class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that refuses duplicate mapping keys (PyYAML silently keeps the last)."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except Exception as exc:
            # PyYAML's scalar constructors raise plain ValueError, KeyError or AttributeError
            # (datetime.date(2026, 2, 30), bool "maybe"): without this they carry no line.
            raise _BadValueError(None, None, _bad_value(node, exc), node.start_mark) from exc

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not _is_hashable(key):
                # Checked here because the duplicate check below would raise a bare TypeError.
                raise yaml.constructor.ConstructorError(
                    None, None, "a list or mapping cannot be a key", key_node.start_mark
                )
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


def _is_hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _bad_value(node: yaml.Node, exc: Exception) -> str:
    kind = _TAG_NAMES.get(node.tag, node.tag.rsplit(":", 1)[-1])
    if not isinstance(node, yaml.ScalarNode):
        return f"cannot build this {kind}: {exc}"
    message = f"{node.value!r} is not a valid {kind}"
    # Only a ValueError says something useful ("day is out of range for month"); the others
    # are PyYAML internals (KeyError 'maybe', AttributeError on a failed regex match).
    return f"{message}: {exc}" if isinstance(exc, ValueError) else message


class LocatedDocument:
    """A parsed YAML document and its node tree, to map a data path back to a line."""

    def __init__(self, path: Path, data: dict[Any, Any], root: yaml.Node) -> None:
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
    """Parse one YAML file whose top level is a mapping.

    Raises :class:`CatalogError` with the file and line for anything that stops it loading.
    """
    text = _read_text(path)
    data, root = _parse(path, text)
    if not isinstance(data, dict):
        line = root.start_mark.line + 1
        message = f"the top level must be a mapping (key: value lines), not {_describe(data)}"
        raise CatalogError([Problem(path, line, message)])
    return LocatedDocument(path, data, root)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise CatalogError([Problem(path, None, "the file does not exist")]) from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CatalogError([Problem(path, None, f"cannot read the file: {reason}")]) from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = (
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded):"
            " save it as UTF-8, not EUC-KR or CP949"
        )
        raise CatalogError([Problem(path, line, message)]) from exc


def _parse(path: Path, text: str) -> tuple[Any, yaml.Node]:
    loader = None
    try:
        # The pure-Python reader checks the characters when it is built, LibYAML's when it parses.
        loader = _UniqueKeyLoader(text)
        root = loader.get_single_node()
        if root is None:
            message = "the file holds no YAML document (it is empty or only comments)"
            raise CatalogError([Problem(path, None, message)])
        return loader.construct_document(root), root
    except yaml.YAMLError as exc:
        raise CatalogError([_yaml_problem(path, text, exc)]) from exc
    finally:
        if loader is not None:
            loader.dispose()


def _yaml_problem(path: Path, text: str, exc: yaml.YAMLError) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(path, text, exc)
    if isinstance(exc, yaml.MarkedYAMLError):
        return _marked_problem(path, exc)
    return Problem(path, None, f"YAML error: {exc}")


def _reader_problem(path: Path, text: str, exc: yaml.reader.ReaderError) -> Problem:
    if not isinstance(exc.character, int):
        return Problem(path, None, f"YAML error: {exc}")
    # LibYAML counts the position in bytes, the Python reader in characters: find the
    # character itself instead, the first one the reader refuses is its first occurrence.
    bad = chr(exc.character)
    line = text.count("\n", 0, max(text.find(bad), 0)) + 1
    return Problem(path, line, f"character #x{exc.character:04x} is not allowed: {exc.reason}")


def _marked_problem(path: Path, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    if isinstance(exc, _BadValueError):
        return Problem(path, line, str(exc.problem))
    detail = " ".join(str(p) for p in (exc.context, exc.problem) if p)
    if exc.context_mark is not None and not isinstance(exc, yaml.composer.ComposerError):
        opened = exc.context_mark.line + 1
        if opened != line:
            # An unclosed bracket is found at the end of the file: say where it was opened.
            detail += f" (opened at line {opened})"
    if isinstance(exc, yaml.constructor.ConstructorError):
        return Problem(path, line, f"YAML error: {detail}")
    return Problem(path, line, f"YAML syntax error: {detail}")


def _describe(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a single text value"
    return f"a single {type(value).__name__} value"
