"""Each live page says honestly whether it is live, notices when it is not, and recovers."""

from __future__ import annotations

import re

import pytest

from meeting_room.live import outbox as hub_module
from meeting_room.live.broker import MemoryBroker
from meeting_room.services import Domain
from meeting_room.store.db import Database
from tests.browser.conftest import DESKTOP, PHONE, give_cookies, watch_console
from tests.helpers import Person, admit_and_enter, join, new_meeting, signed_in_chair

pytestmark = pytest.mark.browser

CANNOT_REACH = "Cannot reach the meeting"
# The server's ping interval (uvicorn's default, 20 s) plus a few seconds.
NOTICE_WITHIN_MS = 25_000


async def _open(browser, server, person: Person, url: str, device: dict, problems: list[str], what: str):
    context = await browser.new_context(**device)
    await give_cookies(person, context)
    page = await context.new_page()
    watch_console(page, problems, what)
    await page.goto(url)
    await page.locator("#live-status", has_text="Live").wait_for()
    return page


async def _meeting(server, database_url):
    chair = Person.live(server)
    await signed_in_chair(chair, database_url)
    meeting_id, code = await new_meeting(chair)
    mum, pro = Person.live(server), Person.live(server)
    await join(mum, code, "Dana", "mum")
    await admit_and_enter(chair, mum, meeting_id, "Dana")
    await join(pro, code, "Sam", "professional", agency="School")
    await admit_and_enter(chair, pro, meeting_id, "Sam")
    return chair, mum, pro, meeting_id


async def test_a_stopped_server_is_shown_as_unreachable_and_every_page_catches_up_when_it_returns(
        browser, live_server, database_url):
    problems: list[str] = []
    # While the server is down, the browser itself logs each refused attempt to reach it.
    browser.expect_errors(r"ERR_CONNECTION_REFUSED|WebSocket connection to .* failed|htmx:ws:error")
    chair, mum, pro, meeting_id = await _meeting(live_server, database_url)
    board = f"{live_server.url}/meetings/{meeting_id}"
    pages = {
        "the chair's laptop": await _open(browser, live_server, chair, board, DESKTOP, problems, "chair"),
        "the shared screen": await _open(browser, live_server, chair, board + "/screen", DESKTOP, problems, "screen"),
        "a phone": await _open(browser, live_server, mum, board, PHONE, problems, "phone"),
        "a professional's laptop": await _open(browser, live_server, pro, board, DESKTOP, problems, "professional"),
    }
    for what, page in pages.items():
        await page.locator(".presence.on").first.wait_for()  # others are shown as connected
        # The page's first socket said which sequence number it was drawn at (issue 28); once its
        # first message came, any later connection asks for the whole view again.
        drawn_at = await page.locator("#live").get_attribute("hx-ws:connect")
        now_asks = await page.evaluate("() => document.getElementById('live')._htmx.ws.connection.url")
        assert "seen=" in drawn_at and "seen=" not in now_asks, (what, drawn_at, now_asks)

    await live_server.stop()
    for what, page in pages.items():
        await page.locator("#live-status", has_text=CANNOT_REACH).wait_for(timeout=NOTICE_WITHIN_MS)
        shown = await page.locator(".presence.on:visible").count()
        assert shown == 0, f"{what} cannot reach the meeting but shows {shown} people as connected"

    # A change while they are away, straight into the database.
    domain = Domain(Database(database_url), MemoryBroker())
    board_now = await domain.boards.board(meeting_id)
    chair_id = next(p.id for p in board_now.participants if p.role == "chair")
    await domain.items.add(meeting_id, chair_id, column="next", section="steps", text="Written while the server was down")
    seq = (await domain.boards.board(meeting_id)).seq
    await domain.db.dispose()

    await live_server.start()
    for what, page in pages.items():
        await page.locator("#live-status", has_text="Live").wait_for(timeout=15_000)
        await page.get_by_text("Written while the server was down").wait_for(timeout=5_000)
        assert await page.locator("#sync-state").get_attribute("data-seq") == str(seq), what
    for page in pages.values():
        await page.context.close()
    for person in (chair, mum, pro):
        await person.close()


