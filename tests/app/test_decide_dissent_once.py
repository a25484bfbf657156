"""Review finding 9: the same dissent is saved once, however often the form is sent (a double
press, a reload), and a successful save answers with a 303 to the page (so a reload does not post)."""

from __future__ import annotations

from tests.app.test_decide_one_form import a_meeting, form_of
from tests.helpers import Person, signed_in_chair


async def test_the_same_dissent_twice_is_saved_once(app, database_url):
    chair = Person.in_process(app)
    await signed_in_chair(chair, database_url)
    meeting_id = await a_meeting(chair, "Alex")
    form = {**form_of((await chair.get(f"/meetings/{meeting_id}/decide")).text),
            "dissent_name": "Dad", "dissent_words": "I disagree"}
    for _ in range(2):
        r = await chair.post(f"/meetings/{meeting_id}/decide", form, htmx=False)
        assert r.status_code == 303 and r.headers["location"] == f"/meetings/{meeting_id}/decide?saved=1"
    page = await chair.get(r.headers["location"])
    assert "Everything on this page is saved." in page.text
    assert "Everything on this page is saved." not in (await chair.get(f"/meetings/{meeting_id}/decide")).text
    _, dissents = await app.state.mr.decisions.of(meeting_id)
    assert [(d.name, d.words) for d in dissents] == [("Dad", "I disagree")]
    r = await chair.post(f"/meetings/{meeting_id}/dissent", {"name": "Dad", "words": "I disagree"})
    assert r.status_code == 200
    r = await chair.post(f"/meetings/{meeting_id}/decide", {**form, "dissent_words": "I disagree, and more"},
                         htmx=False)
    assert r.status_code == 303
    _, dissents = await app.state.mr.decisions.of(meeting_id)
    assert [d.words for d in dissents] == ["I disagree", "I disagree, and more"]
    await chair.close()
