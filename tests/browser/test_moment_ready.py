""""I am ready to carry on" is answered with what the person did, never with "The chair has seen
to it". The socket says only that someone's moment changed; a device still showing "The chair
knows you need a moment" when that news comes fetches its own button again, and must not do so
while its own "I am ready" is on its way (it would be told the chair saw to it)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP
from tests.browser.test_meeting_in_browsers import chair_opens_new_meeting
from tests.browser.test_scale_in_browsers import phone_joins

pytestmark = pytest.mark.browser

SHOWN = """() => {
  window.momentSaid = [];
  new MutationObserver(() => {
    const said = document.getElementById("moment-said");
    if (said) window.momentSaid.push(said.textContent.trim());
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


async def test_ready_to_carry_on_is_answered_as_said_when_the_news_comes_first(browser, live_server, database_url):
    chair = await chair_opens_new_meeting(await browser.new_context(**DESKTOP), live_server, database_url, "Moments")
    code = (await chair.locator(".join-code").inner_text()).replace("-", "").strip()
    _, phone = await phone_joins(browser, live_server, code, "Dana", "mum", chair)
    await phone.get_by_role("button", name="I need a moment").click()
    await phone.get_by_text("The chair knows you need a moment").wait_for()
    await phone.evaluate(SHOWN)

    # The answer to "I am ready" is held until the socket's news of the change has come first.
    seq = await phone.locator("#moment-check").get_attribute("data-seq")

    async def news_first(route):
        if route.request.method != "POST":
            await route.continue_()
            return
        answer = await route.fetch()
        await phone.wait_for_function("s => document.getElementById('moment-check').dataset.seq !== s", arg=seq)
        await route.fulfill(response=answer)

    await phone.route("**/moment", news_first)
    await phone.get_by_role("button", name="I am ready to carry on").click()
    await phone.get_by_text("Thank you. The chair has been told you are ready.").wait_for()
    await phone.get_by_role("button", name="I need a moment").wait_for()
    # Anything fetched because of the news has come back by the time the chair's own page has it.
    await chair.get_by_text("Dana (Mum) needs a moment").wait_for(state="detached")
    await phone.wait_for_load_state("networkidle")  # (a fetch of its own button would be done by now)
    said = await phone.evaluate("window.momentSaid")
    assert not [s for s in said if "seen to it" in s], said
    assert "The chair has seen to it" not in await phone.locator("#moment-said").inner_text()

    # And the chair's own "Seen to" still reaches the phone live afterwards.
    await phone.unroute("**/moment")
    await phone.get_by_role("button", name="I need a moment").click()
    await phone.get_by_text("The chair knows you need a moment").wait_for()
    await chair.get_by_role("button", name="Seen to").click()
    await phone.get_by_text("The chair has seen to it. You can ask for a moment again at any time.").wait_for()
