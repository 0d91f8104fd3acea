"""The cue placement before issue 16, kept as a reference: a sorted list, each chain
scanned cue by cue and each cue inserted in place (quadratic on a long chain).

tests/test_limits.py checks the fast placement against it; benchmarks/bench_timeline.py
times it beside the fast one.
"""

from __future__ import annotations

import bisect

from retro_tui.core.timeline import _EPS, CUE_SPACING_S


class ScanPlaced:
    def __init__(self, times: list[float]) -> None:
        self.times = sorted(times)

    def first_free(self, t: float) -> float:
        while True:
            moved = False
            i = bisect.bisect_left(self.times, t - CUE_SPACING_S + _EPS)
            while i < len(self.times) and self.times[i] < t + CUE_SPACING_S - _EPS:
                t = self.times[i] + CUE_SPACING_S
                moved = True
                i += 1
            if not moved:
                return t

    def add(self, t: float) -> None:
        bisect.insort(self.times, t)
