"""Screenshots of the product, for people deciding whether to install it (and for us, to look).

    python docs/screenshots.py            # writes docs/screenshots/*.png

Starts the app on a temporary SQLite file, fills a meeting as a conference would, and takes
pictures with the system Chromium (/usr/bin/chromium, or $CHROMIUM): the shared screen at
1920x1080 (empty, 20 long items a column, a scale open, answers revealed), the chair's board at
1280x800 and a phone's board at 360x800.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meeting_room.store.db import migrate  # noqa: E402
from meeting_room.web.settings import Settings  # noqa: E402
from tests.conftest import LiveServer  # noqa: E402
from tests.helpers import (  # noqa: E402
    Person,
    add_item,
    admit_and_enter,
    join,
    new_meeting,
    signed_in_chair,
)

OUT = ROOT / "docs" / "screenshots"
LONG = ("Dad has shouted at the children when he has been drinking, and the school has noticed that "
        "Alex comes in tired and hungry on Mondays after the weekend at home with both parents.")


async def cookies_of(person: Person) -> list[dict]:
    return [{"name": c.name, "value": c.value, "domain": "127.0.0.1", "path": c.path} for c in person.client.cookies.jar]


async def shoot(browser, person: Person, url: str, size: tuple[int, int], name: str, full_page: bool = False) -> None:
    context = await browser.new_context(viewport={"width": size[0], "height": size[1]})
    await context.add_cookies(await cookies_of(person))
    page = await context.new_page()
    await page.goto(url)
    if await page.locator("#live").count():
        await page.locator("#live-status[data-state=live]").wait_for()
    await page.screenshot(path=str(OUT / f"{name}.png"), full_page=full_page)
    await context.close()


async def main() -> None:
    from playwright.async_api import async_playwright
    OUT.mkdir(parents=True, exist_ok=True)
    url = f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/shots.db"
    await asyncio.to_thread(migrate, url)
    server = LiveServer(Settings(database_url=url, items_per_minute=10**6, resync_seconds=1.0))
    await server.start()
    chair, mum, teacher = Person.live(server), Person.live(server), Person.live(server)
    try:
        await signed_in_chair(chair, url)
        meeting_id, code = await new_meeting(chair, title="Review for Alex and Jo")
        await join(mum, code, "Dana", "mum")
        await admit_and_enter(chair, mum, meeting_id, "Dana")
        await join(teacher, code, "Ms Patel", "professional", agency="school")
        await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
        board = f"{server.url}/meetings/{meeting_id}"
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            await shoot(browser, chair, board + "/screen", (1920, 1080), "screen-empty")
            for n in range(20):
                for column, section in (("worries", "harm"), ("working", "strengths"), ("next", "steps")):
                    await add_item(chair if n % 2 else mum, meeting_id, f"{n + 1}. {LONG}"[:200],
                                   column=column, section=section)
            await shoot(browser, chair, board + "/screen", (1920, 1080), "screen-20-items")
            await shoot(browser, chair, board + "/screen", (1280, 720), "screen-20-items-720p")
            await shoot(browser, chair, board, (1280, 800), "chair-board")
            await shoot(browser, mum, board, (360, 800), "phone-board")
            r = await chair.post(f"/meetings/{meeting_id}/scales", {
                "question": "How safe are the children now, from 0 to 10?", "ten": "Safe enough for the council to step back",
                "zero": "So worried the children cannot stay at home"})
            assert r.status_code == 200, r.text
            await shoot(browser, chair, board + "/screen", (1920, 1080), "screen-scale-open")
            await shoot(browser, mum, board, (360, 800), "phone-scale-open")
            scale_id = (await server.app.state.mr.boards.board(meeting_id)).current_scale.id
            for person, value in ((mum, "4"), (teacher, "6"), (chair, "5")):
                await person.post(f"/meetings/{meeting_id}/scales/{scale_id}/answer",
                                  {"value": value, "reason": "Things are better at school"})
            await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/reveal")
            await shoot(browser, chair, board + "/screen", (1920, 1080), "screen-revealed")
            await shoot(browser, mum, board, (360, 800), "phone-revealed")
            await shoot(browser, chair, board + "/history", (1280, 800), "chair-history")
            await browser.close()
    finally:
        for person in (chair, mum, teacher):
            await person.close()
        await server.stop()
    print(f"Screenshots in {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
