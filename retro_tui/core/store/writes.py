"""Writing the log: a session begins, its events arrive one by one, it finishes.

Every call is its own `BEGIN IMMEDIATE` transaction (or part of an enclosing
`batch()`), committed before it returns. A session is `running` from
`begin_session` until `finish_session` closes it as `completed` or
`stopped`; recovery closes the ones left open as `interrupted`.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Mapping, Sequence
from datetime import datetime

from retro_tui.core.records import PlannedStep
from retro_tui.core.store.db import StoreBase, guarded, to_ts

STATUSES = ("running", "completed", "stopped", "interrupted")
FINISH_STATUSES = ("completed", "stopped")


class Writes(StoreBase):
    """The store's writing half."""

    @guarded
    def begin_session(
        self,
        *,
        workout: str,
        name: str,
        planned_s: float,
        backward_planned_s: float,
        simulated: bool,
        started_at: datetime,
        steps: Sequence[PlannedStep],
    ) -> int:
        """Open a session (status `running`) with its planned steps; its id."""
        now = time.time()
        with self._write() as conn:
            cur = conn.execute(
                "INSERT INTO sessions (workout, name, started_at, status, simulated, planned_s,"
                " backward_planned_s, pid, host, updated_at)"
                " VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)",
                (
                    workout,
                    name,
                    to_ts(started_at),
                    int(simulated),
                    float(planned_s),
                    float(backward_planned_s),
                    self._pid,
                    self._host,
                    now,
                ),
            )
            session_id = cur.lastrowid
            assert session_id is not None
            conn.executemany(
                "INSERT INTO steps (session_id, idx, kind, direction, planned_s)"
                " VALUES (?, ?, ?, ?, ?)",
                [(session_id, s.index, s.kind, s.direction, float(s.planned_s)) for s in steps],
            )
        self._own.add(session_id)
        return session_id

    @guarded
    def log_event(
        self,
        session_id: int,
        at_s: float,
        kind: str,
        data: Mapping[str, object] | None = None,
    ) -> None:
        """Record one event, committed before this returns.

        A `step_end` event ({step, actual_s, skipped}) also updates that
        step; a `lap` ({step, lap_s}) adds a lap to it. Raises ValueError for
        an unknown session or data that is not JSON.
        """
        payload = dict(data or {})
        try:
            text = json.dumps(payload, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError) as err:
            raise ValueError(f"event {kind!r}: data is not JSON ({err})") from None
        at = float(at_s)
        if not math.isfinite(at):
            raise ValueError(f"event {kind!r}: at_s must be a finite number, not {at_s!r}")
        now = time.time()
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE sessions SET last_event_s = ?, updated_at = ? WHERE id = ?",
                (at, now, session_id),
            )
            if cur.rowcount == 0:
                raise ValueError(f"no session {session_id}")
            conn.execute(
                "INSERT INTO events (session_id, at_s, kind, data, logged_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (session_id, at, kind, text, now),
            )
            step = payload.get("step")
            if isinstance(step, int) and not isinstance(step, bool):
                if kind == "step_end":
                    actual = payload.get("actual_s")
                    conn.execute(
                        "UPDATE steps SET actual_s = ?, skipped = ? WHERE session_id = ? AND idx = ?",
                        (
                            float(actual) if isinstance(actual, int | float) else None,
                            int(bool(payload.get("skipped"))),
                            session_id,
                            step,
                        ),
                    )
                elif kind == "lap":
                    lap_s = payload.get("lap_s")
                    conn.execute(
                        "UPDATE steps SET laps = laps + 1 WHERE session_id = ? AND idx = ?",
                        (session_id, step),
                    )
                    row = conn.execute(
                        "SELECT laps FROM steps WHERE session_id = ? AND idx = ?",
                        (session_id, step),
                    ).fetchone()
                    if row is not None and isinstance(lap_s, int | float):
                        conn.execute(
                            "INSERT INTO laps (session_id, step, n, lap_s, at_s)"
                            " VALUES (?, ?, ?, ?, ?)",
                            (session_id, step, row[0], float(lap_s), at),
                        )

    @guarded
    def finish_session(
        self,
        session_id: int,
        *,
        status: str,
        ended_at: datetime,
        active_s: float,
        paused_s: float,
        backward_s: float,
    ) -> None:
        """Close a session as `completed` or `stopped` with its totals."""
        if status not in FINISH_STATUSES:
            raise ValueError(f"status {status!r}: use one of {', '.join(FINISH_STATUSES)}")
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ?, active_s = ?, paused_s = ?,"
                " backward_s = ?, updated_at = ? WHERE id = ?",
                (
                    status,
                    to_ts(ended_at),
                    float(active_s),
                    float(paused_s),
                    float(backward_s),
                    time.time(),
                    session_id,
                ),
            )
            if cur.rowcount == 0:
                raise ValueError(f"no session {session_id}")
        self._own.discard(session_id)
        self._checkpoint()

    @guarded
    def set_review(self, session_id: int, rpe: int | None, notes: str) -> bool:
        """Save the runner's RPE (1–10, or None) and notes; False for an unknown id."""
        if rpe is not None and (
            isinstance(rpe, bool) or not isinstance(rpe, int) or not 1 <= rpe <= 10
        ):
            raise ValueError(f"RPE {rpe!r}: use a whole number from 1 to 10, or none")
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE sessions SET rpe = ?, notes = ? WHERE id = ?", (rpe, notes, session_id)
            )
            return cur.rowcount > 0

    @guarded
    def delete_session(self, session_id: int) -> bool:
        """Delete a session with its steps, events and laps; False for an unknown id."""
        with self._write() as conn:
            for table in ("events", "laps", "steps"):
                conn.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))
            cur = conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
            return cur.rowcount > 0
