"""How much of a meeting the shared screen shows at once (issue 24, point 1).

For 1920×1080 and 1280×720, with 10, 30 and 60 items of realistic length (every fourth about 400
characters) and seven people in the room, opens the shared screen in the system Chromium, lets the
pages turn until every item has been wholly in view, and prints: the pages seen, items wholly in
view per page (fewest, most), the smallest type on the screen, and anything cut or clipped.

Run by hand:  python benchmarks/screen_fit.py [--shots /tmp/shots-24] [--focus worries]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.async_api import async_playwright  # noqa: E402

from meeting_room.store.db import migrate  # noqa: E402
from meeting_room.web.settings import Settings  # noqa: E402
from tests.conftest import LiveServer  # noqa: E402
from tests.screen_fit import PROBE, full_meeting  # noqa: E402

SIZES = ((1920, 1080), (1280, 720))
COUNTS = (10, 30, 60)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


async def one(browser, size, items, shots: str, focus: str) -> str:
    folder = tempfile.mkdtemp()
    url = f"sqlite:///{folder}/screen.db"
    await asyncio.to_thread(migrate, url)
    server = LiveServer(Settings(database_url=url, trusted_hosts=["127.0.0.1"], items_per_minute=10**9,
                                 joins_per_address=10**9))
    await server.start()
    try:
        chair, others, meeting_id = await full_meeting(server, url, items)
        if focus:
            await chair.post(f"/meetings/{meeting_id}/screen/focus", {"column": focus})
        context = await browser.new_context(viewport={"width": size[0], "height": size[1]})
        await context.add_cookies([{"name": c.name, "value": c.value, "domain": "127.0.0.1", "path": c.path}
                                   for c in chair.client.cookies.jar])
        page = await context.new_page()
        await page.goto(f"{server.url}/meetings/{meeting_id}/screen")
        await page.locator("#live-status[data-state=live]").wait_for()
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            await page.screenshot(path=f"{shots}/screen-{size[0]}x{size[1]}-{items}{'-' + focus if focus else ''}.png")
        await page.evaluate("() => { document.getElementById('page').dataset.pageSeconds = '0.3'; }")
        expected = items if not focus else await page.locator(f"#col-{focus} .item").count()
        await page.wait_for_function(PROBE, arg=expected, timeout=120_000, polling=100)
        seen = await page.evaluate("() => window.__fit")
        await context.close()
        for person in [chair, *others]:
            await person.close()
    finally:
        await server.stop()
    per_page = sorted(seen["pages"].values())
    return (f"{size[0]}x{size[1]} {items:>3} items{' (focus ' + focus + ')' if focus else ''}: "
            f"{len(seen['seen'])}/{expected} seen whole, {len(per_page)} distinct pages, "
            f"{per_page[0] if per_page else 0}–{per_page[-1] if per_page else 0} items wholly in view per page, "
            f"smallest text {seen['smallest']:.1f}px, problems: {seen['problems'][:5] or 'none'}")


async def main(shots: str, focus: str) -> None:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        for size in SIZES:
            for items in COUNTS:
                print(await one(browser, size, items, shots, focus), flush=True)
        await browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", default="", help="a folder for a screenshot of each first page")
    parser.add_argument("--focus", default="", help="a column the chair focuses on (worries, working, next)")
    options = parser.parse_args()
    asyncio.run(main(options.shots, options.focus))
