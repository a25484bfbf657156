"""The shared screen fits the room's TV: nothing to scroll, every item seen in turn, large text."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, give_cookies
from tests.helpers import (
    Person,
    add_item,
    admit_and_enter,
    join,
    new_meeting,
    signed_in_chair,
)

pytestmark = pytest.mark.browser

LONG = ("Dad has shouted at the children when he has been drinking, and the school has noticed that Alex "
        "comes in tired and hungry on Mondays after a weekend at home with both of the parents there.")
COLUMNS = (("worries", "harm"), ("working", "strengths"), ("next", "steps"))
IN_VIEW = """(el) => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1; }"""


async def _full_meeting(server, database_url):
    chair, mum = Person.live(server), Person.live(server)
    await signed_in_chair(chair, database_url)
    meeting_id, code = await new_meeting(chair)
    await join(mum, code, "Dana", "mum")
    await admit_and_enter(chair, mum, meeting_id, "Dana")
    for n in range(20):
        for column, section in COLUMNS:
            r = await add_item(chair, meeting_id, f"{column} {n + 1}: {LONG}"[:200], column=column, section=section)
            assert r.status_code == 200
    return chair, mum, meeting_id


async def _screen(browser, server, chair, meeting_id, width, height):
    context = await browser.new_context(viewport={"width": width, "height": height})
    await give_cookies(chair, context)
    page = await context.new_page()
    await page.goto(f"{server.url}/meetings/{meeting_id}/screen")
    await page.locator("#live-status[data-state=live]").wait_for()
    return page


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
async def test_every_item_of_long_columns_comes_into_view_by_itself(browser, live_server, database_url, size):
    chair, mum, meeting_id = await _full_meeting(live_server, database_url)
    page = await _screen(browser, live_server, chair, meeting_id, *size)
    assert await page.evaluate("() => document.documentElement.scrollHeight <= innerHeight + 1")
    assert await page.evaluate("() => document.documentElement.scrollWidth <= innerWidth + 1")
    await page.evaluate("() => { document.getElementById('page').dataset.pageSeconds = '0.3'; }")
    # Each item is, at some moment, wholly inside the screen (the pages turn by themselves).
    for column, _ in COLUMNS:
        for n in range(20):
            item = page.locator(f"#col-{column} .item", has_text=f"{column} {n + 1}:").first
            await page.wait_for_function(f"(el) => ({IN_VIEW})(el)", arg=await item.element_handle(), timeout=20_000)
    await assert_accessible(page, f"the shared screen at {size}")
    await page.context.close()
    await chair.close()
    await mum.close()


async def test_a_scale_takes_the_screen_in_large_type(browser, live_server, database_url):
    chair, mum, meeting_id = await _full_meeting(live_server, database_url)
    page = await _screen(browser, live_server, chair, meeting_id, 1920, 1080)
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": "How safe are the children now, from 0 to 10?",
                                                            "ten": "Safe enough", "zero": "Not safe at home"})
    assert r.status_code == 200
    progress = page.locator(".progress", has_text="have answered")
    await progress.wait_for()
    assert await progress.evaluate(IN_VIEW)
    assert await page.locator(".columns").is_hidden()  # the scale has the stage
    sizes = await page.evaluate("""() => [...document.querySelectorAll(
        '.scale-question, .scale-labels, .progress strong, .screen-side .join-code-label, #roster-list .name')]
        .map(el => parseFloat(getComputedStyle(el).fontSize))""")
    assert sizes and min(sizes) >= 28, sizes
    assert await page.locator(".progress strong").evaluate("el => parseFloat(getComputedStyle(el).fontSize)") > \
        await page.locator(".scale .quiet").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")

    scale_id = (await live_server.app.state.mr.boards.board(meeting_id)).current_scale.id
    for person, value in ((mum, "4"), (chair, "6")):
        await person.post(f"/meetings/{meeting_id}/scales/{scale_id}/answer", {"value": value})
    await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/reveal")
    chart = page.locator(".spread-chart")
    await chart.wait_for()
    assert await chart.evaluate(IN_VIEW)
    await assert_accessible(page, "the shared screen with answers shown")
    # The chair brings the columns back.
    await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/close")
    await page.locator(".columns").wait_for()
    text_sizes = await page.evaluate("""() => [...document.querySelectorAll('.item-text, .by, .column h2, .section h3')]
        .filter(el => el.offsetParent).map(el => parseFloat(getComputedStyle(el).fontSize))""")
    assert text_sizes and min(text_sizes) >= 28, min(text_sizes)
    await page.context.close()
    await chair.close()
    await mum.close()
