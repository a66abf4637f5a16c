"""Safe, located YAML: plain data that remembers where every value was written.

The file is read through the YAML event stream (libyaml's parser when available), which is
iterative, so deep nesting and recursive aliases are caught rather than overflowing a stack.
Nothing is ever constructed from a tag: only text, numbers, true/false, null and dates.
Scalars follow YAML 1.2's core schema, so `no`, `on` and `yes` stay text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

try:  # libyaml is several times faster; PyYAML's pure parser is the fallback
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from game.scenario.diagnostics import Diagnostic

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 100_000   # nodes reachable through aliases beyond 4x the file's own

_YAML_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {"str", "int", "float", "bool", "null"}

_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


@dataclass(frozen=True, slots=True)
class Loc:
    """Where a value starts: 1-based line and column, and its scalar style."""

    line: int
    col: int
    style: str | None = None


class YMap(dict):
    """A mapping that knows where it, each key and each value were written."""

    __slots__ = ("loc", "key_locs", "locs")

    def __init__(self, loc: Loc) -> None:
        super().__init__()
        self.loc = loc
        self.key_locs: dict[str, Loc] = {}
        self.locs: dict[str, Loc] = {}


class YList(list):
    """A sequence that knows where it and each item were written."""

    __slots__ = ("loc", "locs")

    def __init__(self, loc: Loc) -> None:
        super().__init__()
        self.loc = loc
        self.locs: list[Loc] = []


class _Stop(Exception):
    def __init__(self, loc: Loc, message: str) -> None:
        self.loc, self.message = loc, message


def _loc(mark: Any, style: str | None = None) -> Loc:
    return Loc(mark.line + 1, mark.column + 1, style)


def _plain(value: str) -> Any:
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    c = value[0]
    if c.isdigit() or c in "-+.":
        if _INT.match(value):
            return int(value)
        m = _DATE.match(value)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return value
        if _FLOAT.match(value):
            return float(value)
    return value


def _tagged(tag: str, value: str, loc: Loc) -> Any:
    name = tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else None
    if tag == "!" or name == "str":
        return value
    if name not in _ALLOWED_TAGS:
        raise _Stop(loc, f"tag '{tag.replace(_YAML_TAG, '!!')}' is not allowed (scenario files are plain data)")
    if name == "null":
        return None
    result = _plain(value)
    want = {"int": int, "float": (int, float), "bool": bool}[name]
    if not isinstance(result, want) or (name != "bool" and isinstance(result, bool)):
        raise _Stop(loc, f"'{value}' is not a valid !!{name}")
    return float(result) if name == "float" else result


def _check_container_tag(ev: Any, loc: Loc, kind: str) -> None:
    tag = ev.tag
    if tag and tag != "!" and tag != _YAML_TAG + kind:
        raise _Stop(loc, f"tag '{tag.replace(_YAML_TAG, '!!')}' is not allowed (scenario files are plain data)")


def decode(path: str, data: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 with or without a byte-order mark, or a located error."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        start = e.start
        line = data.count(b"\n", 0, start) + 1
        col = start - (data.rfind(b"\n", 0, start) + 1) + 1
        return None, [Diagnostic(path, line, col, f"not valid UTF-8 (byte 0x{data[start]:02x}); save the file as UTF-8")]


def read_yaml_file(path: str, display: str | None = None) -> tuple[Any, list[Diagnostic]]:
    """Read one YAML file within the size limit; returns its data or diagnostics."""
    shown = display or path
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        return None, [Diagnostic(shown, 0, 0, f"cannot read: {e.strerror or e}")]
    if len(data) > MAX_FILE_BYTES:
        return None, [Diagnostic(shown, 1, 1, f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")]
    text, problems = decode(shown, data)
    if text is None:
        return None, problems
    return parse_yaml(text, shown)


def parse_yaml(text: str, path: str) -> tuple[Any, list[Diagnostic]]:
    """Text to located plain data. One problem stops the file; its place is reported."""
    later: list[tuple[Loc, str]] = []
    try:
        root = _build(text, later)
        return root, [Diagnostic(path, loc.line, loc.col, msg) for loc, msg in later]
    except _Stop as s:
        return None, [Diagnostic(path, s.loc.line, s.loc.col, s.message)]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = e.problem or e.context or "malformed YAML"
        if e.context and e.problem:
            what = f"{e.context}: {e.problem}"
        return None, [Diagnostic(path, line, col, f"YAML syntax error: {what}")]
    except yaml.YAMLError as e:
        return None, [Diagnostic(path, 1, 1, f"YAML error: {e}")]


def _build(text: str, raise_later: list[tuple[Loc, str]]) -> Any:
    """Build located data; problems that need not stop the file go to `raise_later`."""
    # Each frame: [container, pending key (or _NOKEY), pending key loc, anchor, own size]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: set[str] = set()
    root: Any = None
    documents = 0
    real = 0          # nodes written in the file
    expanded = 0      # nodes reachable, aliases counted in full
    ScalarEvent, AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
    MappingStartEvent, SequenceStartEvent = yaml.MappingStartEvent, yaml.SequenceStartEvent
    MappingEndEvent, SequenceEndEvent = yaml.MappingEndEvent, yaml.SequenceEndEvent

    def add(value: Any, loc: Loc, size: int, key_text: str | None = None) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        frame[4] += size
        container = frame[0]
        if type(container) is YList:
            container.append(value)
            container.locs.append(loc)
            return
        key = frame[1]
        if key is _NOKEY:
            if key_text is None:
                raise _Stop(loc, "a key must be plain text, not a list or mapping")
            if key_text in container.key_locs:
                first = container.key_locs[key_text]
                frame[1] = _DUPLICATE
                raise_later.append((loc, f"duplicate key '{key_text}' (first written at line {first.line})"))
                return
            frame[1] = key_text
            frame[2] = loc
            return
        if key is not _DUPLICATE:
            container[key] = value
            container.locs[key] = loc
            container.key_locs[key] = frame[2]
        frame[1] = _NOKEY

    for ev in yaml.parse(text, Loader=_Loader):
        cls = type(ev)
        if cls is ScalarEvent:
            real += 1
            expanded += 1
            style = ev.style
            loc = _loc(ev.start_mark, style)
            if ev.tag and not (ev.tag == "!" and style):
                value = _tagged(ev.tag, ev.value, loc)
            elif style:
                value = ev.value
            else:
                value = _plain(ev.value)
            if ev.anchor:
                anchors[ev.anchor] = (value, 1)
            add(value, loc, 1, ev.value)
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            real += 1
            expanded += 1
            loc = _loc(ev.start_mark)
            if len(stack) >= MAX_DEPTH:
                raise _Stop(loc, f"nested more than {MAX_DEPTH} levels deep")
            is_map = cls is MappingStartEvent
            _check_container_tag(ev, loc, "map" if is_map else "seq")
            container = YMap(loc) if is_map else YList(loc)
            if ev.anchor:
                open_anchors.add(ev.anchor)
            stack.append([container, _NOKEY, None, ev.anchor, 1])
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            container, _, _, anchor, size = stack.pop()
            if anchor:
                open_anchors.discard(anchor)
                anchors[anchor] = (container, size)
            add(container, container.loc, size)
        elif cls is AliasEvent:
            loc = _loc(ev.start_mark)
            if ev.anchor in open_anchors:
                raise _Stop(loc, f"alias '*{ev.anchor}' refers to itself (recursive aliases are not allowed)")
            if ev.anchor not in anchors:
                raise _Stop(loc, f"unknown alias '*{ev.anchor}'")
            value, size = anchors[ev.anchor]
            expanded += size
            if expanded > 4 * real + MAX_ALIAS_EXPANSION:
                raise _Stop(loc, f"aliases expand this file to over {expanded} values (an alias bomb?)")
            add(value, loc, size, value if isinstance(value, str) else None)
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Stop(_loc(ev.start_mark), "only one YAML document per file (remove the '---')")
    return root


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NOKEY = _Marker("NOKEY")
_DUPLICATE = _Marker("DUPLICATE")
