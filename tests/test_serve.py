"""`politburo serve`: the game as a web page, played through a real server, websocket and game process."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp

from game.engine import Game
from game.saves import SaveStore
from game.serve import page_url, play_command
from tests.conftest import ROOT

# CSI and OSC sequences, the two-character escapes, and the control characters a terminal acts on.
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]|[\x00-\x08\x0b-\x1f\x7f]")
DEADLINE = 20.0     # seconds for the whole conversation with the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_events(chapter) -> tuple[str, str, str]:
    """Trotsky's first event's title and first open choice at seed 1, and the next event's title after it."""
    game = Game.new(chapter, "trotsky", 1)
    event = game.current()
    first = next(n for n, c in enumerate(event.choices) if c.available)
    choice = event.choices[first]
    game.choose(choice.id)
    return event.title, f"{first + 1}. {' '.join(choice.text.split()[:3])}", game.current().title


async def screen_until(ws: aiohttp.ClientWebSocketResponse, texts: list[str], until: float) -> str:
    """The terminal's text (escape sequences removed) from the frames received until every one of `texts` is in it."""
    raw = ""
    while not all(t in ANSI.sub("", raw) for t in texts):
        message = await asyncio.wait_for(ws.receive(), timeout=max(until - time.monotonic(), 0.01))
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
        raw += message.data.decode("utf-8", "replace") if isinstance(message.data, bytes) else message.data
    return ANSI.sub("", raw)


async def read_until_closed(ws: aiohttp.ClientWebSocketResponse) -> None:
    """Read frames, as a browser does, until the server closes the websocket (the close is answered on reading it)."""
    async for _ in ws:
        pass


@contextlib.asynccontextmanager
async def served(*options: str) -> AsyncIterator[tuple[asyncio.subprocess.Process, str]]:
    """`politburo serve` on a free port of 127.0.0.1 with `options`, once it says it listens: the process and
    the page's address. Stopped with SIGINT at the end if it is still running."""
    port = free_port()
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "game", "serve", "--host", "127.0.0.1", "--port", str(port), *options,
        cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        assert server.stdout is not None
        line = await asyncio.wait_for(server.stdout.readline(), timeout=DEADLINE)
        url = page_url("127.0.0.1", port)
        assert line.decode().strip() == f"Serving Politburo at {url}"
        yield server, url
    finally:
        if server.returncode is None:
            server.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(server.communicate(), timeout=DEADLINE)
            except TimeoutError:
                server.kill()
                await server.wait()


async def stopped(server: asyncio.subprocess.Process) -> None:
    """Stop the server as Ctrl+C does; it ends at once, with status 0 and no traceback."""
    server.send_signal(signal.SIGINT)
    out, err = await asyncio.wait_for(server.communicate(), timeout=DEADLINE)
    assert server.returncode == 0, err.decode()
    assert b"Traceback" not in out + err, (out + err).decode()


async def test_a_tab_plays_a_game_and_it_is_autosaved(chapter, saves_dir: Path):
    title, choice_one, next_title = first_events(chapter)
    until = time.monotonic() + DEADLINE
    async with served("--role", "trotsky", "--seed", "1") as (server, url), aiohttp.ClientSession() as session:
        async with session.get(f"{url}/") as page:
            assert page.status == 200
            html = await page.text()
        assert "js/textual.js" in html and "<div>Politburo</div>" in html
        websocket = url.replace("http://", "ws://") + "/ws"
        assert f'data-session-websocket-url="{websocket}"' in html
        async with session.ws_connect(f"{websocket}?width=100&height=30") as ws:
            await screen_until(ws, [title, choice_one], until)
            await ws.send_str(json.dumps(["stdin", "1"]))
            await screen_until(ws, [next_title], until)
        await stopped(server)
    saves = SaveStore(saves_dir).entries()
    assert [e.name for e in saves] == ["autosave-1"]
    meta = saves[0].meta
    assert meta is not None and meta.role == "trotsky" and meta.choices == 1


async def test_stopping_the_server_ends_the_game_of_an_open_tab():
    until = time.monotonic() + DEADLINE
    async with served() as (server, url), aiohttp.ClientSession() as session, \
            session.ws_connect(url.replace("http://", "ws://") + "/ws?width=100&height=30") as ws:
        await screen_until(ws, ["New game"], until)
        reading = asyncio.create_task(read_until_closed(ws))
        await stopped(server)
        await asyncio.wait_for(reading, timeout=DEADLINE)
        assert ws.close_code == aiohttp.WSCloseCode.OK


def test_each_tab_runs_this_python_with_play_and_the_options_quoted():
    options = ["--saves-dir", "/tmp/a folder; rm -rf ~", "--role", "trotsky", "--seed", "1", "--scenario", "it's"]
    assert shlex.split(play_command(options)) == [sys.executable, "-m", "game", "play", *options]
    assert page_url("localhost", 8000) == "http://localhost:8000"
    assert page_url("::1", 8080) == "http://[::1]:8080"


def serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", "serve", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=30)


def test_bad_input_is_one_line_and_an_exit_status():
    for args, status, message in (
        (["--port", "70000"], 2, "politburo: --port must be from 1 to 65535\n"),
        (["--port", "0"], 2, "politburo: --port must be from 1 to 65535\n"),
        (["--role", "nobody"], 2, "politburo: no role 'nobody' (roles: "),
        (["--seed", "1" * 19], 2, "politburo: --seed has at most 18 digits\n"),
    ):
        proc = serve(*args)
        assert (proc.returncode, proc.stdout) == (status, ""), proc.stderr
        assert proc.stderr.startswith(message) and proc.stderr.count("\n") == 1, proc.stderr
    proc = serve("--port", "eighty")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "invalid int value" in proc.stderr


def test_a_port_in_use_is_one_line_and_an_exit_status():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = serve("--host", "127.0.0.1", "--port", str(port))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith(f"politburo: cannot serve on 127.0.0.1 port {port}: ") and proc.stderr.count("\n") == 1
    assert "in use" in proc.stderr


def test_the_server_is_imported_only_when_it_starts():
    check = ("import sys, game.cli, game.serve; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiohttp', 'textual_serve', 'jinja2')))")
    proc = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=ROOT, timeout=30)
    assert (proc.returncode, proc.stdout.strip()) == (0, "[]"), proc.stderr
