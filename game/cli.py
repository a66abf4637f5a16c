"""The command line: play, validate, simulate, list. `python -m game` and `politburo` are one."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import IO, TYPE_CHECKING

from game import __version__

if TYPE_CHECKING:    # imported where used, so each command loads only what it needs
    from game.engine import Game
    from game.engine.model import Scenario
    from game.saves import SaveEntry, SaveStore

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors on one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="politburo", description="Politburo: Soviet high politics, 1924-1929.")
    p.add_argument("--version", action="version", version=f"politburo {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    def scen_dir(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--scenarios-dir", metavar="DIR", help="also look for scenarios in DIR")

    def saves_dir(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--saves-dir", metavar="DIR",
                        help="where saved games live (default: $POLITBURO_SAVES, else the folder 'politburo where' names)")

    play = sub.add_parser("play", help="play a game (the default command)")
    play.add_argument("--scenario", metavar="ID", help="scenario id (default: the campaign)")
    play.add_argument("--role", metavar="ID", help="the role to play")
    play.add_argument("--seed", type=int, metavar="N", help="random seed (the same seed and choices replay a game)")
    play.add_argument("--plain", action="store_true", help="line-by-line text mode for screen readers and scripts")
    play.add_argument("--load", metavar="NAME", help="resume a saved game (see 'politburo saves list')")
    scen_dir(play)
    saves_dir(play)

    val = sub.add_parser("validate", help="check scenario folders and report every problem")
    val.add_argument("paths", nargs="+", metavar="PATH")

    sim = sub.add_parser("simulate", help="play many random games and report what they reach")
    sim.add_argument("path", metavar="PATH", help="a scenario folder (or a scenario id)")
    sim.add_argument("--runs", type=int, default=1000, metavar="N")
    sim.add_argument("--seed", type=int, default=0, metavar="S")
    sim.add_argument("--role", metavar="ID")
    sim.add_argument("--policy", default="random", metavar="P",
                     help="how choices are made: random, first, last, historical (the choice the real person "
                          "made, else the first), greedy:<stat> (the choice that raises the stat most) or votes "
                          "(the choice that most raises the player's counted support); several, comma-separated, "
                          "give a report each")
    sim.add_argument("--json", action="store_true", help="print one JSON object (a list of them for several policies), "
                                                         "with the coverage, balance, thresholds and votes of each role")
    sim.add_argument("--coverage", action="store_true",
                     help="for each role, every event, choice and ending with the runs that met it")
    sim.add_argument("--balance", action="store_true",
                     help="for each role, each stat and relationship at each turn (min, p10, median, p90, max), "
                          "how often each test of a condition passed, and how often each vote was held and carried")
    sim.add_argument("--search", type=int, default=20_000, metavar="N",
                     help="look for a path to each ending never reached in up to N states (0: do not look)")
    scen_dir(sim)

    sch = sub.add_parser("schema", help="print a JSON Schema of scenario files, for editors")
    sch.add_argument("which", choices=("manifest", "content"),
                     help="manifest: scenario.yaml; content: every other scenario file")

    lst = sub.add_parser("list", help="list the scenarios found")
    lst.add_argument("--json", action="store_true")
    scen_dir(lst)

    whr = sub.add_parser("where", help="the folders the game reads scenarios and schemas from and saves into")
    whr.add_argument("--json", action="store_true", help="print one JSON object")
    scen_dir(whr)
    saves_dir(whr)

    sav = sub.add_parser("saves", help="list, delete or rename saved games")
    saves_sub = sav.add_subparsers(dest="saves_command", parser_class=_Parser, required=True,
                                   metavar="{list,delete,rename}")
    sl = saves_sub.add_parser("list", help="every saved game, newest first, damaged ones with the reason")
    sl.add_argument("--json", action="store_true", help="print one JSON array")
    saves_dir(sl)
    sd = saves_sub.add_parser("delete", help="delete a saved game")
    sd.add_argument("name", metavar="NAME")
    saves_dir(sd)
    sr = saves_sub.add_parser("rename", help="give a saved game another name")
    sr.add_argument("name", metavar="NAME")
    sr.add_argument("new_name", metavar="NEW")
    saves_dir(sr)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["play", *argv]
    args = build_parser().parse_args(argv)
    command = args.command
    try:
        handler = {"play": cmd_play, "validate": cmd_validate, "simulate": cmd_simulate, "list": cmd_list,
                   "schema": cmd_schema, "saves": cmd_saves, "where": cmd_where}
        return handler[command](args)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _err(message: str) -> None:
    print(f"politburo: {message}", file=sys.stderr)


def _print_diagnostics(diags: list, out: IO[str]) -> None:
    """The problems in the order a writer mends them; those that may follow from others are counted, not listed."""
    from game.scenario.diagnostics import report
    for line in report(diags):
        print(line, file=out)


def cmd_validate(args: argparse.Namespace) -> int:
    from game.scenario import check_scenario
    from game.scenario.diagnostics import listed
    status = EXIT_OK
    for path in args.paths:
        scenario, diags = check_scenario(path)
        _print_diagnostics(diags, sys.stdout)
        shown, held = listed(diags)
        errors = sum(1 for d in shown if d.severity == "error")
        warnings = len(shown) - errors
        if scenario is None:
            status = EXIT_INVALID
            print(f"{path}: {errors} error{'s' if errors != 1 else ''}"
                  f"{f', {warnings} warning' + ('s' if warnings != 1 else '') if warnings else ''}"
                  f"{f' ({held} more suppressed)' if held else ''}", file=sys.stderr)
        else:
            print(f"{path}: valid: '{scenario.id}', {len(scenario.roles)} roles, {len(scenario.events)} events, "
                  f"{len(scenario.endings)} endings, {len(scenario.codex)} codex entries"
                  f"{f' ({warnings} warnings)' if warnings else ''}", file=sys.stderr)
    return status


def _load(path_or_id: str, scenarios_dir: str | None) -> Scenario | None:
    """A scenario by folder or id; diagnostics on stderr and None when it cannot be used."""
    from game.scenario import check_scenario
    from game.scenario.discovery import find_scenario
    path = path_or_id
    if not os.path.isdir(path):
        found = find_scenario(path_or_id, scenarios_dir)
        if found is None:
            _err(f"no scenario '{path_or_id}' (try 'politburo list')")
            return None
        path = found
    scenario, diags = check_scenario(path)
    if scenario is None:
        _print_diagnostics([d for d in diags if d.severity == "error"], sys.stderr)
        _err(f"scenario '{path_or_id}' has errors; run 'politburo validate {path}'")
        return None
    return scenario


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.simulate import format_report, simulate
    if args.runs < 1:
        _err("--runs must be at least 1")
        return EXIT_USAGE
    if args.search < 0:
        _err("--search must be 0 or more")
        return EXIT_USAGE
    scenario = _load(args.path, args.scenarios_dir)
    if scenario is None:
        return EXIT_INVALID
    if args.role and args.role not in scenario.roles:
        _err(f"no role '{args.role}' (roles: {', '.join(scenario.roles)})")
        return EXIT_USAGE
    from game.simulate import policy
    names = [n.strip() for n in args.policy.split(",") if n.strip()]
    for name in names or ["random"]:
        try:
            policy(name, scenario)
        except ValueError as e:
            _err(str(e))
            return EXIT_USAGE
    reports = [simulate(scenario, args.runs, args.seed, args.role, name, balance=args.balance or args.json,
                        search=args.search) for name in names or ["random"]]
    if args.json:
        data = [r.as_dict() for r in reports]
        print(json.dumps(data[0] if len(data) == 1 else data, indent=2))
    else:
        print("\n\n".join(format_report(r, coverage=args.coverage) for r in reports))
    return EXIT_OK if all(r.ok for r in reports) else EXIT_INVALID


def cmd_list(args: argparse.Namespace) -> int:
    from game.scenario.discovery import list_scenarios
    infos = list_scenarios(args.scenarios_dir)
    if args.json:
        print(json.dumps([{"id": i.id, "title": i.title, "path": i.path,
                           "roles": [{"id": r, "name": n} for r, n in i.roles]} for i in infos], indent=2))
        return EXIT_OK
    if not infos:
        print("No scenarios found.")
    for i in infos:
        roles = ", ".join(f"{n} ({r})" for r, n in i.roles)
        print(f"{i.id:<24} {i.title}\n{'':<24} roles: {roles}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from game.scenario.schema import render
    sys.stdout.write(render(args.which))
    return EXIT_OK


def cmd_where(args: argparse.Namespace) -> int:
    from game.paths import installed, schema_folder
    from game.saves import saves_folder
    from game.scenario.discovery import scenario_dirs
    folders = {"scenarios": scenario_dirs(args.scenarios_dir), "schemas": str(schema_folder()),
               "saves": str(saves_folder(args.saves_dir)), "installed": installed()}
    if args.json:
        print(json.dumps(folders, indent=2))
        return EXIT_OK
    print(f"{'scenarios':<10} {folders['scenarios'][0]}")
    for extra in folders["scenarios"][1:]:
        print(f"{'':<10} {extra}")
    print(f"{'schemas':<10} {folders['schemas']}")
    print(f"{'saves':<10} {folders['saves']}")
    print(f"({'an installed game' if installed() else 'run from a checkout'})")
    return EXIT_OK


def _on_a_terminal() -> bool:
    """Both ends are a terminal: the full-screen game can run."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def cmd_saves(args: argparse.Namespace) -> int:
    from game.saves import SaveError, SaveStore, describe, saves_folder
    store = SaveStore(saves_folder(args.saves_dir))
    try:
        if args.saves_command == "delete":
            store.delete(args.name)
            print(f"Deleted '{args.name.strip()}'.")
        elif args.saves_command == "rename":
            entry = store.rename(args.name, args.new_name)
            print(f"Renamed '{args.name.strip()}' to '{entry.name}'.")
        else:
            entries = store.entries()
            if args.json:
                print(json.dumps([_entry_json(e) for e in entries], indent=2, ensure_ascii=False))
            elif not entries:
                print(f"No saved games in {store.folder}.")
            else:
                for e in entries:
                    if e.meta is None:
                        print(f"{e.name:<24} DAMAGED: {e.problem}")
                    else:
                        saved = e.meta.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
                        print(f"{e.name:<24} {saved}  {describe(e.meta)}  [{e.meta.scenario_title}]")
    except SaveError as e:
        _err(str(e))
        return EXIT_INVALID
    return EXIT_OK


