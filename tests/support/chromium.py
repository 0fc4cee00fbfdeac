"""Headless Chromium from the distribution's packages for the panel's browser tests.

Installs `chromium` and `chromium-driver` with apt-get when they are missing and we may (root,
CI machines); Selenium drives them through the driver found here, so nothing is downloaded at
run time (Selenium Manager stays offline). Where none of this is possible the tests are
skipped with the reason.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from selenium.webdriver.common.by import By

T = TypeVar("T")

PACKAGES = ["chromium", "chromium-driver"]


class ChromiumUnavailable(RuntimeError):
    pass


def binaries() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def ensure_chromium() -> tuple[str, str]:
    """Paths of the browser and its driver, installing them first if needed."""
    found = binaries()
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise ChromiumUnavailable(
            "Chromium yok ve kurulamıyor (root ve apt-get gerekir): "
            "apt-get install chromium chromium-driver"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *PACKAGES]
    for command in (install, ["apt-get", "update", "-q"], install):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=1200)
        if result.returncode == 0 and command[1] == "install" and binaries():
            break
    found = binaries()
    if not found:
        raise ChromiumUnavailable(f"apt-get install chromium başarısız: {result.stderr[-500:]}")
    return found


# Where the browser tests leave a screenshot of each page at desktop and phone widths, for a
# person to look at (printed at the end of the run).
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "panel-screenshots"
WIDTHS = {"masaustu": (1280, 1400), "telefon": (390, 1400)}
PAGE_SECONDS = 30


class Browser:
    """Selenium's Chrome, one call at a time in a worker thread: the panel it looks at is
    served by this test's own event loop, which must keep running meanwhile."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.shots: list[Path] = []

    async def _run(self, work: Callable[[], T]) -> T:
        return await asyncio.to_thread(work)

    async def open(self, url: str) -> None:
        await self._run(lambda: self.driver.get(url))

    async def fill(self, selector: str, value: str) -> None:
        def work() -> None:
            field = self.driver.find_element(By.CSS_SELECTOR, selector)
            field.clear()
            field.send_keys(value)

        await self._run(work)

    async def click(self, selector: str) -> None:
        """Press a button that submits its form, and wait until the next page has loaded
        (reading the old page while it goes away would find stale elements)."""
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.wait import WebDriverWait

        def work() -> None:
            old = self.driver.find_element(By.TAG_NAME, "html")

            def replaced(_: object) -> bool:
                # Chrome says "stale element" or "node does not belong to the document".
                try:
                    old.tag_name  # noqa: B018 (touching the element is the check)
                except WebDriverException:
                    return True
                return False

            self.driver.find_element(By.CSS_SELECTOR, selector).click()
            WebDriverWait(self.driver, PAGE_SECONDS).until(replaced)
            WebDriverWait(self.driver, PAGE_SECONDS).until(
                lambda d: d.execute_script("return document.readyState") == "complete"
            )

        await self._run(work)

    async def choose(self, selector: str, value: str) -> None:
        from selenium.webdriver.support.select import Select

        await self._run(
            lambda: Select(self.driver.find_element(By.CSS_SELECTOR, selector)).select_by_value(
                value
            )
        )

    async def text(self) -> str:
        return await self._run(lambda: str(self.driver.find_element(By.TAG_NAME, "body").text))

    async def url(self) -> str:
        return await self._run(lambda: str(self.driver.current_url))

    async def shoot(self, name: str) -> None:
        """The page as it is now, at each width."""

        def work() -> None:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for label, (width, height) in WIDTHS.items():
                self.driver.set_window_size(width, height)
                path = SCREENSHOTS / f"{name}-{label}.png"
                self.driver.save_screenshot(str(path))
                self.shots.append(path)
            self.driver.set_window_size(*WIDTHS["masaustu"])

        await self._run(work)


def start_browser() -> Browser:
    browser_path, driver_path = ensure_chromium()
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not fetch anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser_path
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--lang=tr-TR", "--window-size=1280,1400"):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    return Browser(driver)
