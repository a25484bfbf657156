"""Review finding 4: the decide form of a large family (six children: more than 30 fields) is read
and saved, whether its token comes in the form (a plain browser post) or as a header; other forms
keep the small limit, and an over-large decide form is a clear 400, never a 500."""

from __future__ import annotations

from tests.app.test_decide_one_form import a_meeting, form_of
from tests.helpers import Person, signed_in_chair

SIX = "Alex, Jo, Sam, Kim, Lee, Max"


async def test_a_family_of_six_children_can_be_decided_in_one_form(app, database_url):
    chair = Person.in_process(app)
    await signed_in_chair(chair, database_url)
    meeting_id = await a_meeting(chair, SIX)
    for token_in_form in (True, False):
        form = form_of((await chair.get(f"/meetings/{meeting_id}/decide")).text)
        for i in range(1, 7):
            form[f"plan-{i}"] = "no"
            form[f"reasons-{i}"] = f"Reason {i} typed {token_in_form}"
        assert len(form) > 30
        r = await chair.post(f"/meetings/{meeting_id}/decide", form, htmx=False, token=not token_in_form,
                             follow_redirects=True)
        assert r.status_code == 200, r.text
        decisions, _ = await app.state.mr.decisions.of(meeting_id)
        assert sorted(d.reasons for d in decisions) == [f"Reason {i} typed {token_in_form}" for i in range(1, 7)]
    too_many = {**form, **{f"extra-{i}": "x" for i in range(200)}}
    r = await chair.post(f"/meetings/{meeting_id}/decide", too_many, htmx=False)
    assert r.status_code == 400 and "could not be read" in r.text
    r = await chair.post(f"/meetings/{meeting_id}/apologies", {f"extra-{i}": "x" for i in range(40)})
    assert r.status_code == 400 and "could not be read" in r.text  # other forms keep the small limit
    await chair.close()
