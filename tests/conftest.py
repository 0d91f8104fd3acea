"""Shared fixtures. Helpers live in tests/tools.py (import them from there)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))  # `from tools import require_tool`


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT
