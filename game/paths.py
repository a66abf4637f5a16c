"""Where the game's files are: the scenarios and schemas it ships, and the folder its saves go to.

Run from a checkout (an editable install included), the game uses the checkout's own folders:
`scenarios/`, `docs/schema/` and `saves/` beside the `game` package. Installed as a package (a
wheel, pipx, uv tool), it carries copies of the scenarios and schemas inside the package, in
`game/bundled/` (made when the wheel is built), and keeps saves in the user's data folder as the
platform names it (`~/.local/share/politburo/saves` on Linux, under `XDG_DATA_HOME` if set).

Scenarios of the player's own are looked for in the folders `POLITBURO_SCENARIOS` names and in
the user's data folder (`~/.local/share/politburo/scenarios` on Linux), installed or not.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "politburo"
SCENARIOS_VARIABLE = "POLITBURO_SCENARIOS"     # a list of folders of scenarios, separated as PATH is
PACKAGE = Path(__file__).resolve().parent
BUNDLED = PACKAGE / "bundled"
CHECKOUT = PACKAGE.parent


def installed() -> bool:
    """True when the game runs from an installed package rather than from its checkout."""
    return BUNDLED.is_dir()


def scenarios_folder() -> Path:
    """The folder of the scenarios that come with the game."""
    return BUNDLED / "scenarios" if installed() else CHECKOUT / "scenarios"


def user_scenarios_folder() -> Path:
    """The player's own folder of scenarios, in the platform's data folder (it need not exist)."""
    from platformdirs import user_data_path  # read only when scenarios are looked for
    return user_data_path(APP_NAME, appauthor=False) / "scenarios"


def listed_scenario_folders() -> list[Path]:
    """The folders `POLITBURO_SCENARIOS` names, in its order (empty entries left out)."""
    value = os.environ.get(SCENARIOS_VARIABLE, "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


def schema_folder() -> Path:
    """The folder of the JSON Schemas of scenario files, for editors."""
    return BUNDLED / "schema" if installed() else CHECKOUT / "docs" / "schema"


SAVES_ENV = "POLITBURO_SAVES"


def saves_folder(folder: str | None = None) -> Path:
    """Where saves live: the folder given, else $POLITBURO_SAVES, else the game's default."""
    return Path(folder or os.environ.get(SAVES_ENV) or default_saves_folder())


def default_saves_folder() -> Path:
    """Where saves go unless the player names a folder: the checkout's `saves/`, or the user's data folder."""
    if not installed():
        return CHECKOUT / "saves"
    from platformdirs import user_data_path  # only an installed game needs it, and only when saving
    return user_data_path(APP_NAME, appauthor=False) / "saves"


def keymap_path() -> Path:
    """The player's keymap file: `keymap.toml` in the platform's config folder for the game (on Linux
    ~/.config/politburo, or under $XDG_CONFIG_HOME)."""
    from platformdirs import user_config_path  # only read when the game looks for a keymap
    return user_config_path(APP_NAME, appauthor=False) / "keymap.toml"


CACHE_ENV = "POLITBURO_CACHE"


def cache_folder() -> Path:
    """Where the game keeps what it can make again (checked scenarios): $POLITBURO_CACHE, else the platform's
    cache folder for the game (on Linux ~/.cache/politburo, or under $XDG_CACHE_HOME)."""
    value = os.environ.get(CACHE_ENV)
    if value:
        return Path(value)
    from platformdirs import user_cache_path  # only read when a scenario is opened for play
    return user_cache_path(APP_NAME, appauthor=False)
