"""Inviting people before the meeting, in browsers (issue 24, point 5): the chair invites Lee from
the board's "Invite" link, prints the invitations (one card each, with its QR code), Lee's phone
opens the personal link and waits in the lobby under Lee's name without typing anything, and the
chair lets Lee in with one press. Each new page is axe-clean with no sideways scroll at 360 and
1280 px, also at 200 % text."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, give_cookies, open_board
from tests.helpers import Person, meeting_with_mum

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SHOTS")  # a folder: screenshots of each state, to look at


async def fits(page, what: str) -> None:
    """axe-clean, and no sideways scroll at this width, then at 200 % text."""
    await assert_accessible(page, what)
    for size in ("100%", "200%"):
        await page.evaluate(f"() => {{ document.documentElement.style.fontSize = '{size}'; }}")
        width = await page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{what} scrolls sideways at {size} text: {width}"
        if SHOTS:
            await page.screenshot(path=f"{SHOTS}/{what.replace(' ', '-')}-{size[:-1]}.png", full_page=True)
    await page.evaluate("() => { document.documentElement.style.fontSize = ''; }")


async def at_both_widths(browser, chair: Person, url: str, what: str) -> None:
    for device, label in ((PHONE, "360"), (DESKTOP, "1280")):
        context = await browser.new_context(**device)
        await give_cookies(chair, context)
        page = await context.new_page()
        await page.goto(url)
        await fits(page, f"{what} {label}")
        await context.close()


async def test_the_chair_invites_prints_and_admits_lee_with_one_press(browser, live_server, database_url):
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    board = await open_board(browser, live_server, chair, meeting_id, DESKTOP)
    await board.get_by_role("link", name="Invite", exact=True).click()
    await board.get_by_label("Their name").fill("Lee Walker")
    await board.get_by_label("Their connection to the child").select_option("professional")
    await board.get_by_label("Where they work").fill("Riverside School")
    await board.get_by_label("Email").fill("lee@school.example")
    await board.get_by_role("button", name="Invite", exact=True).click()
    await board.get_by_text("Added. Their link is ready to print.").wait_for()
    await board.get_by_text("Not come yet", exact=True).wait_for()
    await board.get_by_label("Their name").fill("Sam Dad")  # a second person: a second card
    await board.get_by_label("Their connection to the child").select_option("dad")
    await board.get_by_role("button", name="Invite", exact=True).click()
    await board.get_by_text("Sam Dad (Dad)").wait_for()
    assert await board.get_by_role("link", name="Email the link to Lee Walker").count() == 1
    invite_url = board.url.split("?")[0]
    await at_both_widths(browser, chair, invite_url, "invite page")

    await board.get_by_role("link", name="Print the invitations").click()
    assert await board.locator(".invite-card").count() == 2
    card = board.locator(".invite-card", has_text="Lee Walker")
    await card.get_by_role("heading", name="An invitation for Lee Walker").wait_for()
    assert await board.evaluate("() => document.querySelector('.invite-qr').naturalWidth") > 0
    link = (await card.locator(".link-text").inner_text()).strip()
    assert f"/meetings/{meeting_id}/i/" in link
    await at_both_widths(browser, chair, board.url, "print page")
    if SHOTS:
        await board.pdf(path=f"{SHOTS}/invitations.pdf", format="A4")

    phone_context = await browser.new_context(**PHONE)
    phone = await phone_context.new_page()
    await phone.goto(link)
    await phone.get_by_role("heading", name="Hello, Lee Walker").wait_for()
    await fits(phone, "invitation landing 360")
    await phone.get_by_role("button", name="Go to the meeting").click()
    await phone.get_by_text("You are waiting for the chair to let you in.").wait_for()
    await phone.locator("#live-status[data-state=live]").wait_for()
    await fits(phone, "lobby by invitation 360")

    await board.goto(f"{live_server.url}/meetings/{meeting_id}")
    await board.locator("#live-status[data-state=live]").wait_for()
    entry = board.locator("#lobby-waiting li", has_text="Lee Walker")
    await entry.get_by_text("Invited", exact=True).wait_for()
    await fits(board, "chair board with an invited person 1280")
    await board.get_by_role("button", name="Admit all who were invited (1)").click()
    await phone.get_by_text("What are we worried about?").first.wait_for()  # in, by itself
    await board.locator("#lobby-waiting li", has_text="Lee Walker").wait_for(state="detached")
    # Withdrawing asks first, beside the button; then Sam's link stops.
    await board.goto(invite_url)
    sam = board.locator("li", has_text="Sam Dad (Dad)")
    await sam.get_by_role("button", name="Withdraw the invitation of Sam Dad").click()
    await sam.get_by_text("Sam Dad's link will stop working.").wait_for()
    await sam.get_by_role("group", name="Please confirm").get_by_role("button", name="Withdraw").click()
    await board.locator("li", has_text="Sam Dad (Dad)").get_by_text("Withdrawn", exact=True).wait_for()
    await phone_context.close()
    await board.context.close()
    for person in (chair, mum):
        await person.close()
