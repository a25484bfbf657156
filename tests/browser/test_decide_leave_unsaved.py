"""Issue 23, point 2: leave with unsaved text. The decide page asks before it is left with words
typed but not saved; once saved, it lets the chair go without asking."""

from __future__ import annotations

import pytest

from tests.app.test_decide_one_form import a_meeting
from tests.browser.conftest import DESKTOP, assert_accessible, give_cookies
from tests.helpers import Person, signed_in_chair

pytestmark = pytest.mark.browser


async def test_leave_with_unsaved_text(browser, live_server, database_url):
    chair = Person.live(live_server)
    await signed_in_chair(chair, database_url)
    meeting_id = await a_meeting(chair)
    context = await browser.new_context(**DESKTOP)
    await give_cookies(chair, context)
    page = await context.new_page()
    await page.goto(f"{live_server.url}/meetings/{meeting_id}/decide")
    await assert_accessible(page, "the decide page as one form")

    asked: list[str] = []

    async def answer(dialog):
        asked.append(dialog.type)
        await (dialog.dismiss() if len(asked) == 1 else dialog.accept())
    page.on("dialog", answer)

    # The dissent typed, then "Back to the meeting": the page asks; staying keeps every word.
    await page.get_by_label("What they said").click()
    await page.keyboard.type("I do not agree. Alex is never alone.")
    await page.get_by_label("Who disagrees").fill("Dana (Mum)")
    await page.get_by_role("link", name="Back to the meeting").click()
    await page.wait_for_function("() => document.querySelector('#dissent-words').value.length > 0")
    assert asked == ["beforeunload"]
    assert page.url.endswith("/decide")
    assert await page.get_by_label("What they said").input_value() == "I do not agree. Alex is never alone."

    # The apologies typed too, then Save: everything is kept, and leaving no longer asks.
    await page.get_by_label("Who sent apologies").fill("Dr Shah, health visitor")
    await page.get_by_role("button", name="Save", exact=True).click()
    await page.get_by_role("status").filter(has_text="Everything on this page is saved.").wait_for()
    assert await page.get_by_label("Who sent apologies").input_value() == "Dr Shah, health visitor"
    await page.get_by_text("I do not agree. Alex is never alone.").wait_for()
    await page.get_by_role("link", name="Back to the meeting").click()
    await page.wait_for_url(f"{live_server.url}/meetings/{meeting_id}")
    assert asked == ["beforeunload"]

    # Typed again and the page is left by the browser's own way out: it asks again.
    await page.goto(f"{live_server.url}/meetings/{meeting_id}/decide")
    await page.get_by_label("Date of the next meeting").fill("2027-03-01")
    await page.get_by_label("Why, for Jo").click()
    await page.keyboard.type("Jo is safe with Grandad.")
    await page.goto(f"{live_server.url}/meetings")
    assert asked == ["beforeunload", "beforeunload"]
    await context.close()
    await chair.close()
