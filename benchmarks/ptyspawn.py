"""Start a command in a pseudo-terminal of a given size, as a person's terminal would.

Shared by the benchmarks that measure the real TUI (bench_live, bench_first_frame).
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import termios


def spawn_in_pty(
    argv: list[str], env: dict[str, str], rows: int, columns: int
) -> tuple[subprocess.Popen[bytes], int]:
    """The process, with the pty as its controlling terminal, and the master fd to read."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def child_setup() -> None:
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        preexec_fn=child_setup,
        close_fds=True,
    )
    os.close(slave)
    return proc, master
