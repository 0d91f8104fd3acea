"""A logged session as TCX (Garmin TrainingCenterDatabase v2) for Strava, Garmin, intervals.icu.

Shaped as PRODUCT.md §13 says, from what those importers' users ran into:
the declaration is the first bytes; one Running activity whose Id is the
start in UTC; one Lap per step that ran (and one per lap pressed inside a
time step), in the schema's strict child order; a Track of trackpoints, one
a second of active time, each with Time and a cumulative DistanceMeters and
never a Position (a run without GPS is treated differently once GPS fields
appear); Notes after the Track; a Device_t creator.

Written by hand with escaping (the stdlib, no lxml): a 1-hour session has
3,600 trackpoints and this is the fast way to build them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping

from retro_tui.core.amounts import format_duration
from retro_tui.core.phrases import STEP_LABELS
from retro_tui.core.records import SessionDetail
from retro_tui.core.report import iso_utc
from retro_tui.core.text import visible
from retro_tui.formats.session_laps import Lap, session_laps

NAMESPACE = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
SCHEMA_URL = "http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd"
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<TrainingCenterDatabase xmlns="{NAMESPACE}"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    f' xsi:schemaLocation="{NAMESPACE} {SCHEMA_URL}">\n'
    "<Activities>\n"
)
_ENDINGS = {
    "skip": "skipped",
    "stop": "stopped here",
    "open": "cut off (the session was interrupted)",
    "back": "left for the step before",
}
# Not XML 1.0 characters even when escaped; control characters go through `visible`.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


class NothingToExport(ValueError):
    """A session with no active time has no lap, and TCX needs at least one."""


def _text(text: str) -> str:
    """Text from the log as XML character data: control characters visible, then escaped."""
    shown = _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", visible(text))
    # xml.sax.saxutils.escape's three replacements: importing it loads
    # urllib.request (http, ssl, email), a fifth of `export`'s start-up.
    return shown.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


_MM_SS = tuple(f"{m:02d}:{s:02d}" for m in range(60) for s in range(60))


class _Clock:
    """Session clock seconds → "2026-11-23T16:40:10.250Z" (UTC, to the millisecond).

    Trackpoints come one a second, thousands a session: the date is formatted
    once a day and the time of day from a table, not with strftime.
    """

    def __init__(self, origin: float) -> None:
        self.origin = origin
        self._day = -1
        self._date = ""

    def __call__(self, clock_s: float) -> str:
        return self.stamps([clock_s])[0]

    def stamps(self, clocks: list[float]) -> list[str]:
        """Each clock reading as a timestamp; a reading one second after the last
        only steps the seconds on (most trackpoints), the rest are worked out."""
        origin, out = self.origin, []
        previous, rest, head, tail = -2.0, 3599, "", ""
        for clock_s in clocks:
            if rest < 3599 and abs(clock_s - previous - 1.0) < 1e-9:
                rest += 1
            else:
                second, milli = divmod(round((origin + clock_s) * 1000), 1000)
                day, of_day = divmod(second, 86400)
                if day != self._day:
                    self._day = day
                    self._date = time.strftime("%Y-%m-%dT", time.gmtime(day * 86400))
                hours, rest = divmod(of_day, 3600)
                head, tail = f"{self._date}{hours:02d}:", f".{milli:03d}Z"
            previous = clock_s
            out.append(head + _MM_SS[rest] + tail)
        return out


def _lap_notes(lap: Lap) -> str:
    step = lap.step
    label = STEP_LABELS.get(step.kind, step.kind)
    amount = (
        f"{lap.planned_m:g} m" if lap.planned_m is not None else format_duration(step.planned_s)
    )
    text = f"Step {step.index + 1} of {lap.steps}: {label}, {step.direction}, {amount}"
    if lap.parts > 1:
        text += f", lap {lap.part} of {lap.parts}"
    if lap.part == lap.parts and lap.ending in _ENDINGS:
        text += f" ({_ENDINGS[lap.ending]})"
    return _text(text)


def _activity_notes(detail: SessionDetail) -> str:
    lines = [
        f"{detail.name} ({detail.workout})",
        f"retro (backward) running: {format_duration(detail.backward_s)} backward"
        f" of {format_duration(detail.active_s)} active",
    ]
    if detail.rpe is not None:
        lines.append(f"RPE {detail.rpe}/10")
    if detail.notes:
        lines.append(f"Notes: {detail.notes}")
    lines.append(f"Near-falls: {detail.stumbles}")
    if detail.status != "completed":
        lines.append(f"Session {detail.status}")
    if detail.simulated:
        lines.append("Simulated (a --speed run)")
    return "\n".join(_text(line) for line in lines)


def _lap_xml(lap: Lap, stamp: _Clock, distance_before: float, out: list[str]) -> None:
    intensity = "Resting" if lap.step.kind == "rest" else "Active"
    out.append(
        f'<Lap StartTime="{stamp(lap.start_s)}">\n'
        f"<TotalTimeSeconds>{lap.duration_s:.3f}</TotalTimeSeconds>\n"
        f"<DistanceMeters>{lap.distance_m:.1f}</DistanceMeters>\n"
        "<Calories>0</Calories>\n"
        f"<Intensity>{intensity}</Intensity>\n"
        f"<TriggerMethod>{lap.trigger}</TriggerMethod>\n"
        "<Track>\n"
    )
    points = lap.track()
    times = stamp.stamps([clock_s for clock_s, _ in points])
    metres = lap.distance_m
    if metres:
        distances = [f"{distance_before + metres * done:.1f}" for _, done in points]
    else:
        distances = [f"{distance_before:.1f}"] * len(points)  # a time lap covers no distance
    out += [
        f"<Trackpoint><Time>{t}</Time><DistanceMeters>{d}</DistanceMeters></Trackpoint>\n"
        for t, d in zip(times, distances, strict=True)
    ]
    out.append(f"</Track>\n<Notes>{_lap_notes(lap)}</Notes>\n</Lap>\n")


def _version(version: str) -> tuple[int, int]:
    parts = [int(p) if p.isdigit() else 0 for p in version.split(".")[:2]]
    major, minor = (parts + [0, 0])[:2]
    return min(major, 65535), min(minor, 65535)


def session_tcx(detail: SessionDetail, distances: Mapping[int, float], version: str = "0") -> str:
    """The session as TCX text; `distances` maps a step index to its metres (known ones)."""
    laps = session_laps(detail, distances)
    if not laps:
        raise NothingToExport(
            f"session {detail.id} has no active time (no step ran): there is no lap to export"
        )
    stamp = _Clock(detail.started_at.timestamp())
    out = [_HEAD, f'<Activity Sport="Running">\n<Id>{iso_utc(detail.started_at)}</Id>\n']
    distance = 0.0
    for lap in laps:
        _lap_xml(lap, stamp, distance, out)
        distance += lap.distance_m
    major, minor = _version(version)
    out.append(
        f"<Notes>{_activity_notes(detail)}</Notes>\n"
        '<Creator xsi:type="Device_t">\n<Name>retro-tui</Name>\n'
        "<UnitId>0</UnitId>\n<ProductID>0</ProductID>\n"
        f"<Version><VersionMajor>{major}</VersionMajor><VersionMinor>{minor}</VersionMinor>"
        "</Version>\n</Creator>\n</Activity>\n</Activities>\n</TrainingCenterDatabase>\n"
    )
    return "".join(out)
