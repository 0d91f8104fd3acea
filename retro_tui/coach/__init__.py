"""One live session for every shell (TUI, `--plain`, the phone remote), no Textual.

`start.py` assembles a session (engine, audio, the ordered log writer,
keep-awake, notices) in one place; `live.py` is the session the shells drive;
`log.py` opens the session log once for the whole app run.
"""
