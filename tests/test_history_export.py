"""`e` on the history screen: the highlighted session as a TCX file a runner uploads."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export_tcx import checked, schema  # noqa: F401  (the schema fixture)
from test_ui_review import open_seeded_history
from test_ui_review_support import review_config, seed, settle
from test_ui_support import Harness

from retro_tui.ui import export_file


async def test_e_exports_the_highlighted_session_as_valid_tcx_once(
    tmp_path: Path,
    schema,  # noqa: F811  (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir = tmp_path / "data"
    seed(data_dir)
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    monkeypatch.setattr(export_file, "export_folder", lambda: downloads)
    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=(100, 30)) as pilot:
        history = await open_seeded_history(h, pilot)
        target = history.selected
        assert target is not None and target.active_s > 0
        await pilot.press("e")
        await settle(h.app, pilot)
        files = list(downloads.iterdir())
        assert len(files) == 1 and files[0].suffix == ".tcx"
        assert target.workout in files[0].name
        assert history.last_export.startswith(f"Exported to {files[0]}")
        checked(files[0].read_text(encoding="utf-8"), schema)
        await pilot.press("e")  # again: never overwritten, and said so
        await settle(h.app, pilot)
        assert history.last_export == f"Already exported: {files[0]}"
        assert list(downloads.iterdir()) == files


async def test_an_unwritable_folder_is_said_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    seed(data_dir)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    monkeypatch.setattr(export_file, "export_folder", lambda: not_a_folder)
    h = Harness(review_config(tmp_path), data_dir=data_dir)
    async with h.app.run_test(size=(100, 30)) as pilot:
        history = await open_seeded_history(h, pilot)
        await pilot.press("e")
        await settle(h.app, pilot)
        assert history.last_export.startswith(f"Not exported to {not_a_folder}")
