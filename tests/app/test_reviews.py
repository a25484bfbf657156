"""A family's story over three meetings: carried-over items, last time's steps reviewed, and each
scale beside its earlier answers, never mixed with a question asked another way."""

from __future__ import annotations

import re

from tests.app.test_scales import answer, current_scale, open_scale
from tests.helpers import add_item

QUESTION = {"question": "How safe is Alex at home?", "ten": "Safe enough to close", "zero": "Cannot stay at home"}
OTHER_WAY = {"question": "How safe is Alex at home?", "ten": "Cannot stay at home", "zero": "Safe enough to close"}


async def ask(app, chair, meeting_id, fields, *answers):
    """Open a scale, have these people answer, and show the answers."""
    await open_scale(chair, meeting_id, **fields)
    scale = await current_scale(app, meeting_id)
    for person, value in answers:
        await answer(person, meeting_id, scale.id, value)
    assert (await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")).status_code == 204
    assert (await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/close")).status_code == 204


async def close_and_continue(chair, meeting_id, next_date):
    await chair.get(f"/meetings/{meeting_id}/decide")
    await chair.post(f"/meetings/{meeting_id}/next-meeting", {"date": next_date}, htmx=False)
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    await chair.get(f"/meetings/{meeting_id}/record")
    r = await chair.post(f"/meetings/{meeting_id}/next", htmx=False)
    assert r.status_code == 303, r.text
    return re.search(r"/meetings/([^/]+)$", r.headers["location"]).group(1)


async def test_three_meetings_carry_the_story_on(app, meeting):
    chair, mum, first, _ = meeting
    await add_item(mum, first, "Alex was hurt at the weekend")
    await add_item(chair, first, "Mum will call the health visitor", column="next", section="steps")
    await ask(app, chair, first, QUESTION, (mum, "3"), (chair, "5"))
    assert (await mum.post(f"/meetings/{first}/close")).status_code == 403  # (mum cannot close it either)
    second = await close_and_continue(chair, first, "2027-03-01")
    assert (await chair.post(f"/meetings/{first}/next", htmx=False)).headers["location"] == f"/meetings/{second}"
    assert (await mum.post(f"/meetings/{first}/next", htmx=False)).status_code == 403

    page = (await chair.get(f"/meetings/{second}")).text
    assert "From the meeting on 1 Dec 2026 · Dana (Mum)" in page and "Alex was hurt at the weekend" in page
    assert "Last time's step: <strong>not reviewed yet</strong>" in page
    board = await app.state.mr.boards.board(second)
    assert board.meeting.held_on.isoformat() == "2027-03-01" and board.meeting.kind == "review"
    step = next(i for i in board.items if i.column == "next")
    r = await chair.post(f"/meetings/{second}/items/{step.id}/review/done")
    assert r.status_code == 200 and r.text == "Saved: done."
    assert "Last time's step: <strong>Done</strong>" in (await chair.get(f"/meetings/{second}")).text
    assert (await chair.post(f"/meetings/{second}/items/{step.id}/review/maybe")).status_code == 400

    await ask(app, chair, second, QUESTION, (chair, "6"))
    await ask(app, chair, second, OTHER_WAY, (chair, "2"))  # the other way round: never on the same line
    third = await close_and_continue(chair, second, "2027-06-01")
    page = (await chair.get(f"/meetings/{third}")).text
    assert "From the meeting on 1 Dec 2026 · Dana (Mum)" in page  # carried twice, it keeps its first day
    await ask(app, chair, third, QUESTION, (chair, "7"))
    board = await app.state.mr.boards.board(third)
    trend = board.trends[(QUESTION["question"], QUESTION["ten"], QUESTION["zero"])]
    assert [(p.lowest, p.middle, p.highest) for p in trend.points] == [(3, 4.0, 5), (6, 6.0, 6), (7, 7.0, 7)]
    assert len(board.trends[(OTHER_WAY["question"], OTHER_WAY["ten"], OTHER_WAY["zero"])].points) == 1
    record = (await chair.get(f"/meetings/{third}/record")).text
    assert "Across the family's meetings" in record
    assert "1 Dec 2026: 3 to 5, middle 4 (2 answers); 1 Mar 2027: 6 to 6, middle 6 (1 answer); " \
           "1 Jun 2027: 7 to 7, middle 7 (1 answer)" in record
    assert record.count("<svg") == 1  # one line: the question asked the other way has one meeting only
