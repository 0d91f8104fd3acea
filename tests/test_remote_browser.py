"""The remote page in a real browser: headless Chromium through Selenium (PRODUCT.md §12).

Skipped, with the reason, where Chromium or its driver is missing; under
CI=true that fails instead (CI installs `chromium` and `chromium-driver`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_browser_support import click, headless_chromium, seconds, text, wait_until
from test_remote_support import TOKEN, EngineTarget

from retro_tui.core.resources import sounds_dir
from retro_tui.remote.server import ThreadedRemote

pytestmark = pytest.mark.slow

# A push must show well before the page's own 15 s staleness probe would catch up.
PUSH_DEADLINE_S = 5.0


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from headless_chromium(tmp_path_factory.mktemp("chromium-profile"))


@pytest.fixture
def session() -> Iterator[tuple[EngineTarget, ThreadedRemote]]:
    target = EngineTarget()
    target.advance(11)  # past the get-ready: the warm-up is under way
    remote = ThreadedRemote(target, sounds_dir=sounds_dir(), host="127.0.0.1", port=0, token=TOKEN)
    remote.start()
    try:
        yield target, remote
    finally:
        remote.stop()


def test_the_page_shows_the_step_and_a_tap_on_lap_reaches_the_session(
    browser: Any, session: tuple[EngineTarget, ThreadedRemote]
) -> None:
    from selenium.webdriver.common.by import By

    target, remote = session
    browser.get(remote.url)
    wait_until(browser, lambda: text(browser, "label") == "Warm-up", "the step label")
    wait_until(browser, lambda: text(browser, "banner") == "Connected", "the connected banner")
    assert "warm" not in text(browser, "time") and ":" in text(browser, "time")
    assert text(browser, "next") == "Next: Run backwards"
    # Lap is the largest button and sits below the others, within thumb reach.
    buttons = browser.find_elements(By.CSS_SELECTOR, "#controls button")
    lap = browser.find_element(By.ID, "lap")
    others = [b for b in buttons if b.get_attribute("id") != "lap"]
    area = lap.size["width"] * lap.size["height"]
    assert all(area > b.size["width"] * b.size["height"] * 2 for b in others)
    assert all(lap.location["y"] > b.location["y"] for b in others)
    assert lap.location["y"] + lap.size["height"] <= browser.execute_script(
        "return window.innerHeight"
    )

    lap.click()
    wait_until(browser, lambda: target.performed == ["lap"], "the lap in the session")
    assert [e.kind for e in target.events].count("lap") == 1

    # The laptop's key straight after the tap: the tap's reply, older than this push,
    # must not overwrite it on the page.
    target.perform("skip")
    wait_until(
        browser,
        lambda: text(browser, "label") == "Run backwards",
        "the pushed step",
        PUSH_DEADLINE_S,
    )
    assert text(browser, "repeat") == "repeat 1/6"
    assert "work" in browser.find_element(By.TAG_NAME, "body").get_attribute("class")
    # Between pushes the page counts down by itself (the fake clock stands still).
    shown = seconds(text(browser, "time"))
    wait_until(browser, lambda: seconds(text(browser, "time")) < shown, "the local countdown")


def test_stop_asks_in_the_page_and_the_end_shows_the_summary(
    browser: Any, session: tuple[EngineTarget, ThreadedRemote]
) -> None:
    from selenium.webdriver.common.by import By

    target, remote = session
    browser.get(remote.url)
    wait_until(browser, lambda: text(browser, "label") == "Warm-up", "the step label")
    confirm = browser.find_element(By.ID, "confirm")
    click(browser, "stop")
    wait_until(browser, confirm.is_displayed, "the stop question")
    click(browser, "no")
    wait_until(browser, lambda: not confirm.is_displayed(), "the question gone")
    assert target.performed == []
    click(browser, "stop")
    wait_until(browser, confirm.is_displayed, "the stop question")
    click(browser, "yes")
    wait_until(browser, lambda: text(browser, "label") == "Session over", "the end")
    assert target.performed == ["stop"]
    assert text(browser, "summary").startswith("100 m repeats: stopped")
    assert not browser.find_element(By.ID, "controls").is_displayed()


def test_every_shown_text_is_text_not_markup(
    browser: Any, session: tuple[EngineTarget, ThreadedRemote]
) -> None:
    from selenium.webdriver.common.by import By

    target, remote = session
    browser.get(remote.url)
    wait_until(browser, lambda: text(browser, "label") == "Warm-up", "the step label")
    hostile = "<img src=x onerror=\"document.title='owned'\"><b>bold</b>"
    with target.lock:
        target.last_cue = {"kind": "form", "text": hostile, "at_s": 1.0}
    target.advance(0.1)
    wait_until(browser, lambda: text(browser, "cue") == hostile, "the cue shown as text")
    assert browser.find_elements(By.CSS_SELECTOR, "#cue *") == []
    assert browser.title != "owned"


def test_the_page_says_when_it_is_disconnected_and_reconnects_by_itself(
    browser: Any, session: tuple[EngineTarget, ThreadedRemote]
) -> None:
    target, remote = session
    browser.get(remote.url)
    wait_until(browser, lambda: text(browser, "banner") == "Connected", "the connected banner")
    port = remote.port
    remote.stop()  # the laptop's server goes away mid-session (as Wi-Fi dropping looks)
    wait_until(
        browser,
        lambda: text(browser, "banner") == "Disconnected — reconnecting…",
        "the disconnected banner",
    )
    back = ThreadedRemote(target, sounds_dir=sounds_dir(), host="127.0.0.1", port=port, token=TOKEN)
    back.start()
    try:
        assert back.port == port
        wait_until(browser, lambda: text(browser, "banner") == "Connected", "reconnected")
        target.perform("skip")
        wait_until(browser, lambda: text(browser, "label") == "Run backwards", "pushes again")
    finally:
        back.stop()


def test_speak_on_this_phone_fetches_the_cues_clips(
    browser: Any, session: tuple[EngineTarget, ThreadedRemote]
) -> None:
    from selenium.webdriver.common.by import By

    target, remote = session
    browser.get(remote.url)
    wait_until(browser, lambda: text(browser, "label") == "Warm-up", "the step label")
    speak = browser.find_element(By.ID, "speak")
    assert speak.get_attribute("aria-pressed") == "false"  # off by default
    speak.click()
    assert speak.get_attribute("aria-pressed") == "true"
    with target.lock:
        target.last_cue = {
            "kind": "shoulder",
            "text": "Check left",
            "at_s": 20.0,
            "clips": ["shoulder-left.wav", "../config.toml"],
        }
    target.advance(0.1)
    fetched = "return performance.getEntriesByType('resource').map(e => e.name)"
    wait_until(
        browser,
        lambda: any(
            n.endswith("/sounds/shoulder-left.wav") for n in browser.execute_script(fetched)
        ),
        "the clip fetched",
    )
    assert not any("config" in n for n in browser.execute_script(fetched))
