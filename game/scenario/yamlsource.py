"""Safe, located YAML: plain data that remembers where every value was written.

The file is read through the YAML event stream (libyaml's parser when available), which is
iterative, so deep nesting and recursive aliases are caught rather than overflowing a stack.
Nothing is ever constructed from a tag: only text, numbers, true/false, null and dates.
Scalars follow YAML 1.2's core schema, so `no`, `on` and `yes` stay text.
"""

from __future__ import annotations

import contextlib
import functools
import re
from datetime import date
from typing import TYPE_CHECKING, Any

from game.engine.model import MAX_NUMBER
from game.scenario.charset import CONTROL, code_point, control_problem, without_controls
from game.scenario.diagnostics import Diagnostic
from game.scenario.files import read_bytes
from game.structs import Row

if TYPE_CHECKING:
    import yaml
# PyYAML itself is imported when a file is first parsed: a scenario opened from its cache (game.scenario.cache)
# and the located values below need none of it.

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


class Loc(Row):
    """Where a value starts: 1-based line and column, and its scalar style."""

    line: int
    col: int
    style: str | None = None


# A place packed as JSON (see pack_loc): one number, line * PACKED_COLS + column, for a place without a style.
PACKED_COLS = 1 << 12


def as_loc(where: Any) -> Loc:
    """A value's location, made a Loc when needed.

    While loading, a value's place is kept as cheaply as possible: the start mark of a key
    or plain scalar, the node of a quoted or block scalar (whose style places expressions),
    or, read back from a checked scenario's cache, the place as pack_loc packed it.
    """
    t = type(where)
    if t is Loc or where is None:
        return where
    if t is int:
        return Loc(where // PACKED_COLS, where % PACKED_COLS, None)
    if t is list:
        return Loc(*where)
    mark = getattr(where, "start_mark", None)
    if mark is not None:        # a YAML node: a scalar's style places the expressions in it
        return Loc(mark.line + 1, mark.column + 1, getattr(where, "style", None))
    return Loc(where.line + 1, where.column + 1)


def pack_loc(where: Any) -> int | list[Any]:
    """A place as JSON, which as_loc reads back: one number (line and column) for most, [line, column, style]
    for the rest."""
    loc = as_loc(where)
    if loc.style is None and loc.col < PACKED_COLS:
        return loc.line * PACKED_COLS + loc.col
    return [loc.line, loc.col, loc.style]


class YMap(dict):
    """A mapping that knows where it, each key and each value were written.

    `key_locs` and `locs` hold each key's and value's YAML node (or a Loc, or a packed place);
    `as_loc` turns any of them into a Loc. Converting only when a problem is reported keeps loading fast.
    """

    __slots__ = ("key_locs", "loc", "locs")

    def __init__(self, loc: Loc) -> None:
        super().__init__()
        self.loc = loc
        self.key_locs: dict[str, Loc] = {}
        self.locs: dict[str, Loc] = {}


class YList(list):
    """A sequence that knows where it and each item were written (see YMap and as_loc)."""

    __slots__ = ("loc", "locs")

    def __init__(self, loc: Loc) -> None:
        super().__init__()
        self.loc = loc
        self.locs: list[Loc] = []


class _Stop(Exception):
    """A problem that stops reading a file: where, what, and its code (game.scenario.codes)."""

    def __init__(self, loc: Loc, message: str, code: str) -> None:
        self.loc, self.message, self.code = loc, message, code


class _OutOfRange(Exception):
    """A number past MAX_NUMBER: refused where it was written, and kept at the limit meanwhile."""

    def __init__(self, text: str, sign: int) -> None:
        shown = text if len(text) <= 20 else f"{text[:12]}… ({len(text)} characters)"
        super().__init__(f"number {shown} is out of range: numbers in a scenario are between "
                         f"-10^12 and 10^12 (put it in quotes if it is text)")
        self.kept = sign * MAX_NUMBER

    def noted(self, node: Any, later: list[tuple[Loc, str, str]]) -> int:
        later.append((as_loc(node), str(self), "number-out-of-range"))
        return self.kept


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
            # Checked by length first: Python refuses to read over 4300 digits at all.
            n = int(value) if len(value) <= 20 or len(value.lstrip("+-0")) <= 13 else None
            if n is not None and -MAX_NUMBER <= n <= MAX_NUMBER:
                return n
            raise _OutOfRange(value, -1 if c == "-" else 1)
        m = _DATE.match(value)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return value
        if _FLOAT.match(value):
            f = float(value)
            if -MAX_NUMBER <= f <= MAX_NUMBER:
                return f
            raise _OutOfRange(value, -1 if c == "-" else 1)
    return value


def _tagged(tag: str, value: str, loc: Loc) -> Any:
    name = tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else None
    if tag == "!" or name == "str":
        return value
    if name not in _ALLOWED_TAGS:
        raise _Stop(loc, f"tag '{tag.replace(_YAML_TAG, '!!')}' is not allowed (scenario files are plain data)",
                    "yaml-tag")
    if name == "null":
        return None
    result = _plain(value)
    want = {"int": int, "float": (int, float), "bool": bool}[name]
    if not isinstance(result, want) or (name != "bool" and isinstance(result, bool)):
        raise _Stop(loc, f"'{value}' is not a valid !!{name}", "yaml-tag")
    return float(result) if name == "float" else result


def decode(path: str, data: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 with or without a byte-order mark, or a located error."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        start = e.start
        line = data.count(b"\n", 0, start) + 1
        col = start - (data.rfind(b"\n", 0, start) + 1) + 1
        return None, [Diagnostic(path, line, col, f"not valid UTF-8 (byte 0x{data[start]:02x}); save the file as UTF-8",
                                  code="not-utf8")]


def read_yaml_file(path: str, display: str | None = None) -> tuple[Any, list[Diagnostic]]:
    """Read one YAML file within the size limit; returns its data or diagnostics."""
    shown = display or path
    data, problems = read_bytes(path, shown)
    if data is None:
        return None, problems
    text, problems = decode(shown, data)
    if text is None:
        return None, problems
    return parse_yaml(text, shown)


def parse_yaml(text: str, path: str) -> tuple[Any, list[Diagnostic]]:
    """Text to located plain data. One problem stops the file; its place is reported, a syntax
    error in the writer's words (game.scenario.syntax)."""
    import yaml
    later: list[tuple[Loc, str, str]] = []
    try:
        root = _to_data(_compose_guarded(text), later, text)
        return root, [Diagnostic(path, loc.line, loc.col, msg, code=code) for loc, msg, code in later]
    except _Stop as s:
        return None, [Diagnostic(path, s.loc.line, s.loc.col, s.message, code=s.code)]
    except yaml.MarkedYAMLError as e:
        if "expected a single document" in str(e.context):
            mark = e.problem_mark or e.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            return None, [Diagnostic(path, line, col, "only one YAML document per file (remove the '---')",
                                      code="yaml-documents")]
        from game.scenario.syntax import explain
        line, col, message, code = explain(text, e)
        return None, [Diagnostic(path, line, col, message, code=code)]
    except yaml.reader.ReaderError as e:
        return None, [_unreadable(path, text, e)]
    except yaml.YAMLError as e:
        return None, [Diagnostic(path, 1, 1, f"YAML cannot read this file — {e}", code="yaml-syntax")]


_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _unreadable(path: str, text: str, e: yaml.reader.ReaderError) -> Diagnostic:
    """A character the YAML reader refuses, at its place in the file.

    libyaml gives the byte offset in UTF-8 and PyYAML's reader the character's index, so
    the place is found from the character itself: nowhere is it acceptable, so its first
    occurrence is where reading stopped.
    """
    ch = e.character if isinstance(e.character, str) else chr(e.character)
    at = max(0, text.find(ch))
    breaks = list(_BREAK.finditer(text, 0, at))
    col = at - (breaks[-1].end() if breaks else 0) + 1
    if CONTROL.match(ch):
        return Diagnostic(path, len(breaks) + 1, col, control_problem(ch) or "", code="bad-character")
    return Diagnostic(path, len(breaks) + 1, col, f"character {code_point(ch)} is not allowed in a YAML file",
                      code="bad-character")


_IMPLICIT = "?"   # the tag our resolver gives every untagged value: resolved by _plain


class _DepthGuard:
    """A composer's trivial resolver and depth guard, shared by libyaml's and PyYAML's own.

    Composing in C is several times faster than handling events in Python. Its recursion
    has no limit of its own (a few hundred thousand '[' crash the process), so every node's
    descent is counted here and refused past MAX_DEPTH.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)  # type: ignore[call-arg]
        self._depth = 0

    # Every untagged node gets the same tag; `"?".format(kind, value, implicit)` returns "?"
    # from C, sparing a Python call per node.
    resolve = staticmethod(_IMPLICIT.format)

    def descend_resolver(self, parent: Any, index: Any) -> None:
        self._depth += 1
        if self._depth > MAX_DEPTH and parent is not None:
            mark = parent.start_mark
            raise _Stop(Loc(mark.line + 1, mark.column + 1),
                        f"values inside this one are nested more than {MAX_DEPTH} levels deep", "yaml-too-deep")

    def ascend_resolver(self) -> None:
        self._depth -= 1


@functools.cache
def _composers() -> tuple[type[_DepthGuard], type[_DepthGuard]]:
    """The fast composer (libyaml's, where PyYAML was built with it), and PyYAML's own, which sets no nesting
    limit but the guard's."""
    import yaml
    try:  # libyaml is several times faster; PyYAML's pure parser is the fallback
        from yaml import CSafeLoader as fast
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        from yaml import SafeLoader as fast  # type: ignore[assignment]
    return (type("_Composer", (_DepthGuard, fast), {"__doc__": "libyaml's composer, guarded."}),
            type("_PureComposer", (_DepthGuard, yaml.SafeLoader), {"__doc__": "PyYAML's own composer, guarded."}))


def _compose(text: str, composer: type[_DepthGuard] | None = None) -> Any:
    loader = (composer or _composers()[0])(text)
    try:
        return loader.get_single_node()  # type: ignore[attr-defined]
    finally:
        loader.dispose()  # type: ignore[attr-defined]


def _library_refused_depth(e: yaml.MarkedYAMLError) -> bool:
    """libyaml 0.2.6 and later stop at a nesting limit of their own (1000 by default)."""
    return "maximum nesting depth" in str(e.problem)


def _compose_guarded(text: str) -> Any:
    """Compose `text` so that too deep nesting is always refused by the guard, in its words.

    libyaml's scanner reads up to 1024 characters ahead of its composer, so on a line of
    '[' it can reach its own limit before the guard sees the 65th level. The text before
    the library's mark then holds that level, and composing it alone reaches the guard.
    Only a library whose limit is below the guard's is left, and PyYAML's own composer,
    slower but limited by the guard alone, reads the file instead.
    """
    import yaml
    try:
        return _compose(text)
    except yaml.MarkedYAMLError as e:
        if not _library_refused_depth(e) or e.problem_mark is None:
            raise
        cut = e.problem_mark.index
    with contextlib.suppress(yaml.YAMLError):   # the guard's _Stop is the answer
        _compose(text[:cut])
    return _compose(text, _composers()[1])


def _value(node: Any, loc: Loc) -> Any:
    tag = node.tag
    try:
        if tag == _IMPLICIT:
            return node.value if node.style else _plain(node.value)
        if tag == "!":
            return node.value
        return _tagged(tag, node.value, loc)
    except _OutOfRange as e:
        raise _Stop(loc, str(e), "number-out-of-range") from None


def _to_data(root: Any, later: list[tuple[Loc, str, str]], text: str) -> Any:
    """Walk the node graph (iteratively) into YMap/YList/scalars, checking as it goes."""
    if root is None:
        return None
    from yaml import MappingNode, ScalarNode
    new_loc = tuple.__new__
    # Only a double-quoted scalar's escapes can make a control character: the reader
    # refuses them written raw.
    control = CONTROL.search
    if type(root) is ScalarNode:
        return _value(root, as_loc(root))
    built: dict[int, Any] = {}
    revisits = 0

    def container(node: Any) -> Any:
        m = node.start_mark
        loc = new_loc(Loc, (m.line + 1, m.column + 1, None))
        tag = node.tag
        is_map = type(node) is MappingNode
        if tag != _IMPLICIT and tag != "!" and tag != _YAML_TAG + ("map" if is_map else "seq"):
            raise _Stop(loc, f"tag '{tag.replace(_YAML_TAG, '!!')}' is not allowed (scenario files are plain data)",
                    "yaml-tag")
        value = YMap(loc) if is_map else YList(loc)
        built[id(node)] = value
        work.append((node, value))
        return value

    work: list[tuple[Any, Any]] = []
    top = container(root)
    while work:
        node, value = work.pop()
        if type(value) is YMap:
            key_locs, locs = value.key_locs, value.locs
            for k, v in node.value:
                if type(k) is not ScalarNode:
                    raise _Stop(as_loc(k), "a key must be plain text, not a list or mapping", "yaml-syntax")
                if k.tag != _IMPLICIT and k.tag != "!":
                    _value(k, as_loc(k))   # refuses a foreign tag on a key
                if k.style == '"' and control(k.value):
                    _drop_controls(k, later)
                key = k.value
                if key in key_locs:
                    first = as_loc(key_locs[key])
                    later.append((as_loc(k), f"duplicate key '{key}' (first written at line {first.line})", "duplicate-key"))
                    continue
                key_locs[key] = k.start_mark
                if type(v) is ScalarNode:
                    style = v.style
                    if style == '"' and control(v.value):
                        _drop_controls(v, later)
                    if v.tag != _IMPLICIT:
                        value[key] = _value(v, as_loc(v))
                    elif style:
                        value[key] = v.value
                    else:
                        try:
                            value[key] = _plain(v.value)
                        except _OutOfRange as e:
                            value[key] = e.noted(v, later)
                    locs[key] = v if style else v.start_mark
                else:
                    seen = built.get(id(v))
                    if seen is not None:
                        revisits += 1
                    child = seen if seen is not None else container(v)
                    value[key] = child
                    locs[key] = child.loc
        else:
            locs = value.locs
            for v in node.value:
                if type(v) is ScalarNode:
                    style = v.style
                    if style == '"' and control(v.value):
                        _drop_controls(v, later)
                    if v.tag != _IMPLICIT:
                        value.append(_value(v, as_loc(v)))
                    elif style:
                        value.append(v.value)
                    else:
                        try:
                            value.append(_plain(v.value))
                        except _OutOfRange as e:
                            value.append(e.noted(v, later))
                    locs.append(v if style else v.start_mark)
                else:
                    seen = built.get(id(v))
                    if seen is not None:
                        revisits += 1
                    child = seen if seen is not None else container(v)
                    value.append(child)
                    locs.append(child.loc)
    if revisits:
        _check_aliases(root, text)
    return top


def _drop_controls(node: Any, later: list[tuple[Loc, str, str]]) -> None:
    """Report the control character in a scalar and replace it, so no later message quotes it."""
    later.append((as_loc(node), control_problem(node.value) or "", "bad-character"))
    node.value = without_controls(node.value)


def _alias_in(node: Any, text: str) -> tuple[Loc, str]:
    """Where the alias back to `node` is written (for a recursive alias), and its name."""
    start, end = node.start_mark.index, node.end_mark.index
    m = re.match(r"&([^\s,\[\]{}]+)", text[start:start + 1024])
    if m:
        alias = "*" + m.group(1)
        at = text.find(alias, start + m.end(), max(end, start + m.end()) + len(alias))
        if at >= 0:
            line = text.count("\n", 0, at) + 1
            col = at - (text.rfind("\n", 0, at) + 1) + 1
            return Loc(line, col), alias
    mark = node.start_mark
    return Loc(mark.line + 1, mark.column + 1), "an alias"


def _check_aliases(root: Any, text: str) -> None:
    """Refuse recursive aliases and aliases that multiply the data beyond the limit."""
    from yaml import MappingNode, ScalarNode
    size: dict[int, int] = {}
    real = 0
    grey: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        nid = id(node)
        if done:
            grey.discard(nid)
            children = [c for pair in node.value for c in pair] if type(node) is MappingNode else node.value
            size[nid] = 1 + sum(size[id(c)] for c in children)
            if size[nid] > 4 * real + MAX_ALIAS_EXPANSION:
                m = node.start_mark
                raise _Stop(Loc(m.line + 1, m.column + 1),
                            f"aliases expand this file to over {size[nid]} values (an alias bomb?)", "yaml-alias")
            continue
        if nid in size:
            continue
        if nid in grey:
            loc, alias = _alias_in(node, text)
            raise _Stop(loc, f"alias '{alias}' refers to itself (recursive aliases are not allowed)", "yaml-alias")
        real += 1
        if type(node) is ScalarNode:
            size[nid] = 1
            continue
        grey.add(nid)
        stack.append((node, True))
        children = [c for pair in node.value for c in pair] if type(node) is MappingNode else node.value
        for c in children:
            if id(c) in grey:
                loc, alias = _alias_in(c, text)
                raise _Stop(loc, f"alias '{alias}' refers to itself (recursive aliases are not allowed)", "yaml-alias")
            if id(c) not in size:
                stack.append((c, False))


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NOKEY = _Marker("NOKEY")
_DUPLICATE = _Marker("DUPLICATE")
