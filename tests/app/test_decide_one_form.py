"""Issue 23, point 2: the "Decide and close" page is one form. In every order of filling it in and
saving, nothing typed is lost; a mistake saves nothing and shows every word typed again."""

from __future__ import annotations

import itertools

import lxml.html

from tests.helpers import MEETING, Person, signed_in_chair

PARTS = {
    "decisions": {"plan-1": "yes", "category-1": "neglect", "reasons-1": "Alex is often left alone at night.",
                  "plan-2": "no", "reasons-2": "Jo lives with Grandad, who keeps Jo safe."},
    "dissent": {"dissent_name": "Dana (Mum)", "dissent_words": "I do not agree. Alex is never alone."},
    "apologies": {"apologies": "Dr Shah, health visitor\nMr Cole, school"},
    "date": {"next_date": "2027-03-01"},
}


def form_of(html: str) -> dict[str, str]:
    """What a browser would send from the page's decide form, as drawn."""
    page = lxml.html.fromstring(html)
    form = next(f for f in page.forms if f.action.endswith("/decide"))
    return {k: v for k, v in form.form_values()}


async def a_meeting(chair: Person, children: str = "Alex, Jo") -> str:
    await chair.get("/meetings/new")
    r = await chair.post("/meetings", {"csrf_token": chair.csrf, "title": "Conference for Alex and Jo",
                                       "family_name": "Example", "children": children, "kind": "initial",
                                       "held_on": "2026-12-01"}, htmx=False)
    assert r.status_code == 303, r.text
    return MEETING.search(r.headers["location"]).group(1)


async def saved_state(app, meeting_id: str):
    decisions, dissents = await app.state.mr.decisions.of(meeting_id)
    board = await app.state.mr.boards.board(meeting_id)
    return ({d.child: (d.plan, d.category, d.reasons) for d in decisions},
            [(d.name, d.words) for d in dissents], board.meeting.apologies, board.meeting.next_meeting_on)


EXPECTED = ({"Alex": (True, "neglect", "Alex is often left alone at night."),
             "Jo": (False, None, "Jo lives with Grandad, who keeps Jo safe.")},
            [("Dana (Mum)", "I do not agree. Alex is never alone.")],
            "Dr Shah, health visitor\nMr Cole, school")


async def test_every_order_of_filling_in_and_saving_keeps_every_word(app, database_url):
    chair = Person.in_process(app)
    await signed_in_chair(chair, database_url)
    for order in itertools.permutations(PARTS):
        meeting_id = await a_meeting(chair)
        page = await chair.get(f"/meetings/{meeting_id}/decide")
        for part in order:  # type one part, press Save; the next part is typed on the page as returned
            form = {**form_of(page.text), **PARTS[part]}
            page = await chair.post(f"/meetings/{meeting_id}/decide", form, htmx=False, follow_redirects=True)
            assert page.status_code == 200 and 'role="alert"' not in page.text, (order, page.text)
        reloaded = form_of((await chair.get(f"/meetings/{meeting_id}/decide")).text)
        for part in ("decisions", "apologies", "date"):
            for key, value in PARTS[part].items():
                assert reloaded[key].replace("\r\n", "\n") == value, (order, key)
        assert reloaded["dissent_name"] == "" and "I do not agree. Alex is never alone." in page.text
        decisions, dissents, apologies, next_on = await saved_state(app, meeting_id)
        assert (decisions, dissents, apologies) == EXPECTED, order
        assert next_on.isoformat() == "2027-03-01"
    await chair.close()


async def test_everything_saved_at_once_is_in_the_record(app, database_url):
    chair = Person.in_process(app)
    await signed_in_chair(chair, database_url)
    meeting_id = await a_meeting(chair)
    page = await chair.get(f"/meetings/{meeting_id}/decide")
    form = form_of(page.text)
    for part in PARTS.values():
        form.update(part)
    r = await chair.post(f"/meetings/{meeting_id}/decide", form, htmx=False, follow_redirects=True)
    assert r.status_code == 200 and "Everything on this page is saved." in r.text
    assert (await saved_state(app, meeting_id))[:3] == EXPECTED
    record = (await chair.get(f"/meetings/{meeting_id}/record")).text
    for words in ("Alex is often left alone at night.", "I do not agree. Alex is never alone.", "Mr Cole, school"):
        assert words in record
    await chair.close()


async def test_a_mistake_saves_nothing_and_shows_every_word_typed_again(app, database_url):
    chair = Person.in_process(app)
    await signed_in_chair(chair, database_url)
    meeting_id = await a_meeting(chair)
    form = form_of((await chair.get(f"/meetings/{meeting_id}/decide")).text)
    for part in PARTS.values():
        form.update(part)
    del form["plan-2"]  # Jo's reasons typed, but yes or no not chosen
    seq = (await app.state.mr.boards.board(meeting_id)).meeting.seq
    r = await chair.post(f"/meetings/{meeting_id}/decide", form, htmx=False, follow_redirects=True)
    assert r.status_code == 400 and "Please say whether Jo needs a child protection plan." in r.text
    shown = form_of(r.text)
    for key, value in form.items():
        if key != "csrf_token":
            assert shown[key].replace("\r\n", "\n") == value, key
    assert (await app.state.mr.boards.board(meeting_id)).meeting.seq == seq
    assert await saved_state(app, meeting_id) == ({}, [], "", None)
    # the date alone is a mistake too when it is not a date: nothing else is saved with it
    form["plan-2"], form["next_date"] = "no", "not a date"
    r = await chair.post(f"/meetings/{meeting_id}/decide", form, htmx=False, follow_redirects=True)
    assert r.status_code == 400 and form_of(r.text)["dissent_words"] == PARTS["dissent"]["dissent_words"]
    assert await saved_state(app, meeting_id) == ({}, [], "", None)
    await chair.close()
