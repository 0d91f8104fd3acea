"""Headless Chromium for the remote page's tests (Selenium), and small page helpers.

No tests here; `from test_browser_support import ...` (tests/ is on sys.path, see
conftest). A test module makes its own fixture from `headless_chromium`, so
pytest's fixture lookup never depends on an import:

    @pytest.fixture(scope="module")
    def browser(tmp_path_factory):
        yield from headless_chromium(tmp_path_factory.mktemp("chromium-profile"))

Without Chromium, its driver or Selenium the test is skipped with that reason;
under CI=true it fails instead (CI installs `chromium` and `chromium-driver`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tools import skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
DEADLINE_S = 30.0  # generous: two shared cores, and Chromium takes seconds to start
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=412,915",  # a phone held upright
)


def headless_chromium(profile_dir: Path) -> Iterator[Any]:
    """A Selenium driver for headless Chromium with its profile in `profile_dir`; quit after."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        skip_or_fail(
            f"needs {' and '.join(missing)} (Debian: apt-get install chromium chromium-driver)"
        )
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        skip_or_fail("needs selenium (pip install -e '.[dev]')")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_page_load_timeout(DEADLINE_S)
    try:
        yield driver
    finally:
        driver.quit()


def wait_until(
    driver: Any, condition: Callable[[], bool], what: str, deadline: float = DEADLINE_S
) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, deadline, poll_frequency=0.05).until(lambda _: condition(), what)


def seconds(clock: str) -> int:
    minutes, secs = clock.split(":")[-2:]
    return int(minutes) * 60 + int(secs)


def text(driver: Any, element_id: str) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.ID, element_id).text)


def click(driver: Any, element_id: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.ID, element_id).click()
