"""The real program in a real pseudo-terminal: it draws, answers a key and quits cleanly.

The same check as playing it in tmux at 100x30 and 80x24: the date and numbered choices are
on screen, the key 1 makes a choice, ctrl+q leaves at once (the choice is autosaved), and
`play --load` in a new process resumes the game at the same event.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import sys
import termios
import time

import pytest

from tests.conftest import ROOT

CSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]")
GUARD = 60.0      # seconds: only to stop a hung child from hanging the suite, never a measure


class Terminal:
    """A child process on a pseudo-terminal of a given size, and what it has written."""

    def __init__(self, cols: int, rows: int, *argv: str) -> None:
        import pty
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(cols), LINES=str(rows))
        for name in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_DRIVER"):
            env.pop(name, None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:   # the child
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "game", *argv], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = b""
        self.closed = False

    def text(self) -> bytes:
        """Everything written so far, without the escape sequences that move and colour."""
        return CSI.sub(b"", self.output)

    def wait_for(self, pattern: bytes) -> bool:
        """Read until `pattern` shows up in the text, or the child ends."""
        end = time.monotonic() + GUARD
        while time.monotonic() < end and not self.closed:
            if pattern in self.text():
                return True
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    self.closed = True
                self.output += chunk
        return pattern in self.text()

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def exit_status(self) -> int:
        self.wait_for(b"\x00never\x00")            # drain until the child closes the terminal
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def played(term: Terminal, *expected: bytes) -> None:
    """Wait for each text in turn, then leave with ctrl+q; the child ends cleanly and tidies the terminal."""
    try:
        for text in expected:
            assert term.wait_for(text), term.text()[-2000:]
        term.send(b"\x11")                           # ctrl+q
        assert term.exit_status() == 0
    finally:
        if not term.closed:
            os.kill(term.pid, 9)
    assert b"Traceback" not in term.output
    tail = term.output[term.output.rindex(b"\x1b[1;1H"):]
    assert b"\x1b[?1049l" in tail and b"\x1b[?25h" in tail      # the screen and the cursor are given back


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=["100x30", "80x24"])
def test_play_in_a_real_terminal(size: tuple[int, int], saves_dir) -> None:
    term = Terminal(*size, "play", "--scenario", "succession-1924", "--role", "trotsky", "--seed", "1")
    try:
        assert term.wait_for(b"January 1924"), term.text()[-2000:]
        assert term.wait_for(b"1. Say nothing. Go south")
        assert term.wait_for(b"3. Declare that you accept")
        term.send(b"1")
    except BaseException:
        os.kill(term.pid, 9)
        raise
    played(term, b"A Telegram at Tiflis")
    assert (saves_dir / "autosave-1.json").is_file()
    if size == (100, 30):
        played(Terminal(*size, "play", "--load", "autosave-1"), b"January 1924", b"A Telegram at Tiflis")
