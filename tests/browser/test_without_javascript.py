"""With JavaScript off, a person can still join, be let in, enter and add an item."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE
from tests.helpers import Person, new_meeting, signed_in_chair, waiting_id

pytestmark = pytest.mark.browser


async def test_join_wait_enter_and_add_without_javascript(browser, live_server, database_url):
    chair = Person.live(live_server)
    await signed_in_chair(chair, database_url)
    meeting_id, code = await new_meeting(chair)
    context = await browser.new_context(**PHONE, java_script_enabled=False)
    phone = await context.new_page()
    await phone.goto(live_server.url + "/")
    await phone.get_by_label("Meeting code").fill(code)
    await phone.get_by_role("button", name="Next").click()
    await phone.get_by_label("Your name").fill("Dana")
    await phone.get_by_label("Your connection to the child").select_option("mum")
    await phone.get_by_role("button", name="Join").click()
    await phone.get_by_text("waiting for the chair").first.wait_for()

    pid = await waiting_id(chair, meeting_id, "Dana")
    assert (await chair.post(f"/meetings/{meeting_id}/people/{pid}/admit")).status_code == 204
    await phone.get_by_role("link", name="Check again").click()
    await phone.get_by_role("button", name="Go into the meeting").click()
    worries = phone.get_by_role("region", name="What are we worried about?")
    await worries.get_by_label("Add to What are we worried about?").fill("Added without scripts")
    await worries.get_by_role("button", name="Add").click()
    await phone.get_by_text("Added without scripts").first.wait_for()
    await context.close()
    await chair.close()
