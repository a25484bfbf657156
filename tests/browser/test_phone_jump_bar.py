"""On a 360 px phone the jump bar never hides what people jumped to, even with large text."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE, assert_no_sideways_scroll, open_board
from tests.helpers import Person, meeting_with_mum

pytestmark = pytest.mark.browser


async def _phone(browser, server, mum, meeting_id, **extra):
    return await open_board(browser, server, mum, meeting_id, PHONE, **extra)


async def test_a_jump_leaves_the_column_heading_in_view(browser, live_server, database_url):
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    page = await _phone(browser, live_server, mum, meeting_id)
    bar = page.locator("nav.jump")
    for link, heading in (("Working well", "#heading-working"), ("Needs to happen", "#heading-next"),
                          ("Who is here", "#who-heading")):
        await bar.get_by_role("link", name=link).click()
        await page.wait_for_function("(h) => location.hash && document.querySelector(h)", arg=heading)
        top = await page.locator(heading).evaluate("el => el.getBoundingClientRect().top")
        bottom = await bar.evaluate("el => el.getBoundingClientRect().bottom")
        assert top >= bottom, f"{link}: the heading ({top}) is under the jump bar (to {bottom})"
    await assert_no_sideways_scroll(page, "the phone's board")
    await page.context.close()
    await chair.close()
    await mum.close()


async def test_with_text_at_200_percent_the_bar_stops_being_sticky(browser, live_server, database_url):
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    page = await _phone(browser, live_server, mum, meeting_id, bypass_csp=True)
    await page.add_style_tag(content="html { font-size: 200% !important; }")  # as a phone's large-text setting
    await page.evaluate("() => window.dispatchEvent(new Event('resize'))")
    bar = page.locator("nav.jump")
    await page.wait_for_function("() => getComputedStyle(document.querySelector('nav.jump')).position === 'static'")
    assert await bar.evaluate("el => el.getBoundingClientRect().height") > 0
    await page.context.close()
    await chair.close()
    await mum.close()
