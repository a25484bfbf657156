"""The chair's board shows the meeting (issue 24, point 2): at 1280×800 with 30 items, four or more
items of each column are in the first view; adding is one line per column that opens in place;
a menu closes after its action; "Edit" opens the editor over the item's own box; a success is a
status, not an alert."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, assert_accessible, open_board
from tests.screen_fit import board_text_for, full_meeting

pytestmark = pytest.mark.browser

IN_FIRST_VIEW = """(column) => [...column.querySelectorAll('.item')].filter(i => {
    const r = i.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }).length"""


async def test_four_items_a_column_in_the_first_view_and_adding_opens_in_place(browser, live_server, database_url):
    chair, others, meeting_id = await full_meeting(live_server, database_url, 30, texts=board_text_for)
    page = await open_board(browser, live_server, chair, meeting_id, DESKTOP)
    for key in ("worries", "working", "next"):
        shown = await page.locator(f"#col-{key}").evaluate(IN_FIRST_VIEW)
        assert shown >= 4, f"{key}: {shown} items in the first view"
    worries = page.get_by_role("region", name="What are we worried about?")
    field = worries.get_by_label("Add to What are we worried about?")
    assert await worries.get_by_role("button", name="Add", exact=True).is_hidden()  # one line until used
    assert await page.locator("#add-worries").evaluate("f => f.getBoundingClientRect().height") < 60
    await field.fill("Dad has started a course about drinking")
    await worries.locator("summary", has_text="For someone without a phone").wait_for()  # opened in place
    await worries.get_by_role("button", name="Add", exact=True).click()
    await worries.locator(".item", has_text="Dad has started a course").wait_for()
    await assert_accessible(page, "the chair's board with 30 items")
    await page.context.close()
    for person in [chair, *others]:
        await person.close()


async def test_a_menu_closes_after_acting_and_the_editor_opens_in_the_item(browser, live_server, database_url):
    chair, others, meeting_id = await full_meeting(live_server, database_url, 12, people=[], texts=board_text_for)
    page = await open_board(browser, live_server, chair, meeting_id, DESKTOP)
    item = page.locator("#col-worries .item").nth(1)
    item_id = await item.get_attribute("id")
    menu = item.locator("details.item-menu")
    await menu.locator("summary").click()
    await item.get_by_role("button", name="Move up").click()
    moved = page.locator(f"#{item_id}")
    await page.wait_for_function(f"() => !document.querySelector('#{item_id} details.item-menu').open")
    await page.wait_for_function(f"() => document.activeElement === document.querySelector('#{item_id} summary')")
    assert await page.locator("#col-worries .item").first.get_attribute("id") == item_id

    # "Edit the words" opens the editor over the item itself, big enough for its words.
    await moved.locator("summary").click()
    await moved.get_by_role("button", name="Edit the words").click()
    editor = page.locator("form.editor.in-place")
    await editor.wait_for()
    box, own = await editor.bounding_box(), await moved.bounding_box()
    assert abs(box["y"] - own["y"]) <= 2 and abs(box["x"] - own["x"]) <= 2 and abs(box["width"] - own["width"]) <= 2
    text = page.get_by_label("Change this item")
    assert await text.evaluate("t => t.scrollHeight <= t.clientHeight + 2")  # every word in view
    await text.fill("1. The school has noticed that Alex is tired on Mondays")
    await editor.get_by_role("button", name="Save").click()
    await moved.locator(".item-text", has_text="tired on Mondays").wait_for()
    await editor.wait_for(state="detached")

    # A success is a status, not an alert.
    await page.locator(".screen-menu > summary").click()
    await page.get_by_role("button", name="Blank the shared screen").click()
    await page.get_by_role("status").filter(has_text="The shared screen is blank.").wait_for()
    assert await page.locator("#flash").text_content() == ""
    await page.context.close()
    await chair.close()
