"""`politburo new`: a small, complete scenario to write from, made from the template files in
`game/templates/new-scenario/`.

The templates are the scenario itself, as YAML and Markdown; this module only copies them, putting
the scenario's id, its title and the place of the JSON Schemas where the tokens `@@ID@@`,
`@@TITLE@@` and `@@SCHEMAS@@` stand. It never evaluates what it copies.
"""

from __future__ import annotations

import os
import re
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from game.engine.model import SCENARIO_ID
from game.paths import CHECKOUT, installed, schema_folder
from game.scenario.charset import bidi_problem, control_problem
from game.structs import struct

TEMPLATE = ("templates", "new-scenario")
TOKEN = re.compile(r"@@(ID|TITLE|SCHEMAS)@@")     # @@ID@@, @@TITLE@@ and @@SCHEMAS@@, each replaced in one pass


class ScaffoldError(Exception):
    """Why a scenario folder cannot be made; its text is one line for the writer."""


@struct(frozen=True)
class Made:
    """A scenario folder just made, and the files in it."""

    folder: Path
    files: tuple[Path, ...]


def template_files() -> list[tuple[str, Traversable]]:
    """The template's files, by their path inside the scenario folder, in order."""
    root = files("game").joinpath(*TEMPLATE)
    found: list[tuple[str, Traversable]] = []

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.name.startswith((".", "__")):
                continue
            if child.is_dir():
                walk(child, f"{prefix}{child.name}/")
            else:
                found.append((prefix + child.name, child))

    walk(root, "")
    return found


def default_title(name: str) -> str:
    """The title a scenario gets when none is given: its id in words (`provincial-bureau` is "Provincial Bureau")."""
    return " ".join(word.capitalize() for word in re.split(r"[-_]+", name) if word)


def check_name(name: str) -> None:
    """ScaffoldError unless `name` can be a scenario's id (and so its folder's name)."""
    if not re.fullmatch(SCENARIO_ID, name):
        shown = name.encode("unicode_escape").decode("ascii")
        raise ScaffoldError(f"'{shown}' cannot be a scenario id: use lower-case letters, digits, '-' and '_', "
                            f"starting with a letter or digit (like 'provincial-bureau')")


def check_title(title: str) -> None:
    """ScaffoldError unless `title` can be a scenario's title: one line, nothing a terminal would act on."""
    if not title.strip():
        raise ScaffoldError("the title is empty")
    if any(ch in title for ch in "\n\t\u2028\u2029"):
        raise ScaffoldError("the title must be one line")
    problem = control_problem(title) or bidi_problem(title, "the title")
    if problem:
        raise ScaffoldError(problem)


def schema_reference(folder: Path) -> str:
    """How the scenario's files name the schema folder: relative within a checkout, else its absolute path.

    A relative path keeps working when the checkout is moved or cloned elsewhere; a scenario made
    outside the checkout, or by an installed game, cannot rely on where it stands relative to it.
    """
    schemas = schema_folder().resolve()
    target = folder.resolve()
    if not installed() and target.is_relative_to(CHECKOUT.resolve()):
        return Path(os.path.relpath(schemas, target)).as_posix()
    return schemas.as_posix()


def yaml_quoted(text: str) -> str:
    """`text` as it goes between the double quotes of a YAML string."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def new_scenario(name: str, parent: Path, title: str | None = None) -> Made:
    """Make `parent/name` from the template; ScaffoldError if the name or title cannot be used, or the folder is taken."""
    check_name(name)
    title = default_title(name) if title is None else title
    check_title(title)
    folder = parent / name
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f"{folder} already exists and is not empty; choose another name or --dir")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        schemas = schema_reference(folder)
        made = []
        for relative, source in template_files():
            values = {"ID": name, "TITLE": yaml_quoted(title) if relative.endswith(".yaml") else title, "SCHEMAS": schemas}
            # One pass: a title that holds a token's spelling is copied as it is, never replaced in turn.
            text = TOKEN.sub(lambda m, values=values: values[m.group(1)], source.read_text(encoding="utf-8"))
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
            made.append(target)
    except OSError as e:
        raise ScaffoldError(f"cannot make {folder}: {e.strerror or e}") from None
    return Made(folder, tuple(made))
