"""The player's own keys: a keymap file in the platform's config folder that rebinds any key by its binding id.

    # ~/.config/politburo/keymap.toml (on Linux; `politburo where` names it on every system)
    choose_1 = "a"            # the first choice
    play_quit = "x,ctrl+c"    # several keys, separated by commas

Each line names a binding (help, F1, lists them with their keys; every binding of the game has an id) and the
key or keys that take its place. A file that cannot be used is reported in one line, naming the line and
column where there is one, and the game keeps its own keys: a keymap is used whole or not at all.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import re
import tomllib
import unicodedata
from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, _normalize_key_list

from game.paths import keymap_path
from game.structs import struct

__all__ = ["Keymap", "binding_groups", "binding_ids", "key_problem", "keymap_path", "read_keymap"]

MAX_BYTES = 64 * 1024
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
KEY_NAMES = frozenset(k.value for k in Keys)
TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


@struct(frozen=True)
class Keymap:
    """A keymap file as read: binding ids and their keys, or why the file is not used (and the keys are the game's)."""

    keys: dict[str, str]
    error: str | None = None


def binding_ids(app: type[DOMNode]) -> dict[str, str]:
    """Every binding id of `app` (the game's app class) and of the game's screens and widgets, with what it does."""
    return {b.id: b.description or b.action for group in binding_groups(app) for b in group if b.id}


def binding_groups(app: type[DOMNode]) -> list[list[Binding]]:
    """The bindings of `app` (the game's app class), and of each of the game's screens and widgets: those
    that answer keys side by side."""
    from game.tui import screens, widgets
    out: list[list[Binding]] = [[b for b in app.__dict__.get("BINDINGS", ()) if isinstance(b, Binding)]]
    modules = []
    for package in (screens, widgets):
        modules += [importlib.import_module(f"{package.__name__}.{m.name}") for m in pkgutil.iter_modules(package.__path__)]
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, DOMNode) and value.__module__ == module.__name__:
                group = [b for b in value.__dict__.get("BINDINGS", ()) if isinstance(b, Binding)]
                if group:
                    out.append(group)
    return out


def _keys(keys: str) -> list[str]:
    """Each key of a comma-separated list, in Textual's long form ("?" is question_mark)."""
    return [k for k in _normalize_key_list(keys).split(",") if k]


def clash(keymap: dict[str, str], groups: list[list[Binding]]) -> tuple[str, str, Binding] | None:
    """A key the keymap gives to a binding that another binding answering beside it keeps or is given too:
    (the binding id given it, the key, the other binding); None if there is none."""
    for group in groups:
        holder: dict[str, Binding] = {}
        for binding in group:
            for key in _keys(keymap.get(binding.id or "", binding.key)):
                other = holder.setdefault(key, binding)
                if other is not binding and other.id != binding.id:
                    given = binding if binding.id in keymap else other
                    return given.id or "", key, other if given is binding else binding
    return None


def key_problem(keys: str) -> str | None:
    """Why `keys` (a key, or keys separated by commas) names no key the terminal can send; None if it does."""
    for key in (k.strip() for k in keys.split(",")):
        if not key:
            return "a key is missing between commas" if "," in keys else "no key is given"
        *mods, base = key.split("+") if len(key) > 1 else [key]
        unknown = [m for m in mods if m not in MODIFIERS]
        if unknown:
            return f"'{unknown[0]}' in '{key}' is not a modifier (they are {', '.join(sorted(MODIFIERS))})"
        if len(base) == 1 or base in KEY_NAMES:
            continue
        try:
            unicodedata.lookup(base.replace("_", " "))       # Textual's names of characters: question_mark, full_stop
        except KeyError:
            return f"'{key}' is not a key (write a character, or a name such as enter, escape, f5, pageup, space)"
    return None


def _line_of(text: str, binding_id: str) -> tuple[int, int]:
    """The line and column where the keymap file sets `binding_id` (1, 1 if it cannot be found)."""
    pattern = re.compile(rf"^[ \t]*[\"']?{re.escape(binding_id)}[\"']?[ \t]*=", re.M)
    m = pattern.search(text)
    if m is None:
        return 1, 1
    line = text.count("\n", 0, m.start()) + 1
    return line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + len(m.group(0)) - len(m.group(0).lstrip()) + 1


def read_keymap(path: Path, app: type[DOMNode]) -> Keymap:
    """The keymap in `path` for `app` (the game's app class) and the game's screens: empty if there is no such
    file; with `error` (and no keys) if it cannot be used."""
    where = str(path)
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return Keymap({})
    except OSError as e:
        return Keymap({}, f"{where}: cannot be read: {e.strerror or e}")
    if len(data) > MAX_BYTES:
        return Keymap({}, f"{where}: the file is over {MAX_BYTES // 1024} KiB; a keymap is a few lines")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return Keymap({}, f"{where}: byte {e.start + 1} is not UTF-8 text")
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        place = TOML_PLACE.search(message)
        if place:
            message = message[:place.start()]
            where = f"{where}:{place.group(1)}:{place.group(2)}"
        return Keymap({}, f"{where}: {message[:1].lower()}{message[1:]}")
    groups = binding_groups(app)
    known = {b.id: b.description for g in groups for b in g if b.id}
    keys: dict[str, str] = {}
    for binding_id, value in table.items():
        line, column = _line_of(text, binding_id)
        at = f"{where}:{line}:{column}"
        if isinstance(value, dict):
            return Keymap({}, f"{at}: '{binding_id}' is a table; each line is a binding id and its keys, "
                              f"as choose_1 = \"a\"")
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, list(known), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            return Keymap({}, f"{at}: no key binding is called '{binding_id}'{hint}; help (F1) lists them")
        if not isinstance(value, str):
            return Keymap({}, f"{at}: the keys of '{binding_id}' must be text in quotes, as \"a\" or \"a,ctrl+b\"")
        problem = key_problem(value)
        if problem:
            return Keymap({}, f"{at}: {problem}")
        keys[binding_id] = value
    taken = clash(keys, groups)
    if taken is not None:
        binding_id, key, other = taken
        line, column = _line_of(text, binding_id)
        return Keymap({}, f"{where}:{line}:{column}: '{key}' is also the key of '{other.description or other.action}' "
                          f"({other.id}) beside it; give that one another key too, or '{binding_id}' a key of its own")
    return Keymap(keys)
