"""The record page's legal hold and "Export a person's data", and the sign-in page with single
sign-on set up (issue 26), in a real browser: axe-core clean at 360 and 1280 px, nothing wider than
a phone. (MEETING_ROOM_SHOTS=folder also saves a screenshot of each page there.)"""

from __future__ import annotations

import os

import pytest

from meeting_room.web.settings import Settings
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_sideways_scroll,
    give_cookies,
)
from tests.helpers import Person, join, new_meeting, signed_in_chair

SHOTS = os.environ.get("MEETING_ROOM_SHOTS")


@pytest.fixture
def settings(database_url) -> Settings:
    # Single sign-on set up (the provider is never reached: only the sign-in page is looked at).
    return Settings(database_url=database_url, trusted_hosts=["127.0.0.1", "localhost"],
                    oidc_issuer="http://127.0.0.1:9", oidc_client_id="meeting-room")


async def _check(page, what: str, device: str) -> None:
    await assert_accessible(page, f"{what} at {device}")
    if device == "phone":
        await assert_no_sideways_scroll(page, what)
    if SHOTS:
        await page.screenshot(path=os.path.join(SHOTS, f"{what}-{device}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.parametrize("device", ["phone", "laptop"])
async def test_legal_hold_export_and_single_sign_on_pages(browser, live_server, database_url, device):
    chair = Person.live(live_server)
    await signed_in_chair(chair, database_url)
    meeting_id, code = await new_meeting(chair)
    mum = Person.live(live_server)
    await join(mum, code, "Dana", "mum")
    context = await browser.new_context(**(PHONE if device == "phone" else DESKTOP))
    await give_cookies(chair, context)
    page = await context.new_page()
    await page.goto(f"{live_server.url}/meetings/{meeting_id}/record")
    await page.get_by_label("Why").fill("Care proceedings")
    await page.get_by_role("button", name="Place a legal hold").click()
    await page.get_by_role("button", name="Lift the legal hold").wait_for()
    await _check(page, "record-legal-hold", device)
    await page.get_by_role("link", name="Export a person's data").click()
    await page.get_by_role("link", name="Download Dana's data").wait_for()
    await _check(page, "subject-access", device)
    signed_out = await (await browser.new_context(**(PHONE if device == "phone" else DESKTOP))).new_page()
    await signed_out.goto(f"{live_server.url}/login")
    await signed_out.get_by_role("link", name="Sign in with your council account").wait_for()
    await _check(signed_out, "login-single-sign-on", device)
    await chair.close()
    await mum.close()