def _entry_json(e: SaveEntry) -> dict[str, object]:
    out: dict[str, object] = {"name": e.name, "path": e.path, "damaged": e.damaged}
    if e.meta is None:
        out["problem"] = e.problem
        return out
    m = e.meta
    out.update(kind=m.kind, saved_at=m.saved_at.isoformat(), scenario=m.scenario_id, scenario_title=m.scenario_title,
               scenario_version=m.scenario_version, role=m.role, role_name=m.role_name, date=m.date.isoformat(),
               turn=m.turn, choices=m.choices, status=m.status, summary=m.summary, game_version=m.game_version)
    return out


def _resume(args: argparse.Namespace, store: SaveStore) -> tuple[Scenario, Game] | int:
    """The scenario and game of `play --load NAME`, or an exit status after saying why not."""
    from game.saves import SaveError, describe, restore_game
    if args.role or args.seed is not None:
        _err("--load resumes a game with its own role and seed; leave out --role and --seed")
        return EXIT_USAGE
    try:
        save = store.read(args.load)
    except SaveError as e:
        _err(str(e))
        return EXIT_INVALID
    from game.scenario.discovery import find_scenario
    if args.scenario is None and find_scenario(save.meta.scenario_id, args.scenarios_dir) is None:
        _err(f"{save.path}: is a game of scenario '{save.meta.scenario_id}', which is not installed "
             f"(see 'politburo list')")
        return EXIT_INVALID
    scenario = _load(args.scenario or save.meta.scenario_id, args.scenarios_dir)
    if scenario is None:
        return EXIT_INVALID
    try:
        loaded = restore_game(save, scenario)
    except SaveError as e:
        _err(str(e))
        return EXIT_INVALID
    for note in loaded.notes:
        _err(f"note: {note}")
    if args.plain:
        print(f"Loaded '{save.name}': {describe(save.meta)}.")
    return scenario, loaded.game


