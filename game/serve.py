"""`politburo serve`: the full-screen game as a web page, served with textual-serve.

Each browser tab that opens the page connects by a websocket of its own, and each websocket
starts a game process of its own: the Python running this one, with `-m game play` and the
options given. aiohttp and textual-serve are imported only when the server starts, so the
game's other commands never load them.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Sequence

TITLE = "Politburo"


class ServeError(Exception):
    """The server could not start; the message says why, in one line."""


def play_command(options: Sequence[str]) -> str:
    """The shell command each tab runs: this Python with `-m game play` and `options`, each quoted for the shell."""
    return shlex.join([sys.executable, "-m", "game", "play", *options])


def page_url(host: str, port: int) -> str:
    """The address of the page for a server listening on `host` and `port`."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


def serve(command: str, host: str, port: int) -> None:
    """Serve `command` on `host`:`port`, a process of it for each websocket, until SIGINT or SIGTERM.

    Prints the page's address once the port is open; raises ServeError when it cannot be opened."""
    import asyncio
    import contextlib
    import logging
    import signal

    from aiohttp import web
    from textual_serve.server import Server

    class _OneLine(logging.Formatter):
        """A log record as one line, `politburo: message`, without a traceback."""

        def format(self, record: logging.LogRecord) -> str:
            return f"politburo: {record.getMessage()}"

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    for name in ("textual-serve", "aiohttp"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
        logger.propagate = False

    url = page_url(host, port)

    class GameServer(Server):
        """textual-serve's server, saying where the page is once it listens, and ending each tab's
        game when it stops."""

        def __init__(self) -> None:
            super().__init__(command, host=host, port=port, title=TITLE, public_url=url)
            self.sessions: set[asyncio.Task[object]] = set()

        async def on_startup(self, app: web.Application) -> None:
            """Nothing is printed until the port is open."""

        async def on_shutdown(self, app: web.Application) -> None:
            """Ends every open tab's connection, which tells its game to quit and waits for it."""
            sessions = list(self.sessions)
            for task in sessions:
                task.cancel()
            await asyncio.gather(*sessions, return_exceptions=True)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            """One tab's game, from its websocket's opening to its closing."""
            task = asyncio.current_task()
            assert task is not None
            self.sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

    def listening(*_: object) -> None:
        print(f"Serving Politburo at {url}", flush=True)
        print("Open it in a web browser: each tab plays a game of its own. Ctrl+C stops the server.", flush=True)

    server = GameServer()
    loop = asyncio.new_event_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):   # Windows: Ctrl+C raises KeyboardInterrupt instead
            loop.add_signal_handler(sig, server.request_exit)
    try:
        web.run_app(server._make_app(), host=host, port=port, handle_signals=False, loop=loop,
                    print=listening, access_log=None, shutdown_timeout=5)
    except OSError as e:
        reason = os.strerror(e.errno) if e.errno and e.errno > 0 else (e.strerror or str(e))
        raise ServeError(f"cannot serve on {host} port {port}: {reason}") from None
