"""Family time in real browsers (issue 24): the chair starts it, professionals' boards pause, the
family writes its plan, and when it ends everyone sees the plan marked as the family's. Every new
state is axe-clean with no sideways scroll at 200 % text, at 360 and 1280 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, give_cookies, open_board
from tests.browser.test_new_states_accessible import no_sideways_scroll_at_200
from tests.helpers import Person, admit_and_enter, join, meeting_with_mum

pytestmark = pytest.mark.browser
PLAN = "Grandma collects Jayden from school on Mondays and Thursdays, and stays for tea"


async def check(page, what: str) -> None:
    await assert_accessible(page, what)
    await no_sideways_scroll_at_200(page, what)


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["360", "1280"])
async def test_family_time_from_start_to_end(browser, live_server, database_url, device):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    teacher = Person.live(live_server)
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    board = await open_board(browser, live_server, chair, meeting_id, device)
    family = await open_board(browser, live_server, mum, meeting_id, device)
    pro = await open_board(browser, live_server, teacher, meeting_id, device)

    await board.locator(".pause-menu > summary").click()
    await board.get_by_role("button", name="Start family time").wait_for()
    await check(board, "the chair's pause menu")
    await board.get_by_role("button", name="Start family time").click()
    await board.get_by_role("button", name="End family time").wait_for()
    await pro.get_by_role("heading", name="Family time").wait_for()
    await family.get_by_text("The professionals cannot see this part").wait_for()
    plan = family.get_by_role("region", name="What needs to happen?")
    await plan.get_by_label("Add to What needs to happen?").fill(PLAN)
    await plan.get_by_role("button", name="Add").click()
    await family.locator(".family-plan .item-text", has_text=PLAN).wait_for()
    await family.locator(".family-plan").get_by_role("button", name="Remove").wait_for()
    await check(family, "a family phone in family time, with the family's plan")
    await check(pro, "a professional's paused board")
    grandad = Person.live(live_server)  # late: the chair's paused board still shows who waits
    await join(grandad, code, "Grandad Joe", "grandparent")
    await board.locator("#lobby").get_by_role("button", name="Admit Grandad Joe (Grandparent)").wait_for()
    await board.get_by_role("button", name="Keep the screen on for the family").click()
    await board.get_by_role("button", name="Pause the shared screen").wait_for()
    await check(board, "the chair's board in family time")
    for page in (board, pro):
        assert PLAN not in await page.evaluate("() => document.documentElement.outerHTML")
        assert not await page.get_by_role("heading", name="What needs to happen?").is_visible()

    await board.get_by_role("button", name="End family time").click()
    for page in (board, pro, family):
        await page.locator(".family-plan .item-text", has_text=PLAN).wait_for()
        await page.locator(".family-plan .family-mark", has_text="The family's plan").wait_for()
    assert await family.locator(".family-plan").get_by_role("button", name="Remove").count() == 0
    await check(pro, "a professional's board with the family's plan")
    await check(board, "the chair's board with the family's plan")
    for page in (board, family, pro):
        await page.context.close()
    for person in (chair, mum, teacher, grandad):
        await person.close()


async def test_the_paused_screen_in_family_time_is_calm_and_accessible(browser, live_server, database_url):
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    context = await browser.new_context(viewport={"width": 1920, "height": 1080})
    await give_cookies(chair, context)
    screen = await context.new_page()
    await screen.goto(f"{live_server.url}/meetings/{meeting_id}/screen")
    await screen.locator("#live-status[data-state=live]").wait_for()
    await chair.get(f"/meetings/{meeting_id}")
    await chair.post(f"/meetings/{meeting_id}/family-time/start")
    await screen.get_by_role("heading", name="Family time").wait_for()
    await assert_accessible(screen, "the shared screen paused for family time")
    await chair.post(f"/meetings/{meeting_id}/screen/family", {"keep": "1"})
    await screen.locator("#sec-next-family").wait_for()
    await screen.get_by_text("Family time · the family's plan").wait_for()
    await assert_accessible(screen, "the shared screen kept on for the family")
    await context.close()
    for person in (chair, mum):
        await person.close()
