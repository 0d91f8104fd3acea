"""`retro-tui` with no command: the TUI's home screen."""

from __future__ import annotations

import argparse

from retro_tui.commands.common import config_from_args, data_dir_from_args


def cmd_app(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    data_dir = data_dir_from_args(args)
    from retro_tui.ui.app import run_home_app

    return run_home_app(config, data_dir=data_dir)
