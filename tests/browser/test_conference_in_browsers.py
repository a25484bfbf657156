"""A whole conference in real Chromium: join, fill, scale, plan, decide, close, and the record
read on the phone, which goes there by itself."""

from __future__ import annotations

import pytest

from meeting_room.core.vocabulary import DEFAULT_QUESTION
from tests.browser.conftest import (
    DESKTOP,
    assert_accessible,
    assert_no_sideways_scroll,
    reveal,
)
from tests.browser.test_meeting_in_browsers import chair_opens_new_meeting
from tests.browser.test_scale_in_browsers import phone_joins

pytestmark = pytest.mark.browser


async def add(page, heading: str, text: str) -> None:
    region = page.get_by_role("region", name=heading)
    await region.get_by_label(f"Add to {heading}").fill(text)
    await region.get_by_role("button", name="Add").click()
    await region.get_by_text("Saved").wait_for()


async def test_a_whole_conference_ends_with_the_record_on_a_phone(browser, live_server, database_url):
    chair_context = await browser.new_context(**DESKTOP)
    chair = await chair_opens_new_meeting(chair_context, live_server, database_url, "Conference for Alex")
    board_url = chair.url
    code = (await chair.locator(".join-code").inner_text()).replace("-", "").strip()
    phone_context, phone = await phone_joins(browser, live_server, code, "Dana", "mum", chair)

    # Fill: a worry, something working well, a next step.
    await add(phone, "What are we worried about?", "Alex was hurt at the weekend")
    await add(phone, "What's working well?", "Grandad reads with Alex every Sunday")
    await add(phone, "What needs to happen?", "Mum will call the health visitor")

    # Agreement: the chair writes a danger statement; Dana disagrees from her phone, and the
    # chair's board shows it at once.
    worries = chair.get_by_role("region", name="What are we worried about?")
    await worries.get_by_label("Add to What are we worried about?").fill("Alex could be hurt at night")
    await worries.get_by_label("Section").select_option("danger")  # the form opens in place once typed in
    await worries.get_by_role("button", name="Add").click()
    statement = phone.locator(".item").filter(has_text="Alex could be hurt at night")
    await statement.get_by_role("button", name="Disagree").click()
    await phone.get_by_role("status").filter(has_text="Saved: disagree.").wait_for()  # a success is no alarm
    await chair.locator(".item").filter(has_text="Alex could be hurt at night").get_by_text(
        "Agree: 0 · Disagree: 1 · Not sure: 0").wait_for()
    await assert_accessible(phone, "a danger statement to agree with on a phone")

    # A private discussion: the phone pauses, calmly, and comes back.
    await chair.locator(".pause-menu > summary").click()
    await chair.get_by_role("button", name="Start private discussion").click()
    await phone.get_by_role("heading", name="The meeting has paused for a short private discussion").wait_for()
    await assert_accessible(phone, "the pause on a phone")
    await assert_accessible(chair, "the chair's board in a private discussion")
    # Everything added now is for professionals only: no unticked box saying otherwise.
    await worries.get_by_label("Add to What are we worried about?").fill("Said in private")
    await worries.get_by_role("button", name="Add").wait_for()  # the form is open
    assert not await worries.get_by_label("For professionals only").is_visible()
    await chair.get_by_role("button", name="End private discussion").click()
    await phone.get_by_text("Alex could be hurt at night").wait_for()
    await worries.get_by_label("For professionals only").wait_for()  # back once it ends
    await worries.get_by_label("Add to What are we worried about?").fill("")

    # Plan: the chair says who and by when; every view shows it.
    steps = chair.get_by_role("region", name="What needs to happen?")
    await steps.get_by_text("Mum will call the health visitor").wait_for()
    await steps.locator("details.item-menu summary").first.click()  # the item's menu
    await steps.get_by_role("button", name="Edit").click()
    await steps.get_by_label("Who will do it").fill("Dana (Mum)")
    await steps.get_by_label("By when").fill("2026-12-14")
    await assert_accessible(chair, "the edit form of a next step")
    await steps.get_by_role("button", name="Save").click()
    await phone.get_by_text("Who: Dana (Mum) · By: 14 Dec 2026").wait_for()

    # A scale, answered on the phone and revealed.
    await chair.get_by_role("button", name="Open a scale").click()
    await chair.get_by_role("button", name="Ask everyone").click()
    group = phone.get_by_role("group", name=DEFAULT_QUESTION)
    await group.get_by_label("4", exact=True).check()
    await phone.get_by_role("button", name="Save my answer").click()
    await phone.get_by_text("You can change it until the answers are shown").wait_for()
    await reveal(chair)
    await phone.locator(".median").filter(has_text="4").wait_for(timeout=5_000)

    # Decide, with dissent and the next date; then close.
    await chair.goto(board_url + "/decide")
    await assert_accessible(chair, "the decide and close page")
    await chair.get_by_role("group", name="Does Alex need a child protection plan?").get_by_label("Yes").check()
    await chair.get_by_label("If yes, the category").select_option("neglect")
    await chair.get_by_label("Why").fill("Alex is often left alone at night.")
    await chair.get_by_label("Who disagrees").fill("Dana (Mum)")
    await chair.get_by_label("What they said").fill("I do not agree. Alex is never alone.")
    await chair.get_by_label("Date of the next meeting").fill("2027-03-01")
    await chair.get_by_role("button", name="Save", exact=True).click()
    await chair.get_by_role("status").filter(has_text="Everything on this page is saved.").wait_for()
    await chair.get_by_role("link", name="Close meeting…").click()
    await assert_accessible(chair, "the close confirmation")
    record_loads = []  # the phone is sent to the record once (a second send cut the first short)
    phone.on("request", lambda r: r.resource_type == "document" and r.url.endswith("/record") and record_loads.append(r))
    await chair.get_by_role("button", name="Close meeting").click()
    await chair.get_by_role("heading", name="Meeting record").wait_for()

    # The phone goes to the record by itself and reads it there.
    await phone.get_by_role("heading", name="Meeting record").wait_for(timeout=10_000)
    await phone.wait_for_load_state("networkidle")
    assert len(record_loads) == 1, [r.url for r in record_loads]
    for words in ("Alex was hurt at the weekend", "Who: Dana (Mum) · By: 14 December 2026",
                  "Agree: nobody · Disagree: Dana (Mum) · Not sure: nobody",
                  "A child protection plan, under neglect.", "I do not agree. Alex is never alone.",
                  "1 March 2027"):
        await phone.get_by_text(words).first.wait_for()
    await assert_no_sideways_scroll(phone, "the record on a phone")
    await assert_accessible(phone, "the record on a phone")

    # The review: the next meeting starts from this one's map.
    await chair.get_by_role("button", name="Next meeting").click()
    await chair.get_by_text("From the meeting on").first.wait_for()
    await chair.get_by_text("Last time's step: not reviewed yet").wait_for()
    await chair.get_by_role("group", name="How did this step go?").get_by_role("button", name="Done", exact=True).click()
    await chair.get_by_text("Last time's step: Done").wait_for()
    await chair.get_by_role("button", name="Open a scale").click()
    await chair.get_by_role("button", name="Ask everyone").click()
    await chair.get_by_role("group", name=DEFAULT_QUESTION).get_by_label("6", exact=True).check()
    await chair.get_by_role("button", name="Save my answer").click()
    await reveal(chair)
    await chair.get_by_text("The same question at each meeting").wait_for()
    await assert_accessible(chair, "a review meeting with carried items and a trend")
    await chair_context.close()
    await phone_context.close()
