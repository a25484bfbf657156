"""A scale in real Chromium: three phones and the chair answer privately; the chair reveals."""

from __future__ import annotations

import re

import pytest

from meeting_room.core.vocabulary import DEFAULT_QUESTION, DEFAULT_TEN, DEFAULT_ZERO
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_sideways_scroll,
    reveal,
)
from tests.browser.test_meeting_in_browsers import chair_opens_new_meeting

pytestmark = pytest.mark.browser


async def phone_joins(browser, server, code, name, connection, chair, agency=""):
    context = await browser.new_context(**PHONE)
    page = await context.new_page()
    await page.goto(f"{server.url}/join/{code}")
    await page.get_by_label("Your name").fill(name)
    await page.get_by_label("Your connection to the child").select_option(connection)
    if agency:
        await page.get_by_label("Where you work").fill(agency)
    await page.get_by_role("button", name="Join").click()
    label = f"{name} ({agency})" if agency else f"{name} ({connection.capitalize()})"
    await chair.get_by_role("button", name=f"Admit {label}").click()
    await page.get_by_role("region", name="What are we worried about?").wait_for(timeout=10_000)
    return context, page


async def test_three_phones_answer_and_the_spread_is_revealed(browser, live_server, database_url):
    chair_context = await browser.new_context(**DESKTOP)
    chair = await chair_opens_new_meeting(chair_context, live_server, database_url, "Scale test")
    code = (await chair.locator(".join-code").inner_text()).replace("-", "").strip()
    screen = await chair_context.new_page()
    await screen.goto(chair.url + "/screen")

    phones = []
    for name, connection, agency in (("Dana", "mum", ""), ("Lee", "dad", ""), ("Ms Patel", "professional", "school")):
        phones.append(await phone_joins(browser, live_server, code, name, connection, chair, agency))

    await chair.get_by_role("button", name="Open a scale").click()
    await chair.get_by_label("Question").wait_for()
    labels = await chair.locator(".scale-open label").all_inner_texts()
    assert labels.index("What 10 means") < labels.index("What 0 means")
    for label in ("Question", "What 10 means", "What 0 means"):  # the chair can read all of each, unscrolled
        box = chair.get_by_label(label, exact=True)
        assert await box.evaluate("el => el.scrollHeight <= el.clientHeight + 1 && el.scrollWidth <= el.clientWidth + 1"), \
            f"{label}: {await box.input_value()!r} does not fit its box"
    await chair.get_by_role("button", name="Ask everyone").click()
    await screen.get_by_text("0 of 4 have answered").wait_for()

    for (context, page), value in zip(phones, ("2", "5", "9")):
        group = page.get_by_role("group", name=DEFAULT_QUESTION)
        await group.wait_for(timeout=10_000)
        await assert_no_sideways_scroll(page, "the answer form")
        # Said once each: the question (the card's heading) and what 0 and 10 mean (beside the numbers).
        for words in (DEFAULT_QUESTION, f"means: {DEFAULT_ZERO}", f"means: {DEFAULT_TEN}"):
            shown = [t for t in await page.locator("#scale-panel :is(h2, legend, dd, p)").all()
                     if await t.is_visible() and (await t.bounding_box())["width"] > 1  # (not only for screen readers)
                     and words.split(": ")[-1] in await t.inner_text()]
            assert len(shown) == 1, (words, [await t.inner_text() for t in shown])
        await group.get_by_label(value, exact=True).check()
        await page.get_by_label("Why this number?").fill(f"Because {value}")
        await page.get_by_role("button", name="Save my answer").click()
        await page.get_by_text("Saved").wait_for()
    await assert_accessible(phones[0][1], "the answer form on a phone")
    await screen.get_by_text("3 of 4 have answered").wait_for()
    # Still nobody's number anywhere but on their own phone.
    assert "Because 2" not in await screen.content()
    assert "Because 2" not in await phones[1][1].content()

    chair_group = chair.get_by_role("group", name=DEFAULT_QUESTION)
    await chair_group.get_by_label("6", exact=True).check()
    await chair.get_by_role("button", name="Save my answer").click()
    await screen.get_by_text("4 of 4 have answered").wait_for()

    await reveal(chair)
    for page in [screen, chair] + [p for _, p in phones]:
        await page.locator(".median").filter(has_text="5.5").wait_for(timeout=5_000)
        if page is screen:  # the room's line; phones and the chair's side column draw a strip of the 11 numbers
            await page.get_by_role("img", name=re.compile("Answers on a line from 0 to 10")).wait_for()
        else:
            await page.locator(".spread-strip li").nth(10).wait_for()
    # The reasons are read on the boards; the room's screen keeps to the spread, so that it fits.
    table = chair.get_by_role("table", name="Everyone's answers")
    assert await table.get_by_role("row").count() == 5
    assert await screen.get_by_role("table", name="Everyone's answers").count() == 0
    await assert_accessible(screen, "the revealed spread on the shared screen")
    await assert_accessible(phones[0][1], "the revealed spread on a phone")
    # Phones now show that the answers are out, without their own form.
    await phones[0][1].get_by_text("The answers are shown; you answered 2").wait_for()

    await chair.get_by_role("button", name=re.compile("What would one point higher look like")).click()
    await screen.locator(".scale-prompt").filter(has_text="What would one point higher look like?").wait_for()

    # A second scale, straight after, without reloading anything; the first is kept apart.
    await chair.get_by_role("button", name="Open a scale").click()
    await chair.get_by_label("Question").fill("How safe is Jo at school?")
    await chair.get_by_role("button", name="Ask everyone").click()
    await screen.get_by_role("heading", name="How safe is Jo at school?").wait_for()
    await screen.get_by_text("0 of 4 have answered").wait_for()
    await phones[0][1].get_by_role("group", name="How safe is Jo at school?").wait_for()
    await chair.get_by_text("Earlier scales (1)").wait_for()
    for context, _ in phones:
        await context.close()
    await chair_context.close()
