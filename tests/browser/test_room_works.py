"""A room that works: the chair's board shows the meeting first and keeps what waits in view;
actions that cannot be taken back ask first; a phone never misses a question; large text never
pushes anything off the side."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_sideways_scroll,
    open_board,
)
from tests.helpers import Person, add_item, join, meeting_with_mum

pytestmark = pytest.mark.browser


async def _in_viewport(locator) -> bool:
    return await locator.evaluate("""el => { const r = el.getBoundingClientRect();
        return r.width > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }""")


async def test_the_chair_sees_the_columns_first_and_what_waits_wherever_they_are(browser, live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    for n in range(6):
        await add_item(mum, meeting_id, f"Worry number {n}, written out at some length to take room.")
    page = await open_board(browser, live_server, chair, meeting_id, DESKTOP)
    for heading in ("What are we worried about?", "What's working well?", "What needs to happen?"):
        assert await _in_viewport(page.get_by_role("heading", name=heading)), f"{heading} is not in view on arrival"
    # One control per item: its actions wait behind "Change", and it works by keyboard.
    item = page.locator(".item", has_text="Worry number 0")
    assert not await item.get_by_role("button", name="Move up").is_visible()
    await item.locator("summary").focus()
    await page.keyboard.press("Enter")
    await item.get_by_role("button", name="Move up").wait_for()
    await assert_accessible(page, "the chair's board with an item's menu open")
    # Someone joins while the chair is scrolled to the bottom: the notice is in view.
    await page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    dad = Person.live(live_server)
    await join(dad, code, "Mark", "dad")
    notice = page.locator("#notices").get_by_text("is waiting to join")
    await notice.wait_for()
    assert await _in_viewport(notice), "the waiting notice is not in view"
    await assert_accessible(page, "the chair's board with a notice")
    # Turning someone away asks first, and says what will happen.
    await page.get_by_role("button", name="Turn away Mark (Dad)").click()
    await page.get_by_text("Mark will be told they cannot join this meeting.").wait_for()
    await assert_accessible(page, "a confirmation")
    await page.get_by_role("button", name="Cancel").click()
    await page.get_by_role("button", name="Turn away Mark (Dad)").click()
    await page.get_by_role("button", name="Turn away Mark (Dad)").click()  # the confirming button
    await page.locator("#notices").get_by_text("is waiting to join").wait_for(state="detached")
    await page.context.close()
    for person in (chair, mum, dad):
        await person.close()


async def test_a_phone_scrolled_away_is_told_a_question_waits(browser, live_server, database_url):
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    for n in range(8):
        await add_item(chair, meeting_id, f"Something worth saying, number {n}.", column="next", section="steps")
    phone = await open_board(browser, live_server, mum, meeting_id, PHONE)
    await phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": "How safe are the children now?",
                         "ten": "Safe", "zero": "Not safe"})
    assert r.status_code == 200, r.text
    notice = phone.get_by_text("A question is waiting for your answer")
    await notice.wait_for()
    assert await _in_viewport(notice)
    await assert_accessible(phone, "a phone with the question notice")
    await phone.get_by_role("link", name="Go to the question").click()
    await phone.get_by_role("group", name="How safe are the children now?").wait_for()
    await phone.get_by_role("radio", name="6").check()
    await phone.get_by_role("button", name="Save my answer").click()
    await phone.get_by_text("Saved ✓").wait_for()
    await phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    await phone.wait_for_function("!document.querySelector('#scale-notice.showing')")  # answered: it goes
    await phone.context.close()
    await chair.close()
    await mum.close()


async def test_the_author_of_a_removed_item_is_told(browser, live_server, database_url):
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    await add_item(mum, meeting_id, "Dad drinks too much at weekends")
    phone = await open_board(browser, live_server, mum, meeting_id, PHONE)
    page = await chair.get(f"/meetings/{meeting_id}")
    item_id = page.text.split('class="item-text" id="text-', 1)[1].split('"', 1)[0]
    r = await chair.post(f"/meetings/{meeting_id}/items/{item_id}/remove")
    assert r.status_code == 200, r.text
    await phone.get_by_text("The chair removed something you wrote: “Dad drinks too much at weekends”").wait_for()
    await assert_accessible(phone, "a phone told of a removed item")
    await phone.context.close()
    await chair.close()
    await mum.close()


async def test_text_at_200_percent_pushes_nothing_off_the_side(browser, live_server, database_url):
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    await add_item(mum, meeting_id, "A long worry about the ICPC " * 8)
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": "How safe are the children now?",
                         "ten": "Safe enough", "zero": "Not safe at all"})
    assert r.status_code == 200, r.text
    phone = await open_board(browser, live_server, mum, meeting_id, PHONE, bypass_csp=True)
    await phone.add_style_tag(content="html { font-size: 200% !important; }")  # a phone's large-text setting
    await phone.get_by_role("button", name="Save my answer").wait_for()
    await assert_no_sideways_scroll(phone, "the answer form at 200%")
    scale_id = (await live_server.app.state.mr.boards.board(meeting_id)).current_scale.id
    for person, value in ((mum, "3"), (chair, "7")):
        await person.post(f"/meetings/{meeting_id}/scales/{scale_id}/answer",
                          {"value": value, "reason": "Because the school says things are a little better now"})
    await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/reveal")
    await phone.get_by_text("Everyone's answers").wait_for()
    await assert_no_sideways_scroll(phone, "the revealed spread at 200%")
    await assert_accessible(phone, "the revealed spread on a phone")
    await phone.context.close()
    await chair.close()
    await mum.close()


async def test_a_phone_says_it_needs_a_moment_and_the_chair_sees_it_at_once(browser, live_server, database_url):
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    page = await open_board(browser, live_server, chair, meeting_id, DESKTOP)
    phone = await open_board(browser, live_server, mum, meeting_id, PHONE)
    await phone.get_by_role("button", name="I need a moment").click()
    await phone.get_by_text("The chair knows you need a moment").wait_for()
    await assert_accessible(phone, "a phone that asked for a moment")
    await page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    notice = page.locator("#notices").get_by_text("needs a moment")
    await notice.wait_for()
    assert await _in_viewport(notice)
    await page.set_viewport_size({"width": 360, "height": 800})  # a chair on a phone, notice and all
    await assert_accessible(page, "the chair's board at 360px with a notice")
    await assert_no_sideways_scroll(page, "the chair's board at 360px")
    await page.get_by_role("button", name="Seen to").click()
    await notice.wait_for(state="detached")
    await page.context.close()
    await phone.context.close()
    await chair.close()
    await mum.close()
