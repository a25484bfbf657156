"""Every new state of issue 24 is axe-clean and has no sideways scroll at 200 % text, at 360 and
1280 px: a professional's add form with "For professionals only", the chair's compact add form
opened in place, the chair's person menu and the shared-screen menu."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, open_board
from tests.helpers import Person, admit_and_enter, join, meeting_with_mum

pytestmark = pytest.mark.browser


async def no_sideways_scroll_at_200(page, what: str) -> None:
    await page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    width = await page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"{what} scrolls sideways at 200% text: {width}"
    await page.evaluate("() => { document.documentElement.style.fontSize = ''; }")


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["360", "1280"])
async def test_new_states_are_accessible(browser, live_server, database_url, device):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    teacher = Person.live(live_server)
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    pro = await open_board(browser, live_server, teacher, meeting_id, device)
    if device is PHONE:  # the jump chips fit whole; a phone is not told "No scale question is open"
        cut = await pro.evaluate("""() => [...document.querySelectorAll('nav.jump a')].filter(a =>
            a.scrollWidth > a.clientWidth + 1 || a.getBoundingClientRect().right > innerWidth).map(a => a.textContent)""")
        assert cut == [], cut
        assert await pro.get_by_text("No scale question is open").count() == 0
    worries = pro.get_by_role("region", name="What are we worried about?")
    await worries.get_by_label("Add to What are we worried about?").fill("A worry for professionals")
    await worries.get_by_label("For professionals only").check()
    await assert_accessible(pro, "a professional's add form")
    await no_sideways_scroll_at_200(pro, "a professional's add form")

    board = await open_board(browser, live_server, chair, meeting_id, device)
    column = board.get_by_role("region", name="What are we worried about?")
    await column.get_by_label("Add to What are we worried about?").fill("Opened in place")
    await column.get_by_label("For professionals only").wait_for()
    await board.locator("summary", has_text="Actions").filter(has_text="Ms Patel").click()
    await board.get_by_role("button", name="Ask Ms Patel to wait outside").wait_for()
    await assert_accessible(board, "the chair's board with its add form and a person's menu open")
    await no_sideways_scroll_at_200(board, "the chair's board")
    await board.locator(".screen-menu > summary").click()
    await board.get_by_role("button", name="Focus on").wait_for()
    await assert_accessible(board, "the chair's shared-screen menu")
    await no_sideways_scroll_at_200(board, "the chair's shared-screen menu")
    for page in (pro, board):
        await page.context.close()
    for person in (chair, mum, teacher):
        await person.close()
