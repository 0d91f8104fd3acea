"""The remote's QR text, LAN address, and that nothing imports aiohttp unless the remote is on."""

from __future__ import annotations

import ipaddress
import subprocess
import sys

import segno

from retro_tui.remote.qr import QUIET_ZONE, lan_address, qr_lines, qr_matrix

URL = "http://192.168.1.20:8765/r/AbCdEfGhIjKlMnOpQrStUv"
_INK = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}


def test_the_lines_draw_every_module_two_to_a_character() -> None:
    lines = qr_lines(URL)
    code = segno.make(URL, error="m", micro=False)
    size = len(code.matrix)
    width = size + 2 * QUIET_ZONE
    assert {len(line) for line in lines} == {width}
    assert len(lines) == (width + 1) // 2
    assert set("".join(lines)) <= set(_INK)
    # Read the modules back from the characters: exactly the code, in a light quiet zone.
    rows: list[list[bool]] = []
    for line in lines:
        halves = [_INK[ch] for ch in line]
        rows.append([top for top, _ in halves])
        rows.append([bottom for _, bottom in halves])
    expected = qr_matrix(URL)
    assert rows[: len(expected)] == expected
    assert not any(any(row) for row in rows[len(expected) :])
    for y, row in enumerate(code.matrix):
        assert expected[y + QUIET_ZONE][QUIET_ZONE:-QUIET_ZONE] == [bool(m) for m in row]
    assert not any(any(row) for row in expected[:QUIET_ZONE] + expected[-QUIET_ZONE:])
    assert not any(any(row[:QUIET_ZONE] + row[-QUIET_ZONE:]) for row in expected)


def test_the_code_is_a_full_qr_at_medium_error_correction() -> None:
    code = segno.make(URL, error="m", micro=False)
    assert not code.is_micro and code.error == "M"
    assert len(qr_matrix(URL)) == len(code.matrix) + 2 * QUIET_ZONE
    assert len(qr_lines("http://10.0.0.2:1/r/x")) < len(qr_lines(URL + "x" * 60))


def test_the_lan_address_is_a_real_ipv4_address_or_none() -> None:
    address = lan_address()
    if address is not None:
        parsed = ipaddress.IPv4Address(address)
        assert not parsed.is_unspecified and not parsed.is_loopback


def test_nothing_imports_aiohttp_until_the_server_module_is() -> None:
    code = (
        "import sys, retro_tui.remote, retro_tui.remote.qr, retro_tui.remote.target, "
        "retro_tui.remote.routes, retro_tui.remote.actions, retro_tui.remote.hub\n"
        "assert 'aiohttp' not in sys.modules, 'aiohttp imported'\n"
        "import retro_tui.remote.server\n"
        "assert 'aiohttp' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
