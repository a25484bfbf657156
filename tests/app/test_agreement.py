"""Agreement on danger statements and safety goals: from each device, shown beside the
statement, kept in the record with names; disagreement is never smoothed over."""

from __future__ import annotations

from tests.helpers import add_item


async def statement(app, meeting_id, section):
    board = await app.state.mr.boards.board(meeting_id)
    return next(i for i in board.items if i.section == section)


async def test_each_person_says_where_they_stand_and_everyone_sees_the_spread(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await add_item(chair, meeting_id, "We are worried Alex could be hurt at night", column="worries", section="danger")
    await add_item(mum, meeting_id, "Alex was late to school", column="worries", section="harm")
    danger, harm = await statement(app, meeting_id, "danger"), await statement(app, meeting_id, "harm")
    base = f"/meetings/{meeting_id}/items/{danger.id}/agreement"
    for page in ((await chair.get(f"/meetings/{meeting_id}")).text, (await mum.get(f"/meetings/{meeting_id}")).text,
                 (await chair.get(f"/meetings/{meeting_id}/screen")).text):  # before anyone has said: no row of noughts
        assert "Agree? None yet" in page and "Agree: 0 · Disagree: 0" not in page
    r = await mum.post(f"{base}/agree")
    assert r.status_code == 200 and r.text == "Saved: agree."
    assert (await chair.post(f"{base}/disagree")).status_code == 200
    assert (await mum.post(f"{base}/unsure")).status_code == 200  # she changes her mind: it replaces
    assert (await mum.post(f"{base}/unsure")).status_code == 200  # a double tap records nothing more
    for person in (chair, mum):
        page = (await person.get(f"/meetings/{meeting_id}")).text
        assert "Agree: 0 · Disagree: 1 · Not sure: 1" in page
    screen = (await chair.get(f"/meetings/{meeting_id}/screen")).text
    assert "Agree: 0 · Disagree: 1 · Not sure: 1" in screen and "/agreement/" not in screen
    history = [e.kind.name for e in await app.state.mr.meetings.history(meeting_id)]
    assert history.count("item.agreement") == 3
    r = await mum.post(f"/meetings/{meeting_id}/items/{harm.id}/agreement/agree")
    assert r.status_code == 400 and "danger statements and safety goals" in r.text
    r = await mum.post(f"{base}/maybe")
    assert r.status_code == 400


async def test_the_record_keeps_who_agreed_and_who_did_not(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await add_item(chair, meeting_id, "Alex will be safe at night", column="next", section="goals")
    goal = await statement(app, meeting_id, "goals")
    await mum.post(f"/meetings/{meeting_id}/items/{goal.id}/agreement/disagree")
    await chair.post(f"/meetings/{meeting_id}/items/{goal.id}/agreement/agree")
    page = (await mum.get(f"/meetings/{meeting_id}/record")).text
    assert "Agree: Chris Chair (Chair) · Disagree: Dana (Mum) · Not sure: nobody" in page
    exported = (await mum.get(f"/meetings/{meeting_id}/record.json")).json()
    goals = exported["columns"][2]["items"]
    assert goals[0]["agreement"] == {"agree": ["Chris Chair"], "disagree": ["Dana"], "unsure": []}
