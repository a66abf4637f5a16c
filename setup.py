"""Building the package: a wheel carries the scenarios and schemas that a checkout keeps beside `game/`.

Everything else about the package is in pyproject.toml. An editable install (a checkout) needs no
copies: the game finds `scenarios/` and `docs/schema/` beside the package (see game/paths.py).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
CONTENT = {"scenarios": HERE / "scenarios", "schema": HERE / "docs" / "schema"}


class BuildWithContent(build_py):
    """The package's modules, then its content copied into `game/bundled/`."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        bundled = Path(self.build_lib) / "game" / "bundled"
        shutil.rmtree(bundled, ignore_errors=True)
        for name, source in CONTENT.items():
            if not source.is_dir():
                raise SystemExit(f"cannot build: {source} is missing")
            shutil.copytree(source, bundled / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))


setup(cmdclass={"build_py": BuildWithContent})
