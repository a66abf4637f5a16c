"""Scenario files: safe YAML, checking, and the scenario model."""

from game.scenario.diagnostics import Diagnostic, ScenarioError
from game.scenario.loader import check_scenario, load_scenario

__all__ = ["Diagnostic", "ScenarioError", "check_scenario", "load_scenario"]
