"""Reading the log: the session list, one session in full, weekly totals.

Reads run in autocommit: each statement sees one committed state of the
file, and in WAL mode writers carry on meanwhile.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from retro_tui.core.records import EventRecord, SessionDetail, SessionSummary, StepRecord
from retro_tui.core.store.db import StoreBase, from_ts, guarded


class Queries(StoreBase):
    """The store's reading half."""

    _SUMMARY_COLUMNS = (
        "id, workout, name, started_at, ended_at, status, simulated, planned_s,"
        " backward_planned_s, active_s, paused_s, backward_s, rpe, notes, last_event_s"
    )

    @staticmethod
    def _summary_fields(row: Sequence[Any]) -> dict[str, Any]:
        return {
            "id": int(row[0]),
            "workout": row[1],
            "name": row[2],
            "started_at": from_ts(row[3]),
            "ended_at": None if row[4] is None else from_ts(row[4]),
            "status": row[5],
            "simulated": bool(row[6]),
            "planned_s": float(row[7]),
            "backward_planned_s": float(row[8]),
            "active_s": float(row[9]),
            "paused_s": float(row[10]),
            "backward_s": float(row[11]),
            "rpe": row[12],
            "notes": row[13] or "",
            "last_event_s": row[14],
        }

    @guarded
    def list_sessions(self, limit: int | None = 50, offset: int = 0) -> list[SessionSummary]:
        """Sessions newest first (by start time); `limit=None` for all."""
        rows = self._db.execute(
            f"SELECT {self._SUMMARY_COLUMNS} FROM sessions"
            " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?",
            (-1 if limit is None else int(limit), int(offset)),
        ).fetchall()
        return [SessionSummary(**self._summary_fields(row)) for row in rows]

    @guarded
    def count_sessions(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])

    @guarded
    def get_session(self, session_id: int) -> SessionDetail | None:
        """One session with steps, events, laps and cue counts; None if unknown."""
        conn = self._db
        row = conn.execute(
            f"SELECT {self._SUMMARY_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
        ).fetchone()
        if row is None:
            return None
        laps: dict[int, list[float]] = {}
        for step, lap_s in conn.execute(
            "SELECT step, lap_s FROM laps WHERE session_id = ? ORDER BY step, n", (session_id,)
        ):
            laps.setdefault(step, []).append(float(lap_s))
        steps = tuple(
            StepRecord(
                idx,
                kind,
                direction,
                float(planned),
                actual,
                bool(skipped),
                tuple(laps.get(idx, ())),
            )
            for idx, kind, direction, planned, actual, skipped in conn.execute(
                "SELECT idx, kind, direction, planned_s, actual_s, skipped FROM steps"
                " WHERE session_id = ? ORDER BY idx",
                (session_id,),
            )
        )
        events = tuple(
            EventRecord(float(at_s), kind, json.loads(data), from_ts(logged_at))
            for at_s, kind, data, logged_at in conn.execute(
                "SELECT at_s, kind, data, logged_at FROM events WHERE session_id = ? ORDER BY id",
                (session_id,),
            )
        )
        cues: Counter[str] = Counter()
        dropped = 0
        for e in events:
            if e.kind == "cue":
                if e.data.get("dropped"):
                    dropped += 1
                else:
                    cues[str(e.data.get("kind", "?"))] += 1
        return SessionDetail(
            **self._summary_fields(row),
            steps=steps,
            events=events,
            cue_counts=dict(cues),
            dropped_cues=dropped,
            stumbles=max(
                sum(1 for e in events if e.kind == "stumble")
                - sum(1 for e in events if e.kind == "stumble_undone"),
                0,
            ),
        )

    @guarded
    def weekly_backward_minutes(
        self, weeks: int = 12, today: date | None = None, include_simulated: bool = False
    ) -> list[tuple[date, float]]:
        """Backward minutes per local week (Monday first), oldest first, ending this week."""
        if weeks < 1:
            return []
        today = today or date.today()
        this_monday = today - timedelta(days=today.weekday())
        first = this_monday - timedelta(weeks=weeks - 1)
        start_ts = datetime.combine(first, datetime.min.time()).timestamp()
        end_ts = datetime.combine(this_monday + timedelta(weeks=1), datetime.min.time()).timestamp()
        sql = "SELECT started_at, backward_s FROM sessions WHERE started_at >= ? AND started_at < ?"
        if not include_simulated:
            sql += " AND simulated = 0"
        totals = [0.0] * weeks
        for started_at, backward_s in self._db.execute(sql, (start_ts, end_ts)):
            day = datetime.fromtimestamp(started_at).date()
            week = (day - first).days // 7
            if 0 <= week < weeks:
                totals[week] += float(backward_s) / 60.0
        return [(first + timedelta(weeks=i), round(totals[i], 3)) for i in range(weeks)]
