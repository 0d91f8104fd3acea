"""Where the shipped config and sounds are, installed or in a checkout.

A wheel carries them in `retro_tui/_data/` (hatch force-include); an editable
install does not, so the repository root is the second place to look.
"""

from __future__ import annotations

from pathlib import Path

# The package's folder, as importlib.resources.files("retro_tui") gives it for
# an installed or editable package, without its import (zipfile, tempfile...:
# a tenth of a light command's start-up).
_PACKAGE = Path(__file__).parents[1]
_REPO_ROOT = Path(__file__).resolve().parents[2]


def _data_path(name: str) -> Path:
    packaged = _PACKAGE / "_data" / name
    if packaged.exists():
        return packaged
    return _REPO_ROOT / name


def default_config_path() -> Path:
    return _data_path("config.toml")


def sounds_dir() -> Path:
    return _data_path("sounds")
