"""Phones start with what matters (issue 24, point 3): the first screen says what the meeting is
and what the person can do, with the agenda step; the 0–10 buttons are a tidy grid read in order
(DOM, screen and keyboard), none under 44 px; the chair's "Seen to" reaches the parent's phone live.
Each state is axe-clean with no sideways scroll at 200 % text, at 360 and 1280 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, open_board
from tests.browser.test_new_states_accessible import no_sideways_scroll_at_200
from tests.helpers import Person, meeting_with_mum

pytestmark = pytest.mark.browser

# Each number button's box, in the order of the page (the order a screen reader and the arrow keys use).
BOXES = """() => [...document.querySelectorAll('#scale-answer .number-grid .number')].map(l => {
    const r = l.getBoundingClientRect();
    return {n: l.querySelector('input').value, top: Math.round(r.top), left: Math.round(r.left),
            width: r.width, height: r.height}; })"""


def tidy(boxes: list[dict]) -> list[list[str]]:
    """The rows of the grid as seen, top to bottom, each left to right; checks they are tidy."""
    rows: dict[int, list[dict]] = {}
    for box in boxes:
        rows.setdefault(box["top"], []).append(box)
    seen = [[b["n"] for b in sorted(row, key=lambda b: b["left"])] for _, row in sorted(rows.items())]
    widths = [len(row) for row in seen]
    assert all(w == widths[0] for w in widths[:-1]) and widths[0] / 2 <= widths[-1] <= widths[0], \
        f"a ragged grid: {seen}"
    lefts = [sorted(b["left"] for b in row) for _, row in sorted(rows.items())]
    assert all(row == lefts[0][:len(row)] for row in lefts), f"the columns do not line up: {lefts}"
    return seen


async def check_grid(page, what: str) -> None:
    boxes = await page.evaluate(BOXES)
    assert [b["n"] for b in boxes] == [str(n) for n in range(11)], "the page's order is 0 to 10"
    rows = tidy(boxes)
    assert [n for row in rows for n in row] == [str(n) for n in range(11)], f"{what}: read out of order: {rows}"
    small = [b for b in boxes if b["width"] < 44 or b["height"] < 44]
    assert not small, f"{what}: buttons under 44px: {small}"


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["360", "1280"])
async def test_the_phone_first_screen_the_number_grid_and_seen_to(browser, live_server, database_url, device):
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    phone = await open_board(browser, live_server, mum, meeting_id, device)
    intro = phone.locator(".board-intro")
    await intro.get_by_text("This is Alex's family meeting.").wait_for()
    await intro.get_by_text("You can add what you are worried about, what is going well and what needs to happen.").wait_for()
    top = await intro.evaluate("e => e.getBoundingClientRect().bottom")
    assert top < 800, "the sentences are on the first screen"
    await phone.locator("#agenda summary").filter(has_text="Step 1 of").wait_for()
    assert await phone.get_by_text("No scale question is open").count() == 0
    await assert_accessible(phone, "a phone's first screen")
    await no_sideways_scroll_at_200(phone, "a phone's first screen")

    await chair.get(f"/meetings/{meeting_id}")
    await chair.post(f"/meetings/{meeting_id}/agenda/next?step=0")
    await phone.locator("#agenda summary").filter(has_text="Step 2 of").wait_for()

    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": "How safe is Alex now, from 0 to 10?",
                                                            "ten": "Alex is completely safe", "zero": "Alex is not safe"})
    assert r.status_code == 200, r.text
    await phone.locator("#scale-answer .number-grid").wait_for()
    await check_grid(phone, "the number grid")
    await phone.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    await check_grid(phone, "the number grid at 200% text")
    await phone.evaluate("() => { document.documentElement.style.fontSize = ''; }")
    # The keyboard goes through the radio group in the same order.
    await phone.get_by_role("radio", name="0", exact=True).focus()
    for n in range(1, 11):
        await phone.keyboard.press("ArrowRight")
        assert await phone.evaluate("() => document.activeElement.value") == str(n)
    await assert_accessible(phone, "the number grid")
    await no_sideways_scroll_at_200(phone, "the number grid")

    await phone.get_by_role("button", name="I need a moment").click()
    await phone.get_by_text("The chair knows you need a moment").wait_for()
    pid = await phone.evaluate("() => document.getElementById('page').dataset.me")
    r = await chair.post(f"/meetings/{meeting_id}/people/{pid}/moment-passed")
    assert r.status_code in (200, 204, 303), r.text
    await phone.get_by_role("button", name="I need a moment").wait_for()  # live, with no reload
    await phone.locator("#moment-said").filter(has_text="The chair has seen to it.").wait_for()
    assert await phone.get_by_text("The chair knows you need a moment").count() == 0
    await assert_accessible(phone, "a phone after the chair's Seen to")
    await no_sideways_scroll_at_200(phone, "a phone after the chair's Seen to")
    await phone.context.close()
    for person in (chair, mum):
        await person.close()
