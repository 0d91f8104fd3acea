"""The remote's address as shown on the laptop: the LAN address and the URL's QR code.

The QR is text, two modules to a character with ▀ ▄ █ and a 4-module quiet
zone, where ink is a dark module: draw it black on white whatever the
terminal's theme, as phone cameras want dark modules on a light ground.
"""

from __future__ import annotations

import socket

import segno

QUIET_ZONE = 4
# (top dark, bottom dark) -> the character whose ink covers exactly those halves.
_HALVES = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
# Private addresses to "connect" a UDP socket to: nothing is sent, but the kernel
# picks the interface (and so the address) a phone on that network would reach.
_PROBES = ("10.255.255.254", "192.168.255.254", "172.31.255.254")


def qr_matrix(url: str) -> list[list[bool]]:
    """The code's modules (True: dark), quiet zone included."""
    code = segno.make(url, error="m", micro=False)  # phone cameras do not all read micro QR
    size = len(code.matrix)
    width = size + 2 * QUIET_ZONE
    blank = [False] * width
    rows = [list(blank) for _ in range(QUIET_ZONE)]
    for row in code.matrix:
        rows.append([False] * QUIET_ZONE + [bool(module) for module in row] + [False] * QUIET_ZONE)
    rows.extend(list(blank) for _ in range(QUIET_ZONE))
    return rows


def qr_lines(url: str) -> list[str]:
    """The QR code of `url` as text lines of equal width (ink = dark module)."""
    rows = qr_matrix(url)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))  # the last half line: more light ground
    return [
        "".join(_HALVES[pair] for pair in zip(top, bottom, strict=True))
        for top, bottom in zip(rows[0::2], rows[1::2], strict=True)
    ]


def lan_address() -> str | None:
    """This computer's address on the local network; None when it has none."""
    for probe in _PROBES:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.connect((probe, 9))
                address = str(sock.getsockname()[0])
            except OSError:
                continue
        if address and address != "0.0.0.0" and not address.startswith("127."):
            return address
    return None
