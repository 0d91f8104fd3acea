"""A non-editable install finds its default config and sounds (PRODUCT.md §2).

Builds the wheel, installs it into a fresh venv and runs `retro-tui` from
another folder, so nothing can come from the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from retro_tui.core.config import load_config

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _run(
    argv: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=300, cwd=cwd, env=env)
    assert result.returncode == 0, f"{argv}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(out)])
    [built] = out.glob("retro_tui-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv with the wheel (and its dependencies) installed."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    # The running pip installs into the new venv (pip >= 22.3); the index is local here.
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", str(wheel)])
    return python.parent


def _clean_env(home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RETRO_TUI_", "PYTHON", "VIRTUAL_ENV"))
    }
    env.update(
        HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data")
    )
    return env


def _shipped_sounds() -> list[str]:
    """Every file in the checkout's sounds/ (a placeholder dot-file aside)."""
    return sorted(
        p.relative_to(REPO / "sounds").as_posix()
        for p in (REPO / "sounds").rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )


def test_wheel_carries_config_and_sounds(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "retro_tui/_data/config.toml" in names
    assert "retro_tui/cli.py" in names
    missing = [n for n in _shipped_sounds() if f"retro_tui/_data/sounds/{n}" not in names]
    assert not missing, f"sounds/ files left out of the wheel (a .gitignore line?): {missing}"
    with zipfile.ZipFile(wheel) as zf:
        assert zf.read("retro_tui/_data/config.toml") == (REPO / "config.toml").read_bytes()


def test_installed_retro_tui_runs_from_another_folder(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _clean_env(tmp_path)
    exe = installed / ("retro-tui.exe" if os.name == "nt" else "retro-tui")
    result = _run([str(exe), "workouts", "--json"], cwd=elsewhere, env=env)
    listed = {w["id"] for w in json.loads(result.stdout)}
    assert listed == set(load_config().workouts)  # every shipped workout

    timeline = json.loads(
        _run([str(exe), "timeline", "ladder", "--json"], cwd=elsewhere, env=env).stdout
    )
    assert timeline["workout"] == "ladder" and timeline["cues"]

    # the data comes from the installed package, not from this checkout
    probe = _run(
        [
            str(installed / "python"),
            "-c",
            "from retro_tui.core.resources import default_config_path, sounds_dir;"
            "import retro_tui; print(retro_tui.__file__); print(default_config_path());"
            "print(sounds_dir()); print(sounds_dir().is_dir())",
        ],
        cwd=elsewhere,
        env=env,
    ).stdout.splitlines()
    package, config, sounds, sounds_is_dir = probe
    venv = installed.parent.resolve()
    for path in (package, config, sounds):
        assert Path(path).resolve().is_relative_to(venv), (path, venv)
        assert not Path(path).resolve().is_relative_to(REPO)
    assert Path(config).name == "config.toml" and Path(config).is_file()
    assert sounds_is_dir == "True"
    installed_sounds = sorted(
        p.relative_to(sounds).as_posix() for p in Path(sounds).rglob("*") if p.is_file()
    )
    assert set(_shipped_sounds()) <= set(installed_sounds)
