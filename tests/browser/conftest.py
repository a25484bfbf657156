"""Playwright on the system Chromium (never a downloaded browser), against a live server."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_asyncio

from tests.conftest import need, sqlite_copy

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js").read_text()
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.fixture
def database_url(tmp_path, sqlite_template):
    """Browser tests run on SQLite only: the database suites cover PostgreSQL."""
    return sqlite_copy(sqlite_template, tmp_path)


class WatchedBrowser:
    """The browser, with every page of every context watched: any console error or uncaught
    exception fails the test (after it ran), unless the test said to expect it."""

    def __init__(self, browser):
        self.browser = browser
        self.problems: list[str] = []
        self.expected: list[re.Pattern] = []

    def expect_errors(self, pattern: str) -> None:
        self.expected.append(re.compile(pattern))

    async def new_context(self, **kw):
        context = await self.browser.new_context(**kw)
        context.on("page", lambda page: watch_console(page, self.problems))
        return context

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(e.search(p) for e in self.expected)]


@pytest_asyncio.fixture
async def browser():
    need(os.path.exists(CHROMIUM), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.async_api import async_playwright
    except ImportError:  # pragma: no cover
        need(False, "playwright is not installed (pip install '.[test]')")
    async with async_playwright() as p:
        real = await p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        watched = WatchedBrowser(real)
        yield watched
        await real.close()
    unexpected = watched.unexpected()
    assert not unexpected, "console errors:\n" + "\n".join(unexpected)


async def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.x A and AA rules) on the page; return what it finds."""
    await page.evaluate(AXE)  # evaluated by the browser's debugger protocol, so our strict CSP stays on
    result = await page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.html)}));
    }""")
    return result


async def assert_accessible(page, what: str) -> None:
    violations = await axe_violations(page)
    assert not violations, f"axe found problems on {what}: {violations}"


async def assert_no_sideways_scroll(page, what: str) -> None:
    width = await page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360, f"{what} is {width}px wide on a 360px phone"


async def reveal(chair) -> None:
    """The chair's "Reveal answers", confirming when the board asks first (people still to answer)."""
    await chair.get_by_role("button", name="Reveal answers").click()
    confirm = chair.get_by_role("group", name="Please confirm")
    if await confirm.count():
        await confirm.get_by_role("button", name="Reveal answers").click()


async def open_board(browser, server, person, meeting_id: str, device: dict, **extra):
    """A new browser context signed in as `person`, on the meeting's board, once it is live."""
    context = await browser.new_context(**device, **extra)
    await give_cookies(person, context)
    page = await context.new_page()
    await page.goto(f"{server.url}/meetings/{meeting_id}")
    await page.locator("#live-status[data-state=live]").wait_for()
    return page


async def give_cookies(person, context) -> None:
    """Sign a browser context in as `person` (an HTTP client of tests.helpers), with the paths the
    server gave the cookies."""
    await context.add_cookies([{"name": c.name, "value": c.value, "domain": "127.0.0.1", "path": c.path}
                               for c in person.client.cookies.jar])


def watch_console(page, problems: list[str], what: str = "") -> None:
    """Collect every console error and uncaught exception of a page: a test fails on any."""
    if getattr(page, "_watched", False):
        return
    page._watched = True
    page.on("console", lambda msg: problems.append(f"{what or page.url}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda err: problems.append(f"{what or page.url}: {err}"))


@contextlib.contextmanager
def cpu_burners(count: int, seconds: float = 600):
    """Keep `count` cores busy (as on a loaded machine) for the block; each stops by itself after
    `seconds` in any case."""
    code = f"import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end: pass\n"
    burners = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(count)]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
