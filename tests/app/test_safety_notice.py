"""The safety notice after a low answer (issue 24, point 2) says whose answer it was on a named
scale (on an anonymous one, that an answer is low), and stays, also after "Show the columns",
until the chair marks it "Seen to"."""

from __future__ import annotations

from tests.app.test_scales import answer, current_scale, open_scale


async def test_the_notice_names_whose_answer_and_stays_until_seen_to(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await open_scale(chair, meeting_id, safety_threshold="2")
    scale = await current_scale(app, meeting_id)
    await answer(mum, meeting_id, scale.id, "1")
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "Dana answered 2 or lower" in page and "immediate safety now" in page
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/close")  # "Show the columns"
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "Dana answered 2 or lower" in page  # still there
    assert (await mum.post(f"/meetings/{meeting_id}/scales/{scale.id}/safety-seen")).status_code == 403
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/safety-seen")
    assert r.status_code in (200, 204, 303), r.text
    assert "immediate safety now" not in (await chair.get(f"/meetings/{meeting_id}")).text
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "saw to the talk about immediate safety" in history


async def test_on_an_anonymous_scale_the_notice_names_nobody(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await open_scale(chair, meeting_id, safety_threshold="2", anonymous="1")
    scale = await current_scale(app, meeting_id)
    await answer(mum, meeting_id, scale.id, "0")
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "An answer is 2 or lower" in page and "Dana answered" not in page
