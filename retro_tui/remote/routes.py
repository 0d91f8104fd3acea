"""Which of the §12 paths a request names, decided on the raw request target.

Nothing here is decoded or normalised before it is checked: a `%2e%2e`, a
doubled slash or a `..` simply matches no route, so it gets the same bare 404
as a wrong token. The token is compared in constant time.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

TOKEN_BYTES = 16  # 128 bits, the §12 minimum; longer tokens make a denser QR
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22,}")  # 22 url-safe characters carry 128 bits
# A clip name: lower-case words joined by - or _, ending .wav (no dots, slashes or escapes).
CLIP_RE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*\.wav")

PAGE, STATE, EVENTS, ACTION, SOUND = "page", "state", "events", "action", "sound"
_FIXED = {(): PAGE, ("state",): STATE, ("events",): EVENTS, ("action",): ACTION}


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def check_token(token: str) -> str:
    """A caller-chosen token must be as strong and as URL-safe as a new one."""
    if not _TOKEN_RE.fullmatch(token):
        raise ValueError("a remote token needs at least 22 characters from A-Z a-z 0-9 _ -")
    return token


@dataclass(frozen=True)
class Route:
    kind: str
    clip: str = ""


def match(raw_target: str, token: str) -> Route | None:
    """The route `raw_target` (path and query, as sent) names under `token`; None: 404."""
    path = raw_target.split("?", 1)[0].split("#", 1)[0]
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != "" or parts[1] != "r":
        return None
    sent = parts[2].encode("utf-8", "surrogateescape")
    if not hmac.compare_digest(sent, token.encode("ascii")):
        return None
    rest = tuple(parts[3:])
    kind = _FIXED.get(rest)
    if kind is not None:
        return Route(kind)
    if len(rest) == 2 and rest[0] == "sounds" and CLIP_RE.fullmatch(rest[1]):
        return Route(SOUND, rest[1])
    return None


def sound_index(sounds_dir: Path) -> dict[str, Path]:
    """The clips that may be served: regular .wav files that really live in `sounds_dir`.

    Taken once at start; a symlink is followed only when it stays inside the folder.
    """
    try:
        root = sounds_dir.resolve(strict=True)
        entries = list(root.iterdir())
    except OSError:
        return {}
    index: dict[str, Path] = {}
    for entry in entries:
        if not CLIP_RE.fullmatch(entry.name):
            continue
        try:
            real = entry.resolve(strict=True)
        except OSError:
            continue
        if real.parent == root and real.is_file():
            index[entry.name] = real
    return index
