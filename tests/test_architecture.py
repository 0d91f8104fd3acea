"""The pure core and audio never import Textual (ENGINEERING.md), and the quick
commands (`check`, `timeline`, `workouts`, `log`) start without loading it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tools import clean_env, run_all

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "retro_tui"
PURE = ("core", "audio", "coach")
FORBIDDEN = ("textual", "textual_plotext", "textual_serve", "retro_tui.ui")


def _imports(path: Path, root: Path = REPO) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a file, relative ones resolved."""
    module_parts = list(path.relative_to(root).with_suffix("").parts)
    if module_parts[-1] == "__init__":
        module_parts.pop()
        package = module_parts
    else:
        package = module_parts[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", ""))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


def test_pure_packages_exist() -> None:
    for sub in PURE:
        assert (PACKAGE / sub / "__init__.py").is_file()


def test_core_and_audio_never_import_textual() -> None:
    files = [p for sub in PURE for p in sorted((PACKAGE / sub).rglob("*.py"))]
    assert len(files) >= 8
    bad = [
        f"{path.relative_to(REPO)}:{line}: imports {name}"
        for path in files
        for line, name in _imports(path)
        if _forbidden(name)
    ]
    assert not bad, "\n".join(bad)


def test_the_checker_sees_imports(tmp_path: Path) -> None:
    """The AST walk catches every spelling, so the test above can fail."""
    source = (
        "import textual\nfrom textual.app import App\nfrom ..ui import app\n"
        "import importlib\nimportlib.import_module('textual.widgets')\n"
    )
    path = tmp_path / "retro_tui" / "core" / "probe.py"
    path.parent.mkdir(parents=True)
    path.write_text(source)
    names = [n for _, n in _imports(path, root=tmp_path)]
    assert {"textual", "textual.app", "retro_tui.ui", "textual.widgets"} <= set(names)
    assert all(_forbidden(n) for n in ("textual", "textual.app", "retro_tui.ui.app"))
    assert not _forbidden("textualize") and not _forbidden("retro_tui.core")


QUICK_COMMANDS = {
    "check": ["check", str(REPO / "config.toml")],
    "timeline": ["timeline", "ladder", "--json"],
    "timeline-table": ["timeline", "ladder"],
    "workouts": ["workouts", "--json"],
    "workouts-table": ["workouts"],
    "log": ["log", "--json"],
}


@pytest.fixture(scope="module")
def import_traces(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, set[str], str]]:
    """Each quick command under `python -X importtime`: (exit code, modules, stderr)."""
    tmp = tmp_path_factory.mktemp("imports")
    results = run_all(QUICK_COMMANDS, tmp, clean_env(tmp), python_flags=("-X", "importtime"))
    traces = {}
    for name, (code, _, err) in results.items():
        modules = {
            line.rsplit("|", 1)[1].strip()
            for line in err.splitlines()
            if line.startswith("import time:") and "|" in line
        }
        traces[name] = (code, modules, err)
    return traces


@pytest.mark.parametrize("name", list(QUICK_COMMANDS))
def test_quick_commands_do_not_import_textual(
    name: str, import_traces: dict[str, tuple[int, set[str], str]]
) -> None:
    code, modules, err = import_traces[name]
    assert code == 0, err[-2000:]
    assert "retro_tui.cli" in modules  # the trace is real
    loaded = sorted(m for m in modules if _forbidden(m))
    assert not loaded, f"{name} imports {loaded}"
