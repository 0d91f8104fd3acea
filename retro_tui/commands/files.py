"""Writing a file the way every export and import does: whole or not at all.

The bytes go to a temp file in the target's own folder and are renamed over
the target, so a full disk or a crash leaves the old file (or none), never
half of one. A symlinked target keeps its link: the file it points to is
written. A device or pipe (`-o /dev/stdout`) is written as it is.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(
    path: Path,
    data: bytes,
    check: Callable[[Path], None] | None = None,
    durable: bool = False,
) -> None:
    """Write `data` to `path` (see the module doc); raises OSError, IsADirectoryError.

    `check`, when given, is called with the finished temp file before it is
    renamed into place: raising there leaves `path` as it was. `durable`
    syncs it to disk first (the runner's config; an export can be made again,
    and a thousand syncs would make `export --all` slow).
    """
    target = path.resolve() if path.is_symlink() else path
    if target.exists() and not target.is_file():
        if target.is_dir():
            raise IsADirectoryError(21, "is a folder", str(path))
        target.write_bytes(data)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, new_file_mode(target))
        if check is not None:
            check(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def new_file_mode(path: Path) -> int:
    """The file's own mode, or the one a plainly created file would get (mkstemp's is 0600)."""
    with contextlib.suppress(OSError):
        return path.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