async def test_a_socket_that_is_accepted_and_then_says_nothing_is_noticed_and_replaced(
        browser, live_server, database_url, monkeypatch):
    problems: list[str] = []
    chair, mum, pro, meeting_id = await _meeting(live_server, database_url)
    board = f"{live_server.url}/meetings/{meeting_id}"

    # A hub that has stopped: sockets are accepted, nothing is ever sent on them.
    silent = {"on": True}
    real_offer = hub_module.Connection.offer
    monkeypatch.setattr(hub_module.Connection, "offer",
                        lambda self, text: None if silent["on"] else real_offer(self, text))
    context = await browser.new_context(**PHONE)
    await give_cookies(mum, context)
    page = await context.new_page()
    watch_console(page, problems, "phone")
    await page.goto(board)
    await page.locator("#live-status", has_text="Reconnecting").wait_for(timeout=10_000)
    silent["on"] = False  # the hub works again: the next socket gets its snapshot
    await page.locator("#live-status", has_text="Live").wait_for(timeout=15_000)
    r = await chair.post(f"/meetings/{meeting_id}/items", {"column": "working", "section": "strengths",
                                                           "text": "Seen after the watchdog"})
    assert r.status_code == 200, r.text
    await page.get_by_text("Seen after the watchdog").wait_for(timeout=3_000)
    await context.close()
    for person in (chair, mum, pro):
        await person.close()
    assert not problems, "\n".join(problems)


async def test_the_chair_sees_whether_the_shared_screen_is_connected(browser, live_server, database_url):
    problems: list[str] = []
    chair, mum, pro, meeting_id = await _meeting(live_server, database_url)
    board = f"{live_server.url}/meetings/{meeting_id}"
    chair_page = await _open(browser, live_server, chair, board, DESKTOP, problems, "chair")
    status = chair_page.locator("#screen-status")
    await status.filter(has_text="Shared screen: not connected").wait_for()
    screen = await _open(browser, live_server, chair, board + "/screen", DESKTOP, problems, "screen")
    await status.filter(has_text=re.compile(r"Shared screen: connected")).wait_for(timeout=5_000)
    await screen.context.close()
    await status.filter(has_text="Shared screen: not connected").wait_for(timeout=NOTICE_WITHIN_MS)
    await chair_page.context.close()
    for person in (chair, mum, pro):
        await person.close()
    assert not problems, "\n".join(problems)


# Every control in view that the live status is drawn over, even in part.
COVERED_BY_STATUS = """() => {
  const status = document.getElementById('live-status');
  if (!status || !status.getClientRects().length) return [];
  const s = status.getBoundingClientRect();
  const found = [];
  for (const el of document.querySelectorAll('button, a[href], input, select, textarea, summary, [tabindex]')) {
    if (status.contains(el) || el.contains(status)) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || r.bottom < 0 || r.top > innerHeight) continue;
    const overlap = r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom;
    if (!overlap) continue;
    // Drawn over it, not under it: the topmost thing where they meet is the status.
    const x = (Math.max(r.left, s.left) + Math.min(r.right, s.right)) / 2;
    const y = (Math.max(r.top, s.top) + Math.min(r.bottom, s.bottom)) / 2;
    const hit = document.elementFromPoint(x, y);
    if (hit && status.contains(hit)) found.push((el.textContent || el.value || el.tagName).trim().slice(0, 40));
  }
  return found;
}"""


async def test_the_live_status_covers_no_control(browser, live_server, database_url):
    """Issue 24 (WCAG 2.2 "Focus not obscured"): while the page is live, the status sits in the
    title row; it is drawn over no button, link or field at any scroll position, on the chair's
    laptop with people waiting (the list reaches the foot of the screen) and on a phone."""
    problems: list[str] = []
    chair, mum, pro, meeting_id = await _meeting(live_server, database_url)
    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", (await chair.get(f"/meetings/{meeting_id}/screen")).text).group(0)
    for name in ("Kelly", "Lee", "Rose", "Sam Two"):
        await join(Person.live(live_server), code, name, "grandparent")
    board = f"{live_server.url}/meetings/{meeting_id}"
    pages = [await _open(browser, live_server, chair, board, DESKTOP, problems, "chair"),
             await _open(browser, live_server, mum, board, PHONE, problems, "phone")]
    for page in pages:
        height = await page.evaluate("document.documentElement.scrollHeight")
        for y in range(0, height, 300):
            await page.evaluate(f"window.scrollTo(0, {y})")
            assert await page.evaluate(COVERED_BY_STATUS) == [], f"covered at {y}px"
        await page.context.close()
    assert problems == []
