"""A whole meeting with a child, in real browsers: Jayden joins on a 360 px phone and sees the
Three Houses (axe clean, no sideways scroll at 200 % text), writes in each house, answers the
scale; the chair is told a child answered before revealing; the shared screen shows no mark for
the only child's answer (it would be his, named or not); the chair puts "What is it like for the child?" on the screen; the meeting closes
and the record opens with the child's view."""

from __future__ import annotations

import os

from tests.app.test_child_pictures import png_with_text
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_sideways_scroll,
    give_cookies,
    open_board,
)
from tests.helpers import Person, admit_and_enter, join, meeting_with_mum

SHOTS = os.environ.get("MEETING_ROOM_SHOTS", "")  # a folder: screenshots of each step are kept there
SCREEN = {"viewport": {"width": 1920, "height": 1080}}
HOUSES = {"House of Worries": ("What worries you?", "When Dad shouts I get scared for Mia"),
          "House of Good Things": ("What is good in your life?", "Football with Grandad"),
          "House of Dreams": ("What would you like to happen?", "Everyone to stop shouting")}


async def shot(page, name: str) -> None:
    if SHOTS:
        await page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=False, caret="initial")  # (no injected style)


async def test_a_whole_meeting_with_a_child(browser, live_server, database_url):
    chair_http, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    jayden = Person.live(live_server)
    await join(jayden, code, "Jayden", "child")
    await admit_and_enter(chair_http, jayden, meeting_id, "Jayden")

    phone = await open_board(browser, live_server, jayden, meeting_id, PHONE)
    chair = await open_board(browser, live_server, chair_http, meeting_id, DESKTOP)
    screen_context = await browser.new_context(**SCREEN)
    await give_cookies(chair_http, screen_context)
    screen = await screen_context.new_page()
    await screen.goto(f"{live_server.url}/meetings/{meeting_id}/screen")
    await screen.locator("#live-status[data-state=live]").wait_for()

    # The child's view: three houses, a child's questions, no professionals' wording.
    for house, (prompt, words) in HOUSES.items():
        region = phone.get_by_role("region", name=house)
        await region.get_by_label(prompt).fill(words)
        await region.get_by_role("button", name="Add").click()
        await region.get_by_text("Added").wait_for()
        await region.get_by_text(words).wait_for()
    assert await phone.get_by_text("Danger statements").count() == 0
    assert await phone.get_by_role("region", name="What are we worried about?").count() == 0
    await assert_accessible(phone, "the child's houses")
    await assert_no_sideways_scroll(phone, "the child's houses")
    await shot(phone, "child-phone-houses")
    await chair.get_by_text("When Dad shouts I get scared for Mia").wait_for()
    assert await chair.get_by_text("Jayden's words").count() == 3

    # A worker adds a photo of Jayden's drawing, with words that say what it shows.
    await chair.get_by_text("Add a child's picture").click()
    await chair.get_by_label("Whose picture").fill("Jayden")
    await chair.get_by_label("Which house it belongs to").select_option(label="House of Dreams")
    await chair.get_by_label("What the picture shows").fill("Jayden's drawing: a house with a big garden")
    await chair.get_by_label("The picture (a JPEG or PNG photo").set_input_files(
        files=[{"name": "drawing.png", "mimeType": "image/png", "buffer": png_with_text()}])
    await chair.get_by_role("button", name="Add the picture").click()
    await chair.locator("#picture-form").get_by_text("Added").wait_for()

    # The children's scale: the chair asks in a child's words; Jayden answers with faces beside
    # the numbers; the chair is told a child answered.
    await chair.get_by_role("button", name="Ask the children a question").click()
    await chair.get_by_label("Question").fill("How safe do you feel at home?")
    await chair.get_by_role("button", name="Ask the children").click()
    group = phone.get_by_role("group", name="How safe do you feel at home?")
    await group.wait_for(timeout=10_000)
    assert await group.locator("svg.face").count() == 11
    await assert_accessible(phone, "the children's scale with faces")
    await group.scroll_into_view_if_needed()
    await shot(phone, "child-phone-faces")
    await group.get_by_label("1", exact=True).check()
    await phone.get_by_label("Why this number?").fill("When they shout I get scared")
    await phone.get_by_role("button", name="Save my answer").click()
    await phone.get_by_text("Saved").first.wait_for()
    large = await open_board(browser, live_server, jayden, meeting_id, PHONE, bypass_csp=True)
    await large.add_style_tag(content="html { font-size: 200% !important; }")  # a phone's large-text setting
    await large.get_by_role("region", name="House of Dreams").get_by_text("Everyone to stop shouting").wait_for()
    await large.get_by_role("group", name="How safe do you feel at home?").wait_for()
    await assert_no_sideways_scroll(large, "the child's view, with its scale, at 200%")
    await shot(large, "child-phone-200")
    await large.context.close()
    await chair.get_by_text("A child has answered this question").first.wait_for()
    await chair.get_by_role("button", name="Reveal answers").click()
    confirm = chair.get_by_role("group", name="Please confirm")
    await confirm.get_by_text("A child has answered this question").wait_for()
    await confirm.get_by_role("button", name="Reveal answers").click()
    # Jayden is the only child who answered: even unnamed, a mark on the screen would be his.
    await screen.get_by_text("So that nobody can tell whose answer it is").wait_for()
    assert await screen.locator("polygon.dot-child").count() == 0
    assert await screen.locator(".spread").get_by_text("Jayden").count() == 0
    assert await screen.get_by_text("When they shout I get scared").count() == 0
    await shot(screen, "screen-child-answer")
    await chair.locator("table.answers").get_by_text("Jayden").wait_for(state="attached")

    # "What is it like for the child?" takes the shared screen, then the columns come back.
    await chair.get_by_role("button", name="What is it like for the child?").click()
    await screen.get_by_role("heading", name="What is it like for the child?").wait_for()
    await screen.locator("blockquote", has_text="When Dad shouts I get scared for Mia").wait_for()
    await shot(screen, "screen-child-question")
    await shot(chair, "chair-board-child")
    await chair.locator(".child-prompt-control").get_by_role("button", name="Show the columns").click()
    await screen.get_by_role("heading", name="What is it like for the child?").wait_for(state="detached")

    # The meeting closes; Jayden's phone goes to his copy of the record: the child's view.
    r = await chair_http.post(f"/meetings/{meeting_id}/close", htmx=False)
    assert r.status_code in (200, 303), r.text
    await phone.wait_for_url(f"**/meetings/{meeting_id}/record")
    headings = await phone.locator("main h2").all_inner_texts()
    # A child's copy: the children's own words, not the grown-ups' record.
    await phone.get_by_text("Thank you for coming, Jayden").wait_for()
    assert headings[0] == "The child's view" and "Who came" not in headings
    record = phone.get_by_role("region", name="The child's view")
    await record.get_by_text("Everyone to stop shouting").wait_for()
    await record.get_by_role("img", name="Jayden's drawing: a house with a big garden").wait_for()
    assert await record.locator("img").evaluate("img => img.naturalWidth") == 30  # served, and decoded
    await assert_accessible(phone, "the record on a phone")
    await shot(phone, "child-phone-record")
    for person in (chair_http, mum, jayden):
        await person.close()
