"""The command line: play, validate, simulate, list. `python -m game` and `politburo` are one."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

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


def _scenarios_dir(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--scenarios-dir", metavar="DIR",
                    help="look for scenarios in DIR first, then in $POLITBURO_SCENARIOS, your own folder and the game's")


def _saves_dir(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--saves-dir", metavar="DIR",
                    help="where saved games live (default: $POLITBURO_SAVES, else the folder 'politburo where' names)")


def _play_args(play: argparse.ArgumentParser) -> None:
    play.add_argument("--scenario", metavar="ID", help="scenario id (default: the campaign)")
    play.add_argument("--role", metavar="ID", help="the role to play")
    play.add_argument("--chapter", metavar="ID", help="begin at this chapter of a campaign (see 'politburo list')")
    play.add_argument("--seed", type=int, metavar="N", help="random seed (the same seed and choices replay a game)")
    play.add_argument("--plain", action="store_true", help="line-by-line text mode for screen readers and scripts")
    resume = play.add_mutually_exclusive_group()
    resume.add_argument("--load", metavar="NAME", help="resume a saved game (see 'politburo saves list')")
    resume.add_argument("--continue", dest="continue_", action="store_true",
                        help="resume the newest game still in progress, as Continue on the title screen does")
    play.add_argument("--inspect", action="store_true",
                      help="the writer's tools: the state inspector (F12; 'inspect' and 'jump' in plain mode)")
    play.add_argument("--at", metavar="WHEN",
                      help="start at a date (1924-03 or 1924-03-15) or an event, reached by the historical path")
    play.add_argument("--set", metavar="NAME=VALUE", action="append", default=[], dest="settings",
                      help="start with a stat, a flag or rel.CHARACTER set (repeatable)")
    play.add_argument("--watch", action="store_true",
                      help="reload the scenario in play when its files change, keeping the game (for writers)")
    _scenarios_dir(play)
    _saves_dir(play)


def _validate_args(val: argparse.ArgumentParser) -> None:
    val.add_argument("paths", nargs="+", metavar="PATH", help="scenario folders (or scenario ids)")
    val.add_argument("--json", action="store_true",
                     help="print one JSON object: each scenario's problems with file, line, column, severity and code")
    _scenarios_dir(val)


def _simulate_args(sim: argparse.ArgumentParser) -> None:
    sim.add_argument("path", metavar="PATH", help="a scenario folder (or a scenario id)")
    sim.add_argument("--runs", type=int, default=1000, metavar="N")
    sim.add_argument("--seed", type=int, default=0, metavar="S")
    sim.add_argument("--role", metavar="ID")
    sim.add_argument("--chapter", metavar="ID", help="begin every game at this chapter of a campaign")
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
    _scenarios_dir(sim)


def _graph_args(gra: argparse.ArgumentParser) -> None:
    gra.add_argument("path", metavar="PATH", help="a scenario folder (or a scenario id)")
    gra.add_argument("--role", metavar="R", help="only what role R can meet")
    gra.add_argument("--format", choices=("text", "dot", "mermaid"), default="text",
                     help="text: an outline by month (the default); dot: Graphviz; mermaid: a Mermaid flowchart")
    gra.add_argument("--output", metavar="FILE", help="write it to FILE instead of printing it")
    _scenarios_dir(gra)


def _schema_args(sch: argparse.ArgumentParser) -> None:
    sch.add_argument("which", choices=("manifest", "content"),
                     help="manifest: scenario.yaml; content: every other scenario file")


def _new_args(new: argparse.ArgumentParser) -> None:
    new.add_argument("name", metavar="NAME", help="the scenario's id, and the name of its folder")
    new.add_argument("--dir", metavar="DIR", default=".", help="the folder to make it in (default: the current folder)")
    new.add_argument("--title", metavar="TEXT", help="the scenario's title (default: NAME in words)")


def _serve_args(srv: argparse.ArgumentParser) -> None:
    srv.add_argument("--host", default="localhost", help="the address to listen on (default: localhost)")
    srv.add_argument("--port", type=int, default=8000, metavar="N", help="the port to listen on (default: 8000)")
    srv.add_argument("--scenario", metavar="ID", help="scenario id (default: the campaign)")
    srv.add_argument("--role", metavar="ID", help="the role every tab plays (default: chosen on the title screen)")
    srv.add_argument("--chapter", metavar="ID", help="begin at this chapter of a campaign (see 'politburo list')")
    srv.add_argument("--seed", type=int, metavar="N", help="random seed (the same seed and choices replay a game)")
    _scenarios_dir(srv)
    _saves_dir(srv)


def _list_args(lst: argparse.ArgumentParser) -> None:
    lst.add_argument("--json", action="store_true")
    _scenarios_dir(lst)


def _where_args(whr: argparse.ArgumentParser) -> None:
    whr.add_argument("--json", action="store_true", help="print one JSON object")
    _scenarios_dir(whr)
    _saves_dir(whr)


def _saves_args(sav: argparse.ArgumentParser) -> None:
    saves_sub = sav.add_subparsers(dest="saves_command", parser_class=_Parser, required=True,
                                   metavar="{list,delete,rename}")
    sl = saves_sub.add_parser("list", help="every saved game, newest first, damaged ones with the reason")
    sl.add_argument("--json", action="store_true", help="print one JSON array")
    _saves_dir(sl)
    sd = saves_sub.add_parser("delete", help="delete a saved game (on a terminal it asks first)")
    sd.add_argument("name", metavar="NAME")
    sd.add_argument("-y", "--yes", action="store_true", help="do not ask first")
    _saves_dir(sd)
    sr = saves_sub.add_parser("rename", help="give a saved game another name")
    sr.add_argument("name", metavar="NAME")
    sr.add_argument("new_name", metavar="NEW")
    _saves_dir(sr)


# Each command: what the command line's help says it does, and what adds its arguments; in the order the help lists them.
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "play": ("play a game (the default command)", _play_args),
    "validate": ("check scenario folders and report every problem", _validate_args),
    "simulate": ("play many random games and report what they reach", _simulate_args),
    "graph": ("the scenario's story structure: what leads to what, and what nothing reaches", _graph_args),
    "schema": ("print a JSON Schema of scenario files, for editors", _schema_args),
    "new": ("make a small, complete scenario folder to start writing from", _new_args),
    "serve": ("play in a web browser: serve the game as a page on this computer", _serve_args),
    "list": ("list the scenarios found", _list_args),
    "where": ("the folders the game reads scenarios and schemas from, saves into and caches in", _where_args),
    "saves": ("list, delete or rename saved games", _saves_args),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `command`, one that knows only that command: a command line names one,
    and each command's parser takes a third of a millisecond to make (argparse looks up every message's translation)."""
    p = _Parser(prog="politburo", description="Politburo: Soviet high politics, 1924-1929.")
    p.add_argument("--version", action="version", version=f"politburo {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    for name, (does, add_arguments) in COMMANDS.items():
        if command is None or name == command:
            add_arguments(sub.add_parser(name, help=does))
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["play", *argv]
    args = build_parser(argv[0] if argv[0] in COMMANDS else None).parse_args(argv)
    command = args.command
    try:
        handler = {"play": cmd_play, "validate": cmd_validate, "simulate": cmd_simulate, "graph": cmd_graph,
                   "list": cmd_list, "schema": cmd_schema, "saves": cmd_saves, "where": cmd_where, "new": cmd_new,
                   "serve": cmd_serve}
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
    from game.scenario.diagnostics import in_order
    status = EXIT_OK
    results = []
    for path in args.paths:
        scenario, diags = check_scenario(_folder_of(path, args.scenarios_dir))
        shown, held = in_order(diags)
        if not args.json:
            _print_diagnostics(diags, sys.stdout)
        else:
            results.append(_validated(path, scenario, shown, held))
        errors = sum(1 for d in shown if d.severity == "error")
        warnings = len(shown) - errors
        if scenario is None:
            status = EXIT_INVALID
            warned = f", {_counted(warnings, 'warning')}" if warnings else ""
            print(f"{path}: {_counted(errors, 'error')}{warned}"
                  f"{f' ({len(held)} more suppressed)' if held else ''}", file=sys.stderr)
        else:
            warned = f" ({_counted(warnings, 'warning')})" if warnings else ""
            print(f"{path}: valid: '{scenario.id}', {_counted(len(scenario.roles), 'role')}, "
                  f"{_counted(len(scenario.events), 'event')}, {_counted(len(scenario.endings), 'ending')}, "
                  f"{_counted(len(scenario.codex), 'codex entry', 'codex entries')}{warned}", file=sys.stderr)
    if args.json:
        print(json.dumps({"format": VALIDATE_FORMAT, "scenarios": results}, indent=2))
    return status


def _counted(n: int, one: str, many: str = "") -> str:
    """`n` things, the word in the singular for one: "1 role", "2 roles", "1 codex entry"."""
    return f"{n} {one if n == 1 else many or one + 's'}"


VALIDATE_FORMAT = 1     # the version of `validate --json`'s output: raised when a field changes meaning or goes


def _validated(path: str, scenario: Scenario | None, shown: list, held: list) -> dict:
    """One scenario's entry in `validate --json`: its problems in the text report's order, those
    held back as likely follow-ons last and marked so; line and column are 0 where there is none."""
    from game.engine.untrusted import printable

    def problem(d: Any, held_back: bool) -> dict:
        return {"file": printable(d.path), "line": d.line, "column": d.col, "severity": d.severity,
                "code": d.code, "message": printable(d.message), "held_back": held_back}

    errors = sum(1 for d in shown if d.severity == "error")
    return {"path": path, "valid": scenario is not None, "id": scenario.id if scenario is not None else None,
            "errors": errors, "warnings": len(shown) - errors, "held_back": len(held),
            "problems": [problem(d, False) for d in shown] + [problem(d, True) for d in held]}


def _folder_of(path_or_id: str, scenarios_dir: str | None) -> str:
    """A scenario's folder: the path given if it is a folder, else the folder of the scenario of that id if there
    is one (else the path as given, for the checker to say it does not exist)."""
    if os.path.isdir(path_or_id):
        return path_or_id
    from game.scenario.discovery import find_scenario
    return find_scenario(path_or_id, scenarios_dir) or path_or_id


def _load(path_or_id: str, scenarios_dir: str | None, *, cached: bool = False) -> Scenario | None:
    """A scenario by folder or id; diagnostics on stderr and None when it cannot be used. `cached`: for play,
    from the checked-scenario cache when its files are unchanged (game.scenario.cache)."""
    path = _folder_of(path_or_id, scenarios_dir)
    if not os.path.isdir(path):
        _err(f"no scenario '{path_or_id}' (try 'politburo list')")
        return None
    if cached:
        from game.scenario.cache import open_scenario
        scenario, diags = open_scenario(path)
    else:
        from game.scenario import check_scenario
        scenario, diags = check_scenario(path)
    if scenario is None:
        _print_diagnostics([d for d in diags if d.severity == "error"], sys.stderr)
        _err(f"scenario '{path_or_id}' has errors; run 'politburo validate {path}'")
        return None
    return scenario


def _load_for(args: argparse.Namespace) -> Scenario | int:
    """The scenario `args.path` names, with `args.role` one of its roles if given; else an exit status after saying why."""
    scenario = _load(args.path, args.scenarios_dir)
    if scenario is None:
        return EXIT_INVALID
    if args.role and args.role not in scenario.roles:
        _err(f"no role '{args.role}' (roles: {', '.join(scenario.roles)})")
        return EXIT_USAGE
    return scenario


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.simulate import format_report, simulate
    if args.runs < 1:
        _err("--runs must be at least 1")
        return EXIT_USAGE
    if args.search < 0:
        _err("--search must be 0 or more")
        return EXIT_USAGE
    scenario = _load_for(args)
    if isinstance(scenario, int):
        return scenario
    from game.simulate import policy
    names = [n.strip() for n in args.policy.split(",") if n.strip()]
    for name in names or ["random"]:
        try:
            policy(name, scenario)
        except ValueError as e:
            _err(str(e))
            return EXIT_USAGE
    if args.role is not None and args.role not in scenario.roles:
        _err(f"no role '{args.role}' in scenario '{scenario.id}' (roles: {', '.join(scenario.roles)})")
        return EXIT_USAGE
    try:
        reports = [simulate(scenario, args.runs, args.seed, args.role, name, balance=args.balance or args.json,
                            search=args.search, chapter=args.chapter) for name in names or ["random"]]
    except ValueError as e:
        _err(str(e))
        return EXIT_USAGE
    if args.json:
        data = [r.as_dict() for r in reports]
        print(json.dumps(data[0] if len(data) == 1 else data, indent=2))
    else:
        print("\n\n".join(format_report(r, coverage=args.coverage) for r in reports))
    return EXIT_OK if all(r.ok for r in reports) else EXIT_INVALID


def cmd_new(args: argparse.Namespace) -> int:
    import shlex
    from pathlib import Path

    from game.scaffold import ScaffoldError, new_scenario
    try:
        made = new_scenario(args.name, Path(args.dir), args.title)
    except ScaffoldError as e:
        _err(str(e))
        return EXIT_INVALID

    def shown(path: Path) -> str:      # relative to where the writer stands, when it is below it
        absolute = path.resolve()
        here = Path.cwd().resolve()
        return absolute.relative_to(here).as_posix() if absolute.is_relative_to(here) else str(absolute)

    folder, parent = shlex.quote(shown(made.folder)), shlex.quote(shown(made.folder.parent) or ".")
    from game.scenario.discovery import list_scenarios
    for other in list_scenarios():
        if other.id == args.name and os.path.realpath(other.path) != os.path.realpath(made.folder):
            _err(f"note: {other.path} ({other.origin}) is a scenario of the same id; where both are found, "
                 f"the first is used (see 'politburo list')")
    print(f"Made the scenario '{args.name}' in {shown(made.folder)}:")
    for path in made.files:
        print(f"  {shown(path)}")
    print("Next:")
    print(f"  politburo validate {folder}                 # every problem, all at once")
    print(f"  politburo simulate {folder} --runs 500      # endings reached, dead ends")
    print(f"  politburo graph {folder}                    # how the events lead to one another")
    print(f"  politburo play --scenarios-dir {parent} --scenario {shlex.quote(args.name)} --watch")
    return EXIT_OK


def cmd_graph(args: argparse.Namespace) -> int:
    from game.scenario.graph import build_graph
    from game.scenario.graph_formats import render
    scenario = _load_for(args)
    if isinstance(scenario, int):
        return scenario
    out = render(build_graph(scenario, args.role), args.format)
    if args.output is None:
        sys.stdout.write(out)
        return EXIT_OK
    try:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(out)
    except OSError as e:
        _err(f"cannot write {args.output}: {e.strerror or e}")
        return EXIT_INVALID
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from game.scenario.discovery import list_scenarios
    infos = list_scenarios(args.scenarios_dir)
    for i in infos:     # on stderr, so that the list itself stays the same to a script that reads it
        for other in i.shadowed:
            _err(f"warning: two scenarios have the id '{i.id}': {i.path} ({i.origin}) is used, "
                 f"{other.path} ({other.origin}) is not")
    if args.json:
        print(json.dumps([{"id": i.id, "title": i.title, "path": i.path, "origin": i.origin,
                           "roles": [{"id": r, "name": n} for r, n in i.roles],
                           "shadowed": [{"path": o.path, "origin": o.origin} for o in i.shadowed],
                           "chapters": [{"id": c.id, "title": c.title, "start": c.start, "roles": list(c.roles)}
                                        for c in i.chapters]} for i in infos],
                         indent=2, ensure_ascii=False))
        return EXIT_OK
    if not infos:
        print("No scenarios found.")
    for i in infos:
        roles = ", ".join(f"{n} ({r})" for r, n in i.roles)
        print(f"{i.id:<24} {i.title}\n{'':<24} roles: {roles}")
        for n, c in enumerate(i.chapters):
            print(f"{'':<24} {'chapters:' if n == 0 else '':<9} {c.id} ({c.start}): {c.title}; "
                  f"roles {', '.join(c.roles)}")
        print(f"{'':<24} from: {i.origin}, {i.path}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from game.scenario.schema import render
    sys.stdout.write(render(args.which))
    return EXIT_OK


def cmd_where(args: argparse.Namespace) -> int:
    from game.paths import cache_folder, installed, keymap_path, saves_folder, schema_folder
    from game.scenario.discovery import scenario_folders
    looked_in = scenario_folders(args.scenarios_dir)
    folders = {"scenarios": [f.path for f in looked_in], "schemas": str(schema_folder()),
               "saves": str(saves_folder(args.saves_dir)), "keymap": str(keymap_path()),
               "cache": str(cache_folder()), "installed": installed(),
               "scenario_folders": [{"path": f.path, "origin": f.origin, "exists": os.path.isdir(f.path)}
                                    for f in looked_in]}
    if args.json:
        print(json.dumps(folders, indent=2, ensure_ascii=False))
        return EXIT_OK
    for n, f in enumerate(looked_in):
        missing = "" if os.path.isdir(f.path) else ", not made yet" if f.origin == "user" else ", missing"
        print(f"{'scenarios' if n == 0 else '':<10} {f.path}  ({f.origin}{missing})")
    print(f"{'schemas':<10} {folders['schemas']}")
    print(f"{'saves':<10} {folders['saves']}")
    mine = "yours" if keymap_path().is_file() else "none yet: the keys are the game's own"
    print(f"{'keymap':<10} {folders['keymap']}  ({mine})")
    print(f"{'cache':<10} {folders['cache']}  (checked scenarios, made again when missing: safe to delete)")
    print(f"({'an installed game' if installed() else 'run from a checkout'}; "
          f"scenarios are looked for in the order above, the first of an id is used)")
    return EXIT_OK


def _on_a_terminal() -> bool:
    """Both ends are a terminal, or a web page is (Textual's web driver, as `politburo serve` runs each
    tab's game): the full-screen game can run."""
    if os.environ.get("TEXTUAL_DRIVER", "").startswith("textual.drivers.web_driver:"):
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def cmd_saves(args: argparse.Namespace) -> int:
    from game.saves import SaveError, SaveStore, describe, saves_folder
    store = SaveStore(saves_folder(args.saves_dir))
    try:
        if args.saves_command == "delete":
            if not (args.yes or _delete_confirmed(store, args.name)):
                print("Nothing deleted.")
                return EXIT_OK
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


def _delete_confirmed(store: SaveStore, name: str) -> bool:
    """Whether the player, asked on a terminal, wants the save deleted (what it holds is said first); True
    without asking when input is not a terminal, as a script deletes. A save that is not there is not asked
    about: deleting it says so."""
    from game.saves import SaveError, describe
    if not sys.stdin.isatty():
        return True
    try:
        entry = store.entry(name)
    except SaveError:
        return True
    print(f"{entry.name}: {describe(entry.meta) if entry.meta is not None else f'DAMAGED: {entry.problem}'}")
    try:
        answer = input(f"Delete '{entry.name}'? It cannot be undone. [y/N] ")
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("y", "yes")


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
    scenario = _load(args.scenario or save.meta.scenario_id, args.scenarios_dir, cached=_cached(args))
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
    if not args.plain and not _on_a_terminal():
        print("politburo: not a terminal; playing in plain mode (--plain)", file=sys.stderr)
        args.plain = True
    if args.plain:
        return _play(args)
    # Until the full-screen game's first frame is drawn, nothing it has made is garbage: the cyclic collector
    # waits (the app lets it go once the frame is up), instead of scanning the new objects of every import,
    # the scenario and the first screen again and again. If the app never gets so far, it goes on here.
    import gc
    held = gc.isenabled()
    gc.disable()
    try:
        return _play(args)
    finally:
        if held:
            gc.enable()


def _play(args: argparse.Namespace) -> int:
    # The title screen's first frame needs neither the engine nor the saves: each is imported where it is used.
    from game.paths import saves_folder
    if _seed_too_long(args.seed):
        return EXIT_USAGE
    folder = saves_folder(args.saves_dir)
    scenario = game = None
    jumping = args.at is not None or bool(args.settings)
    if jumping and (args.load is not None or args.continue_):
        _err(f"--at and --set start a new game; leave out {'--continue' if args.continue_ else '--load'}")
        return EXIT_USAGE
    if args.continue_:
        from game.saves import SaveStore
        newest = SaveStore(folder).newest()
        if newest is None:
            _err(f"no game in progress to continue in {folder} (see 'politburo saves list')")
            return EXIT_INVALID
        args.load = newest.name
    if args.load is not None:
        from game.saves import SaveStore
        resumed = _resume(args, SaveStore(folder))
        if isinstance(resumed, int):
            return resumed
        scenario, game = resumed
    elif args.plain or args.scenario or args.role or jumping:
        from game.scenario.discovery import DEFAULT_SCENARIO
        scenario = _load(args.scenario or DEFAULT_SCENARIO, args.scenarios_dir, cached=_cached(args))
        if scenario is None:
            return EXIT_INVALID
    role = args.role
    if role is not None and scenario is not None and role not in scenario.roles and role.lower() in scenario.roles:
        role = args.role = role.lower()     # ids are lower case: "--role Trotsky" means trotsky
    if role is not None and role not in scenario.roles:  # type: ignore[union-attr]
        _err(f"no role '{role}' (roles: {', '.join(scenario.roles)})")  # type: ignore[union-attr]
        return EXIT_USAGE
    chapter = args.chapter
    if chapter is not None:
        problem = _chapter_problem(scenario, role, chapter, args)  # type: ignore[arg-type]
        if problem:
            _err(problem)
            return EXIT_USAGE
    if not args.plain:
        from game.tui.app import run_app
        if jumping:
            if role is None and len(scenario.roles) == 1:  # type: ignore[union-attr]
                role = next(iter(scenario.roles))  # type: ignore[union-attr]
            if role is None:
                _err(f"--at and --set need --role (roles: {', '.join(scenario.roles)})")  # type: ignore[union-attr]
                return EXIT_USAGE
            game = _jumped(scenario, role, args)  # type: ignore[arg-type]
            if isinstance(game, int):
                return game
        if chapter is not None and role is not None:
            from game.engine import Game, GameError
            from game.session import random_seed
            try:
                game = Game.new(scenario, role, args.seed if args.seed is not None else random_seed(), chapter)  # type: ignore[arg-type]
            except GameError as e:
                _err(f"the scenario failed to start: {e}")
                return EXIT_INVALID
        try:
            return run_app(scenario=scenario, role=role, seed=args.seed, chapter=chapter, game=game,
                           scenarios_dir=args.scenarios_dir, saves_dir=str(folder), inspect=args.inspect,
                           watch=args.watch)
        except Exception as e:
            from game.engine.errors import GameError
            if not isinstance(e, GameError):
                raise
            _err(f"the scenario failed to start: {e}")
            return EXIT_INVALID
    from game.engine import Game, GameError
    from game.plain import PlainGame, pick_role
    from game.saves import SaveStore
    from game.session import random_seed
    if game is None:
        if role is None:
            role = pick_role(scenario, sys.stdin, sys.stdout, chapter)  # type: ignore[arg-type]
            if role is None:
                print("Goodbye.")
                return EXIT_OK
        if jumping:
            game = _jumped(scenario, role, args)  # type: ignore[arg-type]
            if isinstance(game, int):
                return game
    if game is None:
        seed = args.seed if args.seed is not None else random_seed()
        try:
            game = Game.new(scenario, role, seed, chapter)  # type: ignore[arg-type]
        except GameError as e:
            _err(f"the scenario failed to start: {e}")
            return EXIT_INVALID
    return PlainGame(game, sys.stdin, sys.stdout, SaveStore(folder), inspect=args.inspect, watch=args.watch).run()


def _cached(args: argparse.Namespace) -> bool:
    """Whether play may open its scenario from the checked-scenario cache: not for the writer's tools, which
    read every event's expressions (--inspect) or check the files again as they change (--watch)."""
    return not args.inspect and not args.watch


def _seed_too_long(seed: int | None) -> bool:
    """A seed longer than a save keeps (said, in one line); False for no seed or a good one."""
    if seed is None:
        return False
    from game.engine.rng import SEED_LIMIT
    if abs(seed) < SEED_LIMIT:
        return False
    _err("--seed has at most 18 digits")
    return True


def _chapter_problem(scenario: Scenario, role: str | None, chapter: str, args: argparse.Namespace) -> str:
    """Why `play --chapter` cannot begin there, in one line; empty when it can."""
    if args.load is not None or args.at is not None:
        return "--chapter starts a new game at a chapter's start; leave out --load and --at"
    if not scenario.chapters:
        return f"scenario '{scenario.id}' has no chapters"
    found = scenario.find_chapter(chapter)
    if found is None:
        return f"no chapter '{chapter}' (chapters: {', '.join(ch.id for ch in scenario.chapters)})"
    if role is not None and not found.plays(role):
        plays = [ch.id for ch in scenario.chapters if ch.plays(role)]
        return f"role '{role}' does not play chapter '{chapter}' (it plays {', '.join(plays)})"
    return ""


def _jumped(scenario: Scenario, role: str, args: argparse.Namespace) -> Game | int:
    """The game `play --at WHEN --set NAME=VALUE` starts with, or an exit status after saying why not."""
    from game.engine.errors import GameError, ScenarioRuntimeError
    from game.engine.inspect import jump, parse_settings
    from game.session import random_seed
    seed = args.seed if args.seed is not None else random_seed()
    try:
        return jump(scenario, role, seed, args.at, parse_settings(args.settings))
    except ScenarioRuntimeError as e:
        _err(f"the scenario failed on the way: {e}")
        return EXIT_INVALID
    except GameError as e:
        _err(f"--at/--set: {e}")
        return EXIT_USAGE


def cmd_serve(args: argparse.Namespace) -> int:
    """`politburo serve`: the full-screen game as a web page, each tab running `play` with the options given
    (checked here first, so that a mistake is reported once rather than in every tab)."""
    if not 1 <= args.port <= 65535:
        _err("--port must be from 1 to 65535")
        return EXIT_USAGE
    if _seed_too_long(args.seed):
        return EXIT_USAGE
    if args.scenario or args.role or args.chapter:
        from game.scenario.discovery import DEFAULT_SCENARIO
        scenario = _load(args.scenario or DEFAULT_SCENARIO, args.scenarios_dir, cached=True)
        if scenario is None:
            return EXIT_INVALID
        if args.role is not None and args.role not in scenario.roles:
            _err(f"no role '{args.role}' (roles: {', '.join(scenario.roles)})")
            return EXIT_USAGE
        if args.chapter is not None:
            problem = _chapter_problem(scenario, args.role, args.chapter, argparse.Namespace(load=None, at=None))
            if problem:
                _err(problem)
                return EXIT_USAGE
    from game.paths import saves_folder
    options = ["--saves-dir", os.path.abspath(saves_folder(args.saves_dir))]
    if args.scenarios_dir is not None:
        options += ["--scenarios-dir", os.path.abspath(args.scenarios_dir)]
    if args.scenario is not None:
        options += ["--scenario", os.path.abspath(args.scenario) if os.path.isdir(args.scenario) else args.scenario]
    for flag, value in (("--role", args.role), ("--chapter", args.chapter), ("--seed", args.seed)):
        if value is not None:
            options += [flag, str(value)]
    from game.serve import ServeError, play_command, serve
    try:
        serve(play_command(options), args.host, args.port)
    except ServeError as e:
        _err(str(e))
        return EXIT_INVALID
    return EXIT_OK
