"""The pure core and audio never import Textual (ENGINEERING.md), the quick
commands (`check`, `timeline`, `workouts`, `log`) start without loading it, and
every light command loads only the heavy modules it uses (PRODUCT.md §11)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from tools import clean_env, run_all

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "retro_tui"
PURE = ("core", "audio", "coach", "formats")
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


# Heavy modules each light command leaves alone (PRODUCT.md §11): Rich only
# where a table is printed, SQLite only where the log is read, tomlkit only
# for `import`, and never Textual, aiohttp, segno, lxml or plotext.
NEVER = ("textual", "aiohttp", "segno", "lxml", "plotext", "textual_plotext")
HEAVY = (*NEVER, "rich", "sqlite3", "tomlkit")
LIGHT_COMMANDS: dict[str, tuple[list[str], set[str]]] = {
    # name: (argv, the heavy modules it may load)
    "check": (["check", str(REPO / "config.toml")], set()),
    "timeline --json": (["timeline", "ladder", "--json"], set()),
    "timeline table": (["timeline", "ladder"], {"rich"}),
    "workouts --json": (["workouts", "--json"], set()),
    "workouts table": (["workouts"], {"rich"}),
    "log --json": (["log", "--json"], {"sqlite3"}),
    "log table": (["log"], {"sqlite3", "rich"}),
    "show --json": (["show", "1", "--json"], {"sqlite3"}),
    "show table": (["show", "1"], {"sqlite3", "rich"}),
    "export csv": (["export", "1"], {"sqlite3"}),
    "export tcx": (["export", "1", "--format", "tcx"], {"sqlite3"}),
    "import --print": (["import", "{text}", "--print"], {"tomlkit"}),
    "plan --json": (["plan", "--json"], {"sqlite3"}),
    "plan table": (["plan"], {"sqlite3", "rich"}),
}
# Runs the command as `python -m retro_tui` does, then names the heavy modules loaded.
_LOADED = """
import contextlib, json, runpy, sys
sys.argv = ["retro-tui", *sys.argv[1:]]
try:
    runpy.run_module("retro_tui", run_name="__main__", alter_sys=True)
except SystemExit as done:
    code = done.code
heavy = {heavy!r}
print("LOADED " + json.dumps([m for m in heavy if m in sys.modules], sort_keys=True), file=sys.stderr)
sys.exit(code)
"""


@pytest.fixture(scope="module")
def light_loads(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str]]:
    """Each light command in a subprocess, on a log of one session: (exit code, stderr)."""
    import subprocess
    import sys

    from test_store import seed_session

    from retro_tui.core.store import Store

    tmp = tmp_path_factory.mktemp("light")
    env = clean_env(tmp)
    with Store.open(Path(env["RETRO_TUI_DATA"])) as store:
        seed_session(store)
    text = tmp / "hills.txt"
    text.write_text("Hills\n- walk 5m\n3x\n- run backward 30s\n- walk 1m\n", encoding="utf-8")
    script = _LOADED.format(heavy=HEAVY)
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", script, *(a.format(text=text) for a in argv)],
            cwd=tmp,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, (argv, _) in LIGHT_COMMANDS.items()
    }
    results = {}
    for name, proc in procs.items():
        err = proc.communicate(timeout=120)[1]
        results[name] = (proc.returncode, err)
    return results


@pytest.mark.parametrize("name", list(LIGHT_COMMANDS))
def test_light_commands_load_only_what_they_use(
    name: str, light_loads: dict[str, tuple[int, str]]
) -> None:
    code, err = light_loads[name]
    assert code == 0, err[-2000:]
    lines = [line for line in err.splitlines() if line.startswith("LOADED ")]
    assert lines, err[-2000:]  # the check ran
    loaded = set(json.loads(lines[-1].removeprefix("LOADED ")))
    allowed = LIGHT_COMMANDS[name][1]
    assert not loaded - allowed, f"{name} loads {sorted(loaded - allowed)}"
