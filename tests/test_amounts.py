"""Amounts as runners write them (PRODUCT.md §3): every accepted form, every refusal."""

from __future__ import annotations

import pytest

from retro_tui.core.amounts import (
    AMOUNT_ACCEPTED,
    TIME_ACCEPTED,
    Amount,
    AmountError,
    format_duration,
    format_tenths,
    parse_amount,
    parse_interval,
    parse_pace,
    parse_time,
    parse_track_length,
    spoken_distance,
    spoken_duration,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("45s", 45),
        ("90s", 90),
        ("2min", 120),
        ("1min30s", 90),
        ("1min 30s", 90),
        ("1:30", 90),
        ("0:45", 45),
        ("1:02:05", 3725),
        ("1h", 3600),
        ("1h30min", 5400),
        (" 2min ", 120),
        ("2MIN", 120),
        ("1.5s", 1.5),
        ("90", 90),  # a bare number of seconds, quoted
        (90, 90),  # a bare number of seconds
        (2.5, 2.5),
    ],
)
def test_time_forms(text: object, seconds: float) -> None:
    assert parse_time(text) == seconds
    assert parse_amount(text) == Amount(seconds=seconds)


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("100m", 100),
        ("100 m", 100),
        ("50m", 50),
        ("20m", 20),  # the shortest distance
        ("0.4km", 400),
        ("1km", 1000),
        ("1 lap", 400),
        ("2 laps", 800),
        ("1.5 laps", 600),
        ("100M", 100),
    ],
)
def test_distance_forms(text: str, metres: float) -> None:
    amount = parse_amount(text)
    assert amount == Amount(metres=metres)
    assert amount.is_distance


def test_laps_follow_the_track_length() -> None:
    assert parse_amount("2 laps", track_length_m=200) == Amount(metres=400)


def test_m_is_always_metres() -> None:
    """Runners write 8 x 100 m: "m" is never minutes."""
    assert parse_amount("30m") == Amount(metres=30)


@pytest.mark.parametrize("text", ["5m", "5 m", "19m", "10M"])
def test_short_distance_is_refused_with_a_hint(text: str) -> None:
    number = text.rstrip("mM ").strip()
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    message = str(info.value)
    assert f'"{text}" is {number} metres — did you mean "{number}min"?' in message


@pytest.mark.parametrize(
    "value",
    [
        "5 minutes",
        "5 mins please",
        "1 minute",
        "30 seconds",
        "abc",
        "",
        "1:75",
        "30s1min",
        "1min1min",
        "-5s",
        "- 5s",
        "1e3s",
        ".5s",
        "5 furlongs",
        [],
        {},
        True,
        None,
    ],
)
def test_unreadable_amounts_say_what_is_accepted(value: object) -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(value)
    assert AMOUNT_ACCEPTED in str(info.value)
    assert "is not an amount" in str(info.value)


@pytest.mark.parametrize("value", ["0s", "0", 0, 0.0, "0:00", "0min", -5, -0.5, "0m", "0 laps"])
def test_zero_and_negative_amounts_are_refused(value: object) -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(value)
    assert "more than zero" in str(info.value)
    assert AMOUNT_ACCEPTED in str(info.value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "25h", 100_000, "200km"])
def test_absurd_amounts_are_refused(value: object) -> None:
    with pytest.raises(AmountError):
        parse_amount(value)


def test_a_time_where_a_distance_is_given() -> None:
    with pytest.raises(AmountError) as info:
        parse_time("0.4km")
    assert "distance" in str(info.value)
    assert TIME_ACCEPTED in str(info.value)


def test_intervals() -> None:
    assert parse_interval("20s") == 20
    assert parse_interval("1:30") == 90
    assert parse_interval("off") is None
    assert parse_interval(" OFF ") is None
    for bad in ("never", "5 minutes", 0, "0s", True):
        with pytest.raises(AmountError) as info:
            parse_interval(bad)
        assert '"off"' in str(info.value)
    with pytest.raises(AmountError) as info:
        parse_interval("5m")
    assert 'did you mean "5min"?' in str(info.value)


def test_pace_and_track_length() -> None:
    assert parse_pace("0:50") == 50
    assert parse_pace("55s") == 55
    with pytest.raises(AmountError, match="per 100 m"):
        parse_pace("fast")
    assert parse_track_length("400m") == 400
    assert parse_track_length("0.2km") == 200
    assert parse_track_length(400) == 400
    for bad in ("1 lap", "10m", "99km", True, "400"):
        with pytest.raises(AmountError, match="track length"):
            parse_track_length(bad)


def test_formatting() -> None:
    assert format_duration(90) == "1:30"
    assert format_duration(5) == "0:05"
    assert format_duration(3725) == "1:02:05"
    assert format_tenths(90.25) == "1:30.2"
    assert format_tenths(46.94) == "0:46.9"
    assert format_tenths(62) == "1:02.0"
    assert format_tenths(3725.0) == "62:05.0"  # minutes, never hours
    assert spoken_duration(30) == "30 seconds"
    assert spoken_duration(60) == "1 minute"
    assert spoken_duration(90) == "1 minute 30 seconds"
    assert spoken_duration(121) == "2 minutes 1 second"
    assert spoken_distance(100) == "100 metres"
    assert spoken_distance(2000) == "2 kilometres"
