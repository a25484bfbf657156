"""Usable without a mouse or without sight (issue 27), in real Chromium, at 360 and 1280 px.

A person joins, is let in, adds to each column, answers a scale, goes through a private discussion
and a reveal, with the keyboard alone. After each step: the focused element is not the page body,
nothing covers it (elementFromPoint at its corners and centre), and what happened is in a live
region that was already in the page before the change (screen readers often miss a new one).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    give_cookies,
    open_board,
)
from tests.helpers import (
    Person,
    admit_and_enter,
    join,
    new_meeting,
    signed_in_chair,
    waiting_id,
)

pytestmark = pytest.mark.browser

QUESTION = "How safe is Alex at home now, from 0 to 10?"
TEN, ZERO = "Safe enough to close the case", "Alex cannot stay at home"

# Where focus is, and whether something is drawn over it. A point may land on the element, on
# something inside it, or on something it is inside (rounded corners, a clipping parent), never
# on anything else (a fixed or sticky bar).
FOCUS_CHECK = """() => {
  const el = document.activeElement;
  const what = e => e ? (e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "' +
                         (e.getAttribute('aria-label') || e.textContent || e.value || '').trim().slice(0, 40) + '"') : 'nothing';
  if (!el || el === document.body || el === document.documentElement) return 'focus is on the page body';
  // A radio drawn as its label (the number's box): the label is what is seen, and what must be clear.
  const box = (el.matches('input[type=radio], input[type=checkbox]') && el.closest('label')) || el;
  const r = box.getBoundingClientRect();
  if (!r.width || !r.height) return 'focus is on something not shown: ' + what(el);
  const inset = Math.min(3, r.width / 4, r.height / 4);
  const points = [[r.left + inset, r.top + inset], [r.right - inset, r.top + inset],
                  [r.left + inset, r.bottom - inset], [r.right - inset, r.bottom - inset],
                  [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x > innerWidth || y > innerHeight)
      return what(el) + ' is off the screen at ' + Math.round(x) + ',' + Math.round(y);
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(hit === box || box.contains(hit) || hit.contains(box)))
      return what(el) + ' is covered at ' + Math.round(x) + ',' + Math.round(y) + ' by ' + what(hit);
  }
  return '';
}"""

# The live regions in the page before a change, and everything each says from then on (watched in
# the page itself: a region emptied and filled again with the same words says them again, and a
# morph may take attributes away).
MARK_LIVE_REGIONS = """() => {
  (window.liveWatchers || []).forEach(w => w.disconnect());
  window.liveWatchers = [];
  window.liveSaid = new Map();
  document.querySelectorAll('[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log]').forEach(r => {
    window.liveSaid.set(r, []);
    const w = new MutationObserver(() => window.liveSaid.get(r).push(r.textContent.replace(/\\s+/g, ' ')));
    w.observe(r, {childList: true, characterData: true, subtree: true});
    window.liveWatchers.push(w);
  });
}"""

# A region that was there before the change, still in the page and not hidden from screen readers,
# has said it since.
SAID = """words => [...window.liveSaid.entries()].some(([r, said]) =>
  r.isConnected && r.getClientRects().length > 0 && !r.closest('[aria-hidden=true]') &&
  r.matches('[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log]') &&
  said.some(text => text.includes(words)))"""


async def focus_is_clear(page, step: str) -> None:
    await page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")  # drawn
    problem = await page.evaluate(FOCUS_CHECK)
    assert not problem, f"{step}: {problem}"


async def before_change(page) -> None:
    await page.evaluate(MARK_LIVE_REGIONS)


async def said(page, words: str, step: str) -> None:
    try:
        await page.wait_for_function(SAID, arg=words, timeout=10_000)
    except Exception:  # pragma: no cover - the message says what was there instead
        regions = await page.evaluate("""() => [...document.querySelectorAll('[aria-live], [role=status], [role=alert]')]
            .map(r => (r.id || r.className) + (window.liveSaid.has(r) ? ' (before)' : ' (new)') + ': ' + r.textContent.trim())""")
        raise AssertionError(f"{step}: {words!r} was not said by a live region that was there before. Regions: {regions}")


async def is_focused(page, locator) -> bool:
    """Whether focus is on (one of) what `locator` finds."""
    return await locator.evaluate_all("els => els.includes(document.activeElement)")


async def tab_to(page, locator, step: str, backwards: bool = False, limit: int = 150) -> None:
    """Tab (or Shift+Tab) until `locator` has focus; every stop on the way must be clear."""
    key = "Shift+Tab" if backwards else "Tab"
    if await is_focused(page, locator):
        return
    for _ in range(limit):
        await page.keyboard.press(key)
        await focus_is_clear(page, f"{step} (tabbing {'backwards' if backwards else 'forwards'})")
        if await is_focused(page, locator):
            return
    raise AssertionError(f"{step}: {limit} presses of {key} never reached it")


async def sweep(page, step: str, backwards: bool = False, limit: int = 200) -> int:
    """Tab through every stop to the end of the page, or Shift+Tab back to its first ("Skip to
    content"); every stop must be clear. Returns how many stops there were."""
    key = "Shift+Tab" if backwards else "Tab"
    for stops in range(limit):
        await page.keyboard.press(key)
        if not backwards and await page.evaluate("() => document.activeElement === document.body"):
            return stops  # past the last stop: the browser's own controls are next
        await focus_is_clear(page, f"{step} (tabbing {'backwards' if backwards else 'forwards'})")
        if backwards and await page.evaluate("() => document.activeElement.classList.contains('skip-link')"):
            return stops
    raise AssertionError(f"{step}: more than {limit} stops")


async def choose_number(page, value: int, step: str) -> None:
    """Arrow keys within the radio group until `value` is chosen."""
    for _ in range(12):
        now = await page.evaluate("() => document.activeElement.value")
        if now == str(value) and await page.evaluate("() => document.activeElement.checked"):
            return
        await page.keyboard.press("ArrowRight" if int(now) < value else "ArrowLeft")
        await focus_is_clear(page, step)
    raise AssertionError(f"{step}: could not choose {value}")


async def chair_and_meeting(server, database_url):
    chair = Person.live(server)
    await signed_in_chair(chair, database_url)
    meeting_id, code = await new_meeting(chair, detailed=False)
    return chair, meeting_id, code


async def join_by_keyboard(page, server, code: str) -> None:
    await page.goto(f"{server.url}/join/{code}")
    await tab_to(page, page.get_by_label("Your name"), "joining")
    await page.keyboard.type("Dana")
    await tab_to(page, page.get_by_label("Your connection to the child"), "joining")
    await page.keyboard.type("Mum")
    assert await page.get_by_label("Your connection to the child").input_value() == "mum"
    await tab_to(page, page.get_by_role("button", name="Join"), "joining")
    await page.keyboard.press("Enter")
    await page.get_by_text("waiting for the chair").wait_for()
    await assert_accessible(page, "the lobby")


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone-360", "laptop-1280"])
async def test_a_meeting_by_keyboard_alone_keeps_focus_in_view_and_says_what_happened(
        browser, live_server, database_url, device):
    chair, meeting_id, code = await chair_and_meeting(live_server, database_url)
    context = await browser.new_context(**device)
    page = await context.new_page()
    await join_by_keyboard(page, live_server, code)
    await page.locator("#live-status[data-state=live]").wait_for()

    # Let in: focus goes to the board's heading and it is said, from a region there before.
    await before_change(page)
    pid = await waiting_id(chair, meeting_id, "Dana")
    assert (await chair.post(f"/meetings/{meeting_id}/people/{pid}/admit")).status_code == 204
    await page.wait_for_function("() => document.activeElement && document.activeElement.id === 'board-heading'")
    await said(page, "The chair has let you in", "being let in")
    await focus_is_clear(page, "being let in")
    await page.locator("#live-status[data-state=live]").wait_for()
    assert not await page.evaluate("() => [...window.liveSaid.values()].flat().some(t => /connection/i.test(t))"), \
        "being let in was said to be a lost connection"
    await assert_accessible(page, "the board just after being let in")

    # "I need a moment" and back: focus stays on the button (the next Tab goes on from it), and
    # what the chair was told is said.
    for press, then, words in (("I need a moment", "I am ready to carry on", "The chair knows you need a moment"),
                               ("I am ready to carry on", "I need a moment", "The chair has been told you are ready")):
        await tab_to(page, page.get_by_role("button", name=press), f"going to {press}")
        await before_change(page)
        await page.keyboard.press("Enter")
        await said(page, words, f"after {press}")
        assert await is_focused(page, page.get_by_role("button", name=then)), f"after {press}, focus left the button"
        await focus_is_clear(page, f"after {press}")
    await page.keyboard.press("Tab")  # the next Tab goes on from the button, to the next control
    await focus_is_clear(page, "the Tab after I need a moment")
    await page.keyboard.press("Shift+Tab")
    assert await is_focused(page, page.get_by_role("button", name="I need a moment"))

    # Add to each column: focus stays in that column's field, "Saved" is said.
    for heading in ("What are we worried about?", "What's working well?", "What needs to happen?"):
        field = page.get_by_label(f"Add to {heading}")
        await tab_to(page, field, f"going to {heading}")
        await page.keyboard.type(f"Dana's words for {heading}")
        await tab_to(page, page.get_by_role("region", name=heading).get_by_role("button", name="Add"), f"adding to {heading}")
        await before_change(page)
        await page.keyboard.press("Enter")
        await page.get_by_role("region", name=heading).get_by_text(f"Dana's words for {heading}").first.wait_for()
        await said(page, "Saved", f"adding to {heading}")
        await page.wait_for_function("label => document.activeElement && document.activeElement.labels && "
                                     "[...document.activeElement.labels].some(l => l.textContent.trim() === label)",
                                     arg=f"Add to {heading}")
        await focus_is_clear(page, f"after adding to {heading}")

    # A question opens while Dana is typing in the last column: her field keeps focus, stays on
    # the screen, and the question is said.
    draft = page.get_by_label("Add to What needs to happen?")
    await page.keyboard.type("half a thought")
    await before_change(page)
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": QUESTION, "ten": TEN, "zero": ZERO})
    assert r.status_code == 200, r.text
    await said(page, f"A new question to answer: {QUESTION}", "a question opens")
    await page.get_by_role("group", name=QUESTION).wait_for()
    assert await is_focused(page, draft), "the field being typed in lost focus when the question opened"
    assert await draft.input_value() == "half a thought"
    await focus_is_clear(page, "a question opens while typing")
    notice = page.locator("#scale-notice.showing")
    if device is PHONE:  # the question is off the screen: the notice says it is waiting
        await notice.get_by_text("A question is waiting for your answer").wait_for()

    # Every stop of the board, to its end and back to its top, with the question waiting: nothing
    # (the question notice, the jump bar, the live pill) covers any of them.
    assert await sweep(page, "the whole board with a question waiting") > 0
    assert await sweep(page, "the whole board with a question waiting", backwards=True) > 10

    # On to the question by keyboard; the 0-10 radios say what 0 and 10 mean.
    group = page.get_by_role("group", name=QUESTION)
    await tab_to(page, group.get_by_role("radio"), "going to the question")
    description = await page.evaluate("""() => (document.activeElement.getAttribute('aria-describedby') || '')
        .split(' ').map(id => document.getElementById(id)?.textContent || '').join(' ')""")
    assert f"0 means: {ZERO}" in description and f"10 means: {TEN}" in description, description
    await choose_number(page, 7, "choosing a number")
    assert await notice.count() == 0, "the question notice stays up while the question has focus"
    reason = page.get_by_label("Why this number?")
    await tab_to(page, reason, "going to the reason")
    await page.keyboard.type("She has kept every visit")
    await tab_to(page, page.get_by_role("button", name="Save my answer"), "going to save")
    await before_change(page)
    await page.keyboard.press("Enter")
    await said(page, "Saved", "saving my answer")
    await page.wait_for_function("() => document.activeElement && document.activeElement.closest('#scale-answer form')")
    await focus_is_clear(page, "after saving my answer")
    await assert_accessible(page, "the answer form after saving")

    # A private discussion starts while she types: focus to the pause's heading, said; when it
    # ends, focus goes back to her field with her words kept, and that is said too.
    await tab_to(page, reason, "back to the reason", backwards=True)
    await page.keyboard.press("Control+End")
    await page.keyboard.type(" and more")
    await before_change(page)
    assert (await chair.post(f"/meetings/{meeting_id}/private/start")).status_code in (200, 204)
    await said(page, "The meeting has paused for a short private discussion", "the pause")
    await page.wait_for_function("() => document.activeElement && document.activeElement.id === 'pause-heading'")
    await focus_is_clear(page, "the pause")
    await page.get_by_role("heading", name="The meeting has paused for a short private discussion").wait_for()
    await assert_accessible(page, "the paused view")
    await before_change(page)
    assert (await chair.post(f"/meetings/{meeting_id}/private/end")).status_code in (200, 204)
    await said(page, "The private discussion has ended", "the end of the pause")
    await page.wait_for_function("() => document.activeElement && document.activeElement.id.startsWith('reason-')")
    assert (await reason.input_value()).endswith(" and more")
    await focus_is_clear(page, "the end of the pause")

    # The reveal while she is still typing her reason: said with a summary; focus stays in the
    # scale's part of the page, on screen.
    scale_id = scale_of(await chair.get(f"/meetings/{meeting_id}"))
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/answer", {"value": "3", "reason": ""})
    assert r.status_code == 200, r.text
    await before_change(page)
    assert (await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/reveal")).status_code in (200, 204)
    await said(page, "The answers are shown: 2 answers, from 3 to 7, middle 5", "the reveal")
    await page.wait_for_function("() => !document.querySelector('#scale-answer form')")
    await page.wait_for_function("() => document.activeElement && document.activeElement.closest('#scale-panel')")
    await focus_is_clear(page, "the reveal")
    await assert_accessible(page, "the revealed scale")
    await context.close()
    await chair.close()


async def test_the_chair_tabbing_backwards_is_never_under_the_sticky_notices(browser, live_server, database_url):
    chair, meeting_id, code = await chair_and_meeting(live_server, database_url)
    for name in ("Mark", "Lee", "Jo"):
        await join(Person.live(live_server), code, name, "dad")
    mum = Person.live(live_server)
    await join(mum, code, "Dana", "mum")
    await admit_and_enter(chair, mum, meeting_id, "Dana")
    await mum.post(f"/meetings/{meeting_id}/moment", {"needed": "1"})
    for n in range(6):
        await chair.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": f"A worry, number {n}"})
    page = await open_board(browser, live_server, chair, meeting_id, DESKTOP)
    await page.locator("#notices .notice-line").nth(1).wait_for()
    last = page.locator("details.person-menu > summary").last  # Dana's actions ("Remove Dana (Mum)" is in it)
    await tab_to(page, last, "the chair tabbing forwards", limit=250)
    menu = page.locator("details.person-menu").last
    await page.keyboard.press("Enter")  # Dana's actions open
    assert await menu.evaluate("m => m.open")
    await page.keyboard.press("Tab")  # into the menu
    await page.keyboard.press("Escape")  # closes it; focus back on the button that opened it
    assert not await menu.evaluate("m => m.open")
    assert await last.evaluate("s => s === document.activeElement")
    await tab_to(page, page.get_by_role("button", name="Turn away Mark (Dad)"), "the chair tabbing backwards",
                 backwards=True, limit=250)
    for _ in range(60):  # on up to the top of the page: every stop clear of the notices
        await page.keyboard.press("Shift+Tab")
        await focus_is_clear(page, "the chair tabbing backwards to the top")
        if await page.evaluate("() => document.activeElement === document.body || "
                               "document.activeElement.classList.contains('skip-link')"):
            break
    await page.context.close()
    await chair.close()
    await mum.close()


async def test_forced_colours_keep_the_chosen_number_and_the_marks(browser, live_server, database_url):
    chair, meeting_id, code = await chair_and_meeting(live_server, database_url)
    mum = Person.live(live_server)
    await join(mum, code, "Dana", "mum")
    await admit_and_enter(chair, mum, meeting_id, "Dana")
    page = await open_board(browser, live_server, mum, meeting_id, PHONE, forced_colors="active")
    assert await page.evaluate("() => matchMedia('(forced-colors: active)').matches")
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": QUESTION, "ten": TEN, "zero": ZERO})
    assert r.status_code == 200, r.text
    group = page.get_by_role("group", name=QUESTION)
    await group.wait_for()
    await group.get_by_role("radio", name="4", exact=True).focus()
    await page.keyboard.press("Space")
    borders = await page.evaluate("""() => [...document.querySelectorAll('.number input')].map(input => {
        const s = getComputedStyle(input.nextElementSibling);
        return {checked: input.checked, width: parseFloat(s.borderTopWidth), style: s.borderTopStyle,
                color: s.borderTopColor, background: s.backgroundColor};
    })""")
    chosen = [b for b in borders if b["checked"]]
    others = [b for b in borders if not b["checked"]]
    assert len(chosen) == 1
    assert chosen[0]["width"] >= 4 and all(chosen[0]["width"] > o["width"] for o in others), borders
    assert all((chosen[0]["style"], chosen[0]["color"]) != (o["style"], o["color"]) or chosen[0]["width"] != o["width"]
               for o in others)
    scale_id = scale_of(await chair.get(f"/meetings/{meeting_id}"))
    await page.get_by_role("button", name="Save my answer").press("Enter")
    await page.get_by_text("Saved").first.wait_for()
    assert (await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/reveal")).status_code in (200, 204)
    await page.locator(".spread-strip .mark").first.wait_for()
    marks = await page.evaluate("""() => [...document.querySelectorAll('.spread-strip .mark, .spread-strip .middle .v, .key')]
        .map(el => parseFloat(getComputedStyle(el).borderTopWidth))""")
    assert marks and all(width >= 1 for width in marks), marks
    await assert_accessible(page, "the revealed scale in forced colours")
    await page.context.close()
    await chair.close()
    await mum.close()


def scale_of(response) -> str:
    return response.text.split('id="scale-answer"')[1].split('data-key="')[1].split(":")[0]


async def test_the_live_indicator_is_said_only_when_lost_and_when_back(browser, live_server, database_url):
    chair, meeting_id, code = await chair_and_meeting(live_server, database_url)
    mum = Person.live(live_server)
    await join(mum, code, "Dana", "mum")
    await admit_and_enter(chair, mum, meeting_id, "Dana")
    context = await browser.new_context(**PHONE)
    await give_cookies(mum, context)
    page = await context.new_page()
    await page.goto(f"{live_server.url}/meetings/{meeting_id}")
    await page.locator("#live-status[data-state=live]").wait_for()
    live = page.locator("#live-status")
    assert await live.get_attribute("role") is None and await live.get_attribute("aria-live") is None
    assert await page.locator("#say").text_content() == ""  # "Connecting…", "Live": not said
    await before_change(page)
    await page.evaluate("() => document.getElementById('live')._htmx.ws.connection.socket.close()")
    await said(page, "The connection is lost", "the connection drops")
    await said(page, "Connected again", "the connection comes back")
    await page.locator("#live-status[data-state=live]").wait_for()
    await context.close()
    await chair.close()
    await mum.close()
