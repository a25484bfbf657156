"""Step out and back in browsers (issue 24, point 6): from the person's menu on the chair's board,
"Ask Lee to wait outside" turns Lee's phone into a calm waiting screen by itself, and "Bring Lee
back" puts it back on the board by itself."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_sideways_scroll,
    open_board,
)
from tests.helpers import Person, add_item, admit_and_enter, join, meeting_with_mum

pytestmark = pytest.mark.browser


async def test_lee_waits_outside_and_comes_back(browser, live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    dad = Person.live(live_server)
    await join(dad, code, "Lee", "dad")
    await admit_and_enter(chair, dad, meeting_id, "Lee")
    await add_item(mum, meeting_id, "Said before")
    board = await open_board(browser, live_server, chair, meeting_id, DESKTOP)
    phone = await open_board(browser, live_server, dad, meeting_id, PHONE)
    await phone.get_by_text("Said before").wait_for()

    await board.locator("summary", has_text="Actions").filter(has_text="Lee").click()
    await board.get_by_role("button", name="Ask Lee to wait outside").click()
    await phone.get_by_text("The chair has asked you to wait outside for a while.").wait_for()
    await add_item(mum, meeting_id, "Said while Lee was outside")
    notice = board.locator("#notices")  # in view wherever the chair has scrolled
    await notice.get_by_text("is waiting outside").wait_for()
    await board.locator("#roster-list").get_by_role("button", name="Bring Lee back").wait_for()
    assert await phone.get_by_text("Said before").count() == 0
    await assert_accessible(phone, "the waiting-outside screen on a phone")
    await phone.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    await assert_no_sideways_scroll(phone, "the waiting-outside screen at 200% text")

    await notice.get_by_role("button", name="Bring Lee back").click()
    confirm = board.get_by_role("group", name="Please confirm")  # what Lee will see again, said first
    await confirm.get_by_text("also what was added while Lee was outside").wait_for()
    await confirm.get_by_role("button", name="Bring Lee back").click()
    await phone.get_by_text("Said while Lee was outside").wait_for()  # back on the board, by itself
    await notice.get_by_text("is waiting outside").wait_for(state="detached")
    await board.context.close()
    await phone.context.close()
    for person in (chair, mum, dad):
        await person.close()
