"""Saving settings edits the runner's file in place (PRODUCT.md §3, issue 16).

Comments, blank lines, key order and workouts stay byte for byte; only the
changed values move. The write is atomic and goes through a symlink to the
file it points to. The settings screen is driven with the pilot; the writer
itself is also called directly for the edge cases.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from test_ui_plan_settings import harness, open_settings, save_button, settle, text_of, type_into

from retro_tui.core.config import load_config
from retro_tui.core.config_write import write_user_settings
from retro_tui.core.settings import Settings

SIZE = (80, 24)

COMMENTED = """\
# My settings. The coach must keep every word of this.

[settings]
# a beeper at the track
voice = "beeps"        # speech is too quiet there
shoulder_check_every = "20 s"   # written with a space, on purpose
countdown = 2

# --- my own workouts --------------------------------------------------------
[[workouts]]
id   = "my-hill"            # aligned by hand
name = "My hill walk"
steps = [
  { walk = "3min", note = "up the hill" },   # slow
  { rest = "1min" },
]
"""

OVERLAY = """\
[settings]
countdown = 5
first_shoulder = "right"

[[workouts]]
id = "mine"
name = "Mine"
steps = [{ walk = "1min" }]
"""


@pytest.fixture
def user_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "user" / "config.toml"
    path.parent.mkdir()
    path.write_text(COMMENTED, encoding="utf-8")
    monkeypatch.setattr("retro_tui.ui.screens.settings.user_config_path", lambda: path)
    return path


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- through the settings screen ----------------------------------------------------


async def test_saving_keeps_comments_order_and_workouts_byte_for_byte(user_file) -> None:
    h = harness(load_config(user_file), None)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_settings(h, pilot)
        await type_into(pilot, screen, "countdown", "5")
        await type_into(pilot, screen, "get_ready", "15s")
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = text_of(screen, "#settings-status")
        assert status == f"Saved to {user_file}. The next session uses these settings."
    assert h.app.return_code in (None, 0)
    text = user_file.read_text(encoding="utf-8")
    # the one changed value, and the one new key at the end of [settings]
    expected = COMMENTED.replace("countdown = 2\n", 'countdown = 5\nget_ready = "15s"\n')
    assert text == expected
    settings = load_config(user_file).settings
    assert (settings.countdown, settings.get_ready, settings.voice) == (5, 15.0, "beeps")
    assert settings.shoulder_check_every == 20.0
    assert sorted(p.name for p in user_file.parent.iterdir()) == ["config.toml"]


async def test_saving_through_a_symlink_keeps_the_link(tmp_path: Path, monkeypatch) -> None:
    """A dotfiles checkout links the config: the link stays, its target gets the change."""
    real = _write(tmp_path / "dotfiles" / "retro.toml", COMMENTED)
    link = tmp_path / "user" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    monkeypatch.setattr("retro_tui.ui.screens.settings.user_config_path", lambda: link)
    h = harness(load_config(link), None)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_settings(h, pilot)
        await type_into(pilot, screen, "countdown", "7")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert text_of(screen, "#settings-status").startswith(f"Saved to {link}.")
    assert link.is_symlink() and link.resolve() == real
    assert real.read_text(encoding="utf-8") == COMMENTED.replace("countdown = 2", "countdown = 7")
    assert sorted(p.name for p in real.parent.iterdir()) == ["retro.toml"]
    assert sorted(p.name for p in link.parent.iterdir()) == ["config.toml"]


async def test_a_failed_rename_leaves_the_file_and_the_link(tmp_path: Path, monkeypatch) -> None:
    real = _write(tmp_path / "dotfiles" / "retro.toml", COMMENTED)
    link = tmp_path / "user" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    monkeypatch.setattr("retro_tui.ui.screens.settings.user_config_path", lambda: link)
    h = harness(load_config(link), None)

    def no_rename(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_settings(h, pilot)
        await type_into(pilot, screen, "countdown", "9")
        monkeypatch.setattr(os, "replace", no_rename)
        await pilot.press("ctrl+s")
        await settle(pilot)
        monkeypatch.undo()
        assert text_of(screen, "#settings-status") == (
            f"Could not save to {link} (No space left on device): the file was left as it was."
        )
        assert not save_button(screen).disabled
    assert link.is_symlink() and real.read_text(encoding="utf-8") == COMMENTED
    assert sorted(p.name for p in real.parent.iterdir()) == ["retro.toml"]


# --- the writer ---------------------------------------------------------------------


def test_an_unchanged_value_keeps_its_spelling(tmp_path: Path) -> None:
    path = _write(tmp_path / "config.toml", COMMENTED)
    settings = load_config(path).settings
    write_user_settings(path, settings, shipped=settings)  # nothing changed
    assert path.read_text(encoding="utf-8") == COMMENTED
    write_user_settings(path, settings)  # every key written; the file's own ones unchanged
    text = path.read_text(encoding="utf-8")
    head, tail = COMMENTED.split("countdown = 2\n")
    assert text.startswith(head + "countdown = 2\n")
    assert text.endswith(tail)
    assert load_config(path).settings == settings


def test_a_file_without_settings_gets_a_table_and_keeps_the_rest(tmp_path: Path) -> None:
    workouts_only = COMMENTED.split("# --- my own")[1]
    path = _write(tmp_path / "config.toml", "# --- my own" + workouts_only)
    shipped = load_config().settings
    write_user_settings(path, shipped.with_values(countdown=4), shipped=shipped)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# --- my own" + workouts_only)
    assert tomllib.loads(text)["settings"] == {"countdown": 4}


def test_write_user_settings_keeps_workouts(tmp_path: Path) -> None:
    path = _write(tmp_path / "cfg" / "config.toml", OVERLAY)
    before = tomllib.loads(path.read_text())
    os.chmod(path, 0o644)
    wanted = Settings(voice="beeps", countdown=7, shoulder_check_every=None)
    write_user_settings(path, wanted)
    after = tomllib.loads(path.read_text())
    assert after["workouts"] == before["workouts"]
    assert load_config(path).settings == wanted
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temp file left
    assert path.stat().st_mode & 0o777 == 0o644


def test_write_user_settings_creates_the_file(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "config.toml"
    write_user_settings(path, Settings(countdown=4))
    assert load_config(path).settings == Settings(countdown=4)
    assert "workouts" not in tomllib.loads(path.read_text())


def test_write_user_settings_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new bytes go to a temp file in the same folder, renamed over the old file."""
    path = _write(tmp_path / "config.toml", OVERLAY)
    original = path.read_bytes()
    replaced: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy_replace(src: str, dst: str) -> None:
        replaced.append((str(src), str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy_replace)
    write_user_settings(path, Settings(countdown=1))
    assert len(replaced) == 1
    src, dst = replaced[0]
    assert Path(src).parent == path.parent and dst == str(path)  # same folder: a rename

    def full_disk(fd: int, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    written = path.read_bytes()
    monkeypatch.setattr(os, "fsync", lambda fd: full_disk(fd, b""))
    with pytest.raises(OSError, match="No space left"):
        write_user_settings(path, Settings(countdown=2))
    assert path.read_bytes() == written != original
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


def test_write_user_settings_writes_only_what_differs_from_the_shipped_default(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[settings]\nvoice = "speech"\n', encoding="utf-8")  # set by hand, = default
    shipped = load_config().settings
    wanted = shipped.with_values(countdown=5, first_shoulder="right")
    write_user_settings(path, wanted, shipped=shipped)
    written = tomllib.loads(path.read_text(encoding="utf-8"))["settings"]
    assert written == {"voice": "speech", "countdown": 5, "first_shoulder": "right"}
    assert load_config(path).settings == wanted
