"""Chair board, shared screen and two phones in one meeting, in real Chromium."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_sideways_scroll,
)
from tests.helpers import make_chair

pytestmark = pytest.mark.browser


def watch_csp(page, problems: list[str]) -> None:
    page.on("console", lambda msg: problems.append(msg.text)
            if msg.type == "error" and ("Content Security Policy" in msg.text or "Refused" in msg.text) else None)
    page.on("pageerror", lambda err: problems.append(str(err)))


async def chair_signs_in(context, server, database_url):
    email, password = await make_chair(database_url, name="Chris Chair")
    page = await context.new_page()
    await page.goto(server.url + "/")
    await page.get_by_role("link", name="Chair sign in").click()
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url("**/meetings")
    return page


async def chair_opens_new_meeting(context, server, database_url, title: str):
    """A chair signs in and creates a meeting through the forms; returns the board's page."""
    chair = await chair_signs_in(context, server, database_url)
    await chair.get_by_role("link", name="New meeting").click()
    await chair.get_by_label("Meeting title").fill(title)
    await chair.get_by_label("Family name").fill("Example")
    await chair.get_by_label("Children's first names").fill("Alex")
    await chair.get_by_role("button", name="Create meeting").click()
    await chair.wait_for_url(re.compile(r".*/meetings/[A-Za-z0-9_-]{10,}$"))
    return chair


async def test_phone_joins_is_admitted_and_adds_an_item_seen_everywhere(browser, live_server, database_url):
    problems: list[str] = []
    chair_context = await browser.new_context(**DESKTOP)
    chair = await chair_signs_in(chair_context, live_server, database_url)
    watch_csp(chair, problems)

    await chair.get_by_role("link", name="New meeting").click()
    await chair.get_by_label("Meeting title").fill("Review for Alex")
    await chair.get_by_label("Case").select_option(label="A new family")
    await chair.get_by_label("Family name").fill("Example")
    await chair.get_by_label("Children's first names").fill("Alex")
    await chair.get_by_role("button", name="Create meeting").click()
    await chair.wait_for_url(re.compile(r".*/meetings/[A-Za-z0-9_-]{10,}$"))
    board_url = chair.url
    await assert_accessible(chair, "the chair's board")

    screen = await chair_context.new_page()
    watch_csp(screen, problems)
    await screen.goto(board_url + "/screen")
    code = (await screen.locator(".join-code").inner_text()).strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    await screen.get_by_role("img", name="QR code to join").wait_for()
    await assert_accessible(screen, "the shared screen")

    # A phone types the code on the home page.
    phone_context = await browser.new_context(**PHONE)
    phone = await phone_context.new_page()
    watch_csp(phone, problems)
    await phone.goto(live_server.url + "/")
    await assert_accessible(phone, "the home page")
    await phone.get_by_label("Meeting code").fill(code.lower())
    await phone.get_by_role("button", name="Next").click()
    await phone.get_by_label("Your name").wait_for()
    await assert_accessible(phone, "the join form")
    await assert_no_sideways_scroll(phone, "the join form")
    await phone.get_by_label("Your name").fill("Dana")
    await phone.get_by_label("Your connection to the child").select_option("mum")
    await phone.get_by_role("button", name="Join").click()
    await phone.get_by_role("status").filter(has_text="waiting for the chair").wait_for()
    await assert_accessible(phone, "the lobby")

    # The chair admits her, live; her phone moves into the meeting without a reload.
    await phone.evaluate("() => { window.__sameDocument = true; }")
    await chair.get_by_role("button", name="Admit Dana (Mum)").click()
    worries = phone.get_by_role("region", name="What are we worried about?")
    await worries.wait_for(timeout=10_000)
    assert await phone.evaluate("() => window.__sameDocument === true"), "the phone reloaded"
    assert await phone.title() == "Review for Alex – Meeting Room"
    await assert_no_sideways_scroll(phone, "the board")
    await assert_accessible(phone, "the board on a phone")

    # A second phone (a teacher) joins by the QR link.
    other_context = await browser.new_context(**PHONE)
    other = await other_context.new_page()
    watch_csp(other, problems)
    await other.goto(live_server.url + "/join/" + code.replace("-", ""))
    await other.get_by_label("Your name").fill("Ms Patel")
    await other.get_by_label("Your connection to the child").select_option("professional")
    await other.get_by_label("Where you work").fill("school")
    await other.get_by_role("button", name="Join").click()
    await chair.get_by_role("button", name="Admit Ms Patel (school)").click()
    await other.get_by_role("region", name="What's working well?").wait_for(timeout=10_000)

    # Dana adds an item; it appears on the screen, the chair's board and the other phone.
    await worries.get_by_label("Add to What are we worried about?").fill("Dad shouts when he has been drinking")
    await worries.get_by_role("button", name="Add").click()
    await worries.get_by_text("Saved").wait_for()
    for name, page in (("the screen", screen), ("the chair", chair), ("the other phone", other)):
        await seen_live(page, name, "What are we worried about?", "Dad shouts when he has been drinking")
    assert await worries.get_by_label("Add to What are we worried about?").input_value() == ""

    # Who is here, on every screen.
    for page in (screen, phone, other):
        roster = page.get_by_role("region", name="Who is here")
        await roster.get_by_text("Dana").wait_for()
        await roster.get_by_text("Ms Patel").wait_for()
    await assert_accessible(screen, "the shared screen with people and items")

    # Dana can edit her own item, not the teacher's.
    await other.get_by_role("region", name="What's working well?").get_by_label(
        "Add to What's working well?").fill("Alex is doing well in maths")
    await other.get_by_role("region", name="What's working well?").get_by_role("button", name="Add").click()
    working = phone.get_by_role("region", name="What's working well?")
    await working.get_by_text("Alex is doing well in maths").wait_for()
    assert await working.get_by_role("button", name="Edit").count() == 0
    await worries.get_by_role("button", name="Edit").click()
    await worries.get_by_label("Change this item").fill("Dad shouts at night when he has been drinking")
    await worries.get_by_role("button", name="Save").click()
    await screen.get_by_text("Dad shouts at night when he has been drinking").wait_for()

    # The chair removes the teacher's item: it goes from every screen, and can be put back.
    chair_working = chair.get_by_role("region", name="What's working well?")
    await chair_working.locator("details.item-menu summary").first.click()  # the item's menu
    await chair_working.get_by_role("button", name="Remove").click()
    await screen.get_by_text("Alex is doing well in maths").wait_for(state="detached")
    await working.get_by_text("Alex is doing well in maths").wait_for(state="detached")
    await working.locator("p.empty:visible", has_text="Nothing here yet.").first.wait_for()
    await chair.get_by_role("button", name="Put back").click()
    await screen.get_by_text("Alex is doing well in maths").wait_for()

    assert not problems, problems
    for context in (chair_context, phone_context, other_context):
        await context.close()


