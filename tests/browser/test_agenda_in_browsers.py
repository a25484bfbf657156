"""Issue 23, point 1: the chair moves through every step of the agenda with one press each; the
shared screen and a phone follow, and the phone is told politely."""

from __future__ import annotations

import pytest

from meeting_room.core.agendas import AGENDAS
from tests.browser.conftest import DESKTOP, assert_accessible, assert_no_sideways_scroll
from tests.browser.test_meeting_in_browsers import chair_opens_new_meeting
from tests.browser.test_scale_in_browsers import phone_joins

pytestmark = pytest.mark.browser


async def test_moving_through_every_step_with_the_screen_and_a_phone_following(browser, live_server, database_url):
    chair_context = await browser.new_context(**DESKTOP)
    chair = await chair_opens_new_meeting(chair_context, live_server, database_url, "Conference for Alex")
    meeting_id = chair.url.rstrip("/").split("/")[-1]
    code = (await chair.locator(".join-code").inner_text()).replace("-", "").strip()
    phone_context, phone = await phone_joins(browser, live_server, code, "Dana", "mum", chair)
    screen_context = await browser.new_context(viewport={"width": 1920, "height": 1080})
    for cookie in await chair_context.cookies():
        await screen_context.add_cookies([cookie])
    screen = await screen_context.new_page()
    await screen.goto(f"{live_server.url}/meetings/{meeting_id}/screen")
    await screen.locator("#live-status[data-state=live]").wait_for()
    steps = [s.strip() for s in await chair.locator("#agenda .agenda-steps li").all_text_contents()]
    assert steps and steps[0] in {agenda[0] for agenda in AGENDAS.values()}
    await assert_accessible(chair, "the chair's board with the agenda")
    await assert_accessible(phone, "a phone with the agenda")
    await assert_no_sideways_scroll(phone, "a phone with the agenda")

    for n, step in enumerate(steps[1:], start=2):
        await chair.get_by_role("button", name=f"Next: {step}", exact=True).click()
        await chair.locator("#agenda summary").filter(has_text=f"Step {n} of {len(steps)}: {step}").wait_for()
        await screen.locator("#agenda [aria-current=step]").filter(has_text=step).wait_for()
        await screen.locator("#agenda").get_by_text(f"Step {n} of {len(steps)}").wait_for()
        await phone.locator("#agenda summary").filter(has_text=f"Step {n} of {len(steps)}: {step}").wait_for()
        await phone.locator("#announce").filter(has_text=f"The meeting has moved on to: {step}").wait_for()
    assert await chair.get_by_role("button", name="Next:").count() == 0
    await chair.get_by_role("button", name=f"Back to: {steps[-2]}").click()
    await phone.locator("#agenda summary").filter(has_text=f"Step {len(steps) - 1} of {len(steps)}").wait_for()
    await phone.locator("#agenda summary").click()
    await phone.locator("#agenda [aria-current=step]").filter(has_text=steps[-2]).wait_for()
    await assert_accessible(screen, "the shared screen with the agenda")
    await chair.goto(f"{live_server.url}/meetings/{meeting_id}/history")
    for step in steps[1:]:
        await chair.get_by_text(f"moved the meeting on to “{step}”", exact=False).first.wait_for()
    for context in (chair_context, phone_context, screen_context):
        await context.close()
