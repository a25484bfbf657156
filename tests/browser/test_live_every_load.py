"""Every live page goes live on every load: fresh and reused browser contexts, reloads, back and
forward, scripts that arrive late and in any order, and a busy machine.

A change is made elsewhere right after each load; the page must show it within 3 seconds. (A page
whose socket never opened shows nothing new, and looks live: the bug this test was written for.)
"""

from __future__ import annotations

import asyncio
import random
import re

import pytest

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    cpu_burners,
    give_cookies,
    watch_console,
)
from tests.helpers import (
    Person,
    add_item,
    admit_and_enter,
    join,
    new_meeting,
    signed_in_chair,
    waiting_id,
)

pytestmark = pytest.mark.browser

LOADS = 6  # even loads in a fresh browser; odd ones reuse one: a new window, a reload, back and forward
LIVE_WITHIN_MS = 3000


delayed: list[str] = []  # every script the routing held back: proof that the delays happen


async def _slow_scripts(context, rng: random.Random) -> None:
    """Each script arrives after its own random delay, so they finish downloading in any order."""
    async def late(route):
        delayed.append(route.request.url)
        await asyncio.sleep(rng.choice((0, 0.05, 0.2, 0.5)))
        await route.continue_()
    await context.route(re.compile(r".*\.js(\?.*)?$"), late)  # fingerprinted: app.js?v=…


async def _load(context, page, url: str, how: str):
    if page is None or how == "new window":
        page = await context.new_page()
        await page.goto(url)
    elif how == "reload":
        await page.reload()
    else:  # back and forward
        await page.goto(url.split("/meetings/")[0] + "/")
        await page.go_back()
    return page


async def _expect_text(page, text: str, what: str) -> None:
    try:
        await page.get_by_text(text).first.wait_for(timeout=LIVE_WITHIN_MS)
    except Exception:
        state = await page.evaluate("""() => ({
            seq: document.getElementById('sync-state')?.dataset.seq,
            status: document.getElementById('live-status')?.textContent,
            offline: document.body.classList.contains('offline')})""")
        raise AssertionError(f"{what} did not show {text!r} within {LIVE_WITHIN_MS} ms: {state}") from None


async def test_every_live_page_shows_a_change_made_right_after_each_load(browser, live_server, database_url):
    rng = random.Random(20261130)
    problems: list[str] = []
    chair = Person.live(live_server)
    await signed_in_chair(chair, database_url)
    meeting_id, code = await new_meeting(chair)
    mum, pro = Person.live(live_server), Person.live(live_server)
    await join(mum, code, "Dana", "mum")
    await admit_and_enter(chair, mum, meeting_id, "Dana")
    await join(pro, code, "Sam", "professional", agency="School")
    await admit_and_enter(chair, pro, meeting_id, "Sam")
    board = f"{live_server.url}/meetings/{meeting_id}"
    pages = [("the chair's board", chair, board, DESKTOP), ("the shared screen", chair, board + "/screen", DESKTOP),
             ("a phone's board", mum, board, PHONE), ("a professional's board", pro, board, DESKTOP)]
    ways = ("new window", "reload", "back and forward")
    try:
        with cpu_burners(2):
            for what, person, url, device in pages:
                shared, shared_page = None, None
                for n in range(LOADS):
                    if n % 2 == 0:  # a fresh browser: cold cache, new cookies jar
                        context = await browser.new_context(**device)
                        await give_cookies(person, context)
                        if rng.random() < 0.7:
                            await _slow_scripts(context, rng)
                        page = await _load(context, None, url, "new window")
                        how = "fresh context"
                    else:  # the same browser again: reload, back and forward, a new window
                        if shared is None:
                            shared = await browser.new_context(**device)
                            await give_cookies(person, shared)
                            await _slow_scripts(shared, rng)
                        how = ways[(n // 2) % 3] if shared_page else "new window"
                        page = shared_page = await _load(shared, shared_page, url, how)
                        context = shared
                    watch_console(page, problems, what)
                    text = f"Seen on load {n} of {what}"
                    r = await add_item(chair, meeting_id, text, column="working", section="strengths")
                    assert r.status_code == 200, r.text
                    await _expect_text(page, text, f"{what}, load {n} ({how})")
                    if context is not shared:
                        await context.close()
                await shared.close()

            # The lobby: someone waits; the chair lets them in; their page must move on by itself.
            for n in range(LOADS):
                person = Person.live(live_server)
                await join(person, code, f"Visitor {n}", "friend")
                context = await browser.new_context(**PHONE)
                await give_cookies(person, context)
                if n % 2:
                    await _slow_scripts(context, rng)
                page = await context.new_page()
                watch_console(page, problems, f"lobby {n}")
                await page.goto(board)
                await page.get_by_text("waiting for the chair").first.wait_for()
                pid = await waiting_id(chair, meeting_id, f"Visitor {n}")
                r = await chair.post(f"/meetings/{meeting_id}/people/{pid}/admit")
                assert r.status_code == 204, r.text
                await _expect_text(page, "What are we worried about?", f"the lobby, load {n}")
                await page.locator("#live-status", has_text="Live").wait_for(timeout=LIVE_WITHIN_MS)
                await context.close()
                await person.close()
    finally:
        for person in (chair, mum, pro):
            await person.close()
    assert any("hx-ws" in url for url in delayed), "the scripts were never delayed: the routing matched nothing"
    assert not problems, "\n".join(problems)