async def seen_live(page, name: str, region: str, text: str, timeout: int = 5_000) -> None:
    """Wait for a live change; if it does not come, say which page missed it and what that page
    knew (its sequence number and live status), so that a rare failure can be understood."""
    from playwright.async_api import (
        TimeoutError as PlaywrightTimeout,  # installed with the test extras
    )
    try:
        await page.get_by_role("region", name=region).get_by_text(text).wait_for(timeout=timeout)
    except PlaywrightTimeout:
        state = await page.evaluate("""() => ({
            seq: document.querySelector('#sync-state')?.dataset.seq,
            status: document.querySelector('#live-status')?.textContent,
            offline: document.body.classList.contains('offline'),
            live: document.querySelector('#live')?.getAttribute('hx-ws:connect')})""")
        raise AssertionError(f"{name} did not show {text!r} within {timeout} ms: {state}") from None


async def test_pages_fall_back_to_polling_when_websockets_are_blocked(browser, live_server, database_url):
    chair_context = await browser.new_context(**DESKTOP)
    chair = await chair_opens_new_meeting(chair_context, live_server, database_url, "Blocked network")

    blocked_context = await browser.new_context(**DESKTOP)
    await blocked_context.add_cookies(await chair_context.cookies())
    screen = await blocked_context.new_page()

    async def refuse(ws):  # a proxy that will not carry websockets
        await ws.close(code=1011)  # "internal error": htmx tries again, and fails again
    await screen.route_web_socket(re.compile(".*"), refuse)
    await screen.goto(chair.url + "/screen")
    await screen.locator("#live-status", has_text="Updates every few seconds").wait_for(timeout=15_000)

    worries = chair.get_by_role("region", name="What are we worried about?")
    await worries.get_by_label("Add to What are we worried about?").fill("Seen through polling")
    await worries.get_by_role("button", name="Add").click()
    await screen.get_by_text("Seen through polling").wait_for(timeout=10_000)
    await blocked_context.close()
    await chair_context.close()
