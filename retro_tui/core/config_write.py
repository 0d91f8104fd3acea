"""Saving the settings screen's values to the runner's file (PRODUCT.md §3).

An existing file is edited in place with tomlkit: only the values that
changed are replaced or added, so the runner's comments, blank lines, key
order and workouts stay byte for byte as they wrote them. A new file is
written with tomli-w. Either way the bytes are written whole or not at all
(`files.write_atomic`), through a symlink to the file it points to, and the
new text must load before it replaces the old.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from retro_tui.core.files import write_atomic
from retro_tui.core.settings import SettingError, Settings, settings_from_raw, settings_to_raw


def write_user_settings(path: Path, settings: Settings, shipped: Settings | None = None) -> None:
    """Write [settings] to the user's file atomically, keeping everything else.

    With `shipped` (the shipped default's settings), a key the file does not
    set yet is added only when it differs from the shipped value: a later
    change to a shipped default still reaches a runner who never touched
    that setting. A key the file sets keeps its spelling unless its value
    changed.
    """
    wanted = settings_to_raw(settings)
    if shipped is not None:
        default = settings_to_raw(shipped)
        had = _set_keys(path)
        wanted = {k: v for k, v in wanted.items() if v != default[k] or k in had}
    if path.exists():
        text = path.read_text(encoding="utf-8")
        data = _edited(text, wanted, settings).encode("utf-8")
    else:
        import tomli_w

        path.parent.mkdir(parents=True, exist_ok=True)
        data = tomli_w.dumps({"settings": wanted}).encode("utf-8")
    write_atomic(path, data, check=_loads, durable=True)


def _set_keys(path: Path) -> set[str]:
    if not path.exists():
        return set()
    with path.open("rb") as handle:
        table = tomllib.load(handle).get("settings")
    return set(table) if isinstance(table, dict) else set()


def _edited(text: str, wanted: dict[str, Any], settings: Settings) -> str:
    import tomlkit

    document = tomlkit.parse(text)
    if "settings" not in document:
        document["settings"] = tomlkit.table()
    table: Any = document["settings"]
    for key, value in wanted.items():
        if key in table:
            if not _same(key, table[key], settings):
                table[key] = value  # replaced where it stands, its comment kept
            continue  # "20 s" stays "20 s": the value did not change
        _add(table, key, value)
    return tomlkit.dumps(document)


def _add(table: Any, key: str, value: object) -> None:
    """A new key goes after the table's last key, not after the comments that
    follow it (those head the next table, such as the runner's workouts)."""
    body = getattr(getattr(table, "value", None), "body", None)
    keys = [k for k, _ in body or () if k is not None]
    if keys and hasattr(table.value, "_insert_after"):
        table.value._insert_after(keys[-1], key, value)
    else:
        table[key] = value


def _same(key: str, written: object, settings: Settings) -> bool:
    plain = written.unwrap() if hasattr(written, "unwrap") else written
    try:
        parsed = settings_from_raw({key: plain})
    except SettingError:
        return False
    return bool(getattr(parsed, key) == getattr(settings, key))


def _loads(path: Path) -> None:
    # The new file must read back before it replaces the old one.
    with path.open("rb") as handle:
        tomllib.load(handle)