def cmd_play(args: argparse.Namespace) -> int:
    from game.saves import SaveStore, saves_folder
    if not args.plain and not _on_a_terminal():
        print("politburo: not a terminal; playing in plain mode (--plain)", file=sys.stderr)
        args.plain = True
    from game.engine.snapshot import SEED_LIMIT
    if args.seed is not None and abs(args.seed) >= SEED_LIMIT:     # a save keeps no longer seed
        _err("--seed has at most 18 digits")
        return EXIT_USAGE
    store = SaveStore(saves_folder(args.saves_dir))
    scenario = game = None
    if args.load is not None:
        resumed = _resume(args, store)
        if isinstance(resumed, int):
            return resumed
        scenario, game = resumed
    elif args.plain or args.scenario or args.role:
        from game.scenario.discovery import DEFAULT_SCENARIO
        scenario = _load(args.scenario or DEFAULT_SCENARIO, args.scenarios_dir)
        if scenario is None:
            return EXIT_INVALID
    role = args.role
    if role is not None and role not in scenario.roles:  # type: ignore[union-attr]
        _err(f"no role '{role}' (roles: {', '.join(scenario.roles)})")  # type: ignore[union-attr]
        return EXIT_USAGE
    if not args.plain:
        from game.engine.errors import GameError
        from game.tui.app import run_app
        try:
            return run_app(scenario=scenario, role=role, seed=args.seed, game=game,
                           scenarios_dir=args.scenarios_dir, saves_dir=str(store.folder))
        except GameError as e:
            _err(f"the scenario failed to start: {e}")
            return EXIT_INVALID
    from game.engine import Game, GameError
    from game.plain import PlainGame, pick_role
    from game.session import random_seed
    if game is None:
        if role is None:
            role = pick_role(scenario, sys.stdin, sys.stdout)  # type: ignore[arg-type]
            if role is None:
                print("Goodbye.")
                return EXIT_OK
        seed = args.seed if args.seed is not None else random_seed()
        try:
            game = Game.new(scenario, role, seed)  # type: ignore[arg-type]
        except GameError as e:
            _err(f"the scenario failed to start: {e}")
            return EXIT_INVALID
    return PlainGame(game, sys.stdin, sys.stdout, store).run()
