"""The staff pages and the public notices in a real browser (issue 26): an administrator invites
someone with "Invite staff", the invitee creates their account from the link, and every new page
is clean under axe-core at 360 and 1280 px, with nothing wider than a phone.
(MEETING_ROOM_SHOTS=folder also saves a screenshot of each page there.)"""

from __future__ import annotations

import os
import time

import pytest

from meeting_room.core import totp
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_sideways_scroll,
    give_cookies,
)
from tests.helpers import Person, signed_in_chair

SHOTS = os.environ.get("MEETING_ROOM_SHOTS")


async def _check(page, what: str, device: str) -> None:
    await assert_accessible(page, f"{what} at {device}")
    if device == "phone":
        await assert_no_sideways_scroll(page, what)
    if SHOTS:
        await page.screenshot(path=os.path.join(SHOTS, f"{what}-{device}.png"), full_page=True)


async def _two_step(page, server, device: str) -> None:
    """Set up an authenticator app, keep the recovery codes, then sign in again with a code."""
    await page.get_by_role("link", name="Two-step sign-in").click()
    await page.get_by_role("img", name="QR code to add Meeting Room to your authenticator app").wait_for()
    await _check(page, "two-step-setup", device)
    secret = await page.locator(".totp-key").inner_text()
    await page.get_by_label("Code").fill(totp.code_at(secret, time.time()))
    await page.get_by_role("button", name="Turn on two-step sign-in").click()
    await page.get_by_role("heading", name="Two-step sign-in is on").wait_for()
    await _check(page, "recovery-codes", device)
    await page.goto(f"{server.url}/account/two-step")
    await _check(page, "two-step", device)
    await page.get_by_role("button", name="Sign out").click()
    await page.goto(f"{server.url}/login")
    await page.get_by_label("Email").fill("chair@example.org")
    await page.get_by_label("Password").fill("a long enough password")
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("heading", name="Type the code from your app").wait_for()
    await _check(page, "sign-in-code", device)
    await page.get_by_label("Code").fill(totp.code_at(secret, time.time() + 30))
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("heading", name="Your meetings").wait_for()


@pytest.mark.browser
@pytest.mark.parametrize("device", ["phone", "laptop"])
async def test_inviting_staff_and_every_new_page_in_a_browser(browser, live_server, database_url, device):
    admin = Person.live(live_server)
    await signed_in_chair(admin, database_url)
    context = await browser.new_context(**(PHONE if device == "phone" else DESKTOP))
    await give_cookies(admin, context)
    page = await context.new_page()
    await page.goto(f"{live_server.url}/staff")
    await page.get_by_label("Team name").fill("North team")
    await page.get_by_role("button", name="Add team").click()
    await page.get_by_role("region", name="Teams").get_by_text("North team").wait_for()
    await page.get_by_text("Change roles and team for Chris Chair").click()
    await _check(page, "staff", device)
    await page.get_by_label("Email").fill("pat@example.org")
    await page.get_by_label("Practice lead").first.check()
    await page.get_by_label("Team", exact=True).select_option(label="North team")
    await page.get_by_role("button", name="Invite staff").click()
    link = await page.get_by_role("textbox", name="Link").input_value()
    await _check(page, "staff-link", device)
    for path, what in (("/account", "account"), ("/account/password", "password")):
        await page.goto(f"{live_server.url}{path}")
        await _check(page, what, device)
    await page.get_by_role("link", name="Your account", exact=True).click()
    assert await page.get_by_role("link", name="Change password").count() == 1
    await _two_step(page, live_server, device)

    invitee = await (await browser.new_context(**(PHONE if device == "phone" else DESKTOP))).new_page()
    await invitee.goto(link)
    await _check(invitee, "welcome", device)
    await invitee.get_by_label("Your name").fill("Pat Lead")
    await invitee.get_by_label("Password").fill("a long enough password")
    await invitee.get_by_role("button", name="Create account").click()
    await invitee.get_by_role("heading", name="Your account").wait_for()
    assert "Practice lead" in await invitee.content()
    await invitee.get_by_role("link", name="Your meetings").click()
    await _check(invitee, "lead-dashboard", device)
    await invitee.get_by_role("link", name="Practice").click()
    await invitee.get_by_role("heading", name="Practice").wait_for()
    await _check(invitee, "practice", device)
    for path, what in (("/", "home"), ("/privacy", "privacy"), ("/accessibility", "accessibility")):
        await invitee.goto(f"{live_server.url}{path}")
        await _check(invitee, what, device)
    await invitee.goto(f"{live_server.url}/")
    await invitee.get_by_role("link", name="Privacy").click()
    await invitee.get_by_role("heading", name="Privacy notice").wait_for()
    await admin.close()
