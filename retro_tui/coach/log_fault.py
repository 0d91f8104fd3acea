"""What went wrong with a session log write, in the runner's words (PRODUCT.md §8).

A full disk, a read-only folder and a damaged file each need something
different from the runner, so each notice names its own cause and remedy.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass


@dataclass(frozen=True)
class LogFault:
    kind: str  # "full", "read-only", "damaged" or "other"
    what: str  # "the disk is full or failing"
    remedy: str  # "free some disk space"
    detail: str  # the error's own words


_WORDS = {
    "full": ("the disk is full or failing", "free some disk space"),
    "read-only": (
        "the log cannot be written here (read-only)",
        "check the data folder's permissions",
    ),
    "damaged": ("the log file is damaged", "move it away to start a new log"),
    "other": ("the log could not take the write", "check the data folder"),
}
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def _kind(err: BaseException) -> str:
    chain: list[BaseException] = []
    seen: BaseException | None = err
    while seen is not None and len(chain) < 5:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    names = " ".join(str(getattr(e, "sqlite_errorname", "")) for e in chain)
    codes = {getattr(e, "errno", None) for e in chain}
    text = " ".join(str(e).lower() for e in chain) + " " + names.lower()
    if "corrupt" in text or "notadb" in text or "malformed" in text or "not a database" in text:
        return "damaged"
    if codes & _READ_ONLY_ERRNOS or "readonly" in text or "read-only" in text:
        return "read-only"
    if "permission" in text or "sqlite_perm" in text:
        return "read-only"
    if codes & _FULL_ERRNOS or "full" in text or "i/o error" in text or "ioerr" in text:
        return "full"
    return "other"


def describe(err: BaseException) -> LogFault:
    kind = _kind(err)
    what, remedy = _WORDS[kind]
    cause = err.__cause__ if err.__cause__ is not None else err
    detail = getattr(cause, "strerror", None) or str(cause)  # "No space left on device"
    return LogFault(kind, what, remedy, detail or type(err).__name__)


def failing_notice(fault: LogFault) -> str:
    """The notice when writes start to fail (once a session)."""
    return (
        f"The session log cannot be written: {fault.what} ({fault.detail}). "
        f"The session goes on; its events wait in memory and are retried: {fault.remedy}."
    )


WRITTEN_AGAIN = "The session log is written again: every event so far is saved."


def lost_notice(unsaved: int, fault: LogFault | None) -> str:
    """The notice when the session closes with writes still waiting."""
    why = f": {fault.what} ({fault.detail}): {fault.remedy}" if fault else ""
    plural = "write" if unsaved == 1 else "writes"
    return f"{unsaved} session log {plural} could not be saved{why}."
