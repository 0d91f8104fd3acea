"""retro-tui: a terminal coach for retro (backwards) running."""

__version__ = "0.1.0"
