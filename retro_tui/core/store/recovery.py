"""Recovery: closing the sessions whose writing process is gone.

Each session records the pid and host of the process writing it.
`recover_interrupted()` closes an open session (no `ended_at`) as
`interrupted` when that process is gone: same host and pid not alive (a
zombie counts as gone), or another host and no event for `STALE_OTHER_HOST_S`.
It ends at the wall time of its last logged event; `active_s`/`backward_s`
come from the steps' logged times plus the step that was under way up to
the last event, `paused_s` from the wall time between pause and resume
events (session seconds and wall seconds differ for `--speed` runs; for a
simulated session that part is an estimate).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from pathlib import Path

from retro_tui.core.store.db import StoreBase, guarded

STALE_SAME_HOST_S = 12 * 3600.0
STALE_OTHER_HOST_S = 24 * 3600.0


def _pid_alive(pid: int) -> bool:
    """Whether process `pid` runs on this machine (a zombie does not)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OSError:
        return False
    try:  # Linux: a killed child not yet reaped by its parent is a zombie
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat[stat.rindex(")") + 2 :][:1] not in ("Z", "X")
    except (OSError, ValueError):
        return True


def _boot_time() -> float:
    """When this machine booted (epoch seconds; 0 where unknown)."""
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("btime "):
                return float(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


class Recovery(StoreBase):
    """The store's recovery of interrupted sessions."""

    @guarded
    def recover_interrupted(self) -> list[int]:
        """Close open sessions whose process is gone as `interrupted`; their ids."""
        conn = self._db
        rows = conn.execute(
            "SELECT id, pid, host, updated_at FROM sessions WHERE ended_at IS NULL ORDER BY id"
        ).fetchall()
        now = time.time()
        gone: list[int] = []
        for session_id, pid, host, updated_at in rows:
            if session_id in self._own:
                continue
            if host == self._host:
                # A pid from before the last boot, or one silent for half a day,
                # is another process by now (pids are reused).
                stale = (
                    float(updated_at) < _boot_time() or now - float(updated_at) > STALE_SAME_HOST_S
                )
                if pid is not None and not stale and _pid_alive(int(pid)):
                    continue
            elif now - float(updated_at) < STALE_OTHER_HOST_S:
                continue
            gone.append(int(session_id))
        closed: list[int] = []
        for session_id in gone:
            with self._write() as conn:
                if self._close_interrupted(conn, session_id):
                    closed.append(session_id)
        return closed

    def _close_interrupted(self, conn: sqlite3.Connection, session_id: int) -> bool:
        row = conn.execute(
            "SELECT started_at, updated_at, ended_at, last_event_s FROM sessions WHERE id = ?",
            (session_id,),
        ).fetchone()
        if row is None or row[2] is not None:
            return False  # closed meanwhile by another process
        started_at, updated_at, _, last_event_s = row
        steps = {
            idx: [direction, actual]
            for idx, direction, actual in conn.execute(
                "SELECT idx, direction, actual_s FROM steps WHERE session_id = ?", (session_id,)
            )
        }
        open_step: int | None = None
        open_from = 0.0
        paused_wall = 0.0
        paused_since: float | None = None
        last_logged: float | None = None
        for at_s, kind, data, logged_at in conn.execute(
            "SELECT at_s, kind, data, logged_at FROM events WHERE session_id = ? ORDER BY id",
            (session_id,),
        ):
            last_logged = logged_at
            payload = json.loads(data)
            if kind == "step_start":
                open_step, open_from = payload.get("step"), at_s
            elif kind == "step_end" and payload.get("step") == open_step:
                open_step = None
            elif kind == "pause" and paused_since is None:
                paused_since = logged_at
            elif kind == "resume" and paused_since is not None:
                paused_wall += logged_at - paused_since
                paused_since = None
        if open_step in steps and last_event_s is not None:
            done = steps[open_step][1] or 0.0
            steps[open_step][1] = done + max(0.0, float(last_event_s) - open_from)
            conn.execute(
                "UPDATE steps SET actual_s = ? WHERE session_id = ? AND idx = ?",
                (steps[open_step][1], session_id, open_step),
            )
        active = sum(actual or 0.0 for _, actual in steps.values())
        backward = sum(actual or 0.0 for d, actual in steps.values() if d == "backward")
        ended = last_logged if last_logged is not None else float(started_at)
        conn.execute(
            "UPDATE sessions SET status = 'interrupted', ended_at = ?, active_s = ?,"
            " paused_s = ?, backward_s = ?, updated_at = ? WHERE id = ? AND ended_at IS NULL",
            (
                max(ended, float(started_at)),
                round(active, 3),
                round(paused_wall, 3),
                round(backward, 3),
                max(float(updated_at), time.time()),
                session_id,
            ),
        )
        return True
