"""The compiler: scenario files read as safe YAML, checked, and built into the engine's model.

The loader (and with it PyYAML) is imported on first use, so that code which only needs the
model's types, such as the title screen of the full-screen game, starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.scenario.diagnostics import Diagnostic, ScenarioError
    from game.scenario.loader import check_scenario, load_scenario

__all__ = ["Diagnostic", "ScenarioError", "check_scenario", "load_scenario"]


def __getattr__(name: str) -> Any:
    if name in ("check_scenario", "load_scenario"):
        from game.scenario import loader
        return getattr(loader, name)
    if name in ("Diagnostic", "ScenarioError"):
        from game.scenario import diagnostics
        return getattr(diagnostics, name)
    raise AttributeError(f"module 'game.scenario' has no attribute '{name}'")
