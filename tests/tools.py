"""Helpers for tests that need programs outside Python (espeak-ng, sox, aplay).

Absent, such a test skips and says why; under CI=true it fails instead, so
a CI machine missing a package cannot go green by skipping.
"""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def require_tool(*names: str) -> None:
    """Skip (or, with CI=true, fail) unless every program in `names` is on PATH."""
    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} on PATH (Debian: apt-get install espeak-ng sox alsa-utils mpg123)"
    if in_ci():
        pytest.fail(f"CI=true and {message}", pytrace=False)
    pytest.skip(message)


def skip_or_fail(reason: str) -> None:
    """Skip with `reason`; with CI=true fail instead (for data and tools CI must have)."""
    if in_ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)
