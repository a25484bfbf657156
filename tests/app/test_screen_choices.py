"""The chair's choices for the shared screen (issue 24, point 1): "Focus on" one column and "Show
all columns"; during a private discussion, "Keep the screen on for professionals" (the screen then
gets what professionals see, and family devices still get nothing); otherwise the screen pauses."""

from __future__ import annotations

from tests.app.test_private import SECRET, with_teacher
from tests.helpers import add_item


async def screen_bytes(chair, meeting_id) -> str:
    """Everything the shared screen is sent: its page and its polling answer."""
    page = (await chair.get(f"/meetings/{meeting_id}/screen")).text
    polled = (await chair.get(f"/meetings/{meeting_id}/updates?since=0&view=screen")).text
    return page + polled


async def test_the_chair_focuses_the_screen_on_one_column_and_shows_all_again(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await chair.get(f"/meetings/{meeting_id}")
    assert (await mum.post(f"/meetings/{meeting_id}/screen/focus", {"column": "worries"})).status_code == 403
    assert (await chair.post(f"/meetings/{meeting_id}/screen/focus", {"column": "nowhere"})).status_code == 400
    assert 'data-focus=""' in await screen_bytes(chair, meeting_id)
    r = await chair.post(f"/meetings/{meeting_id}/screen/focus", {"column": "worries"})
    assert r.status_code == 200 and "What are we worried about?" in r.text
    sent = await screen_bytes(chair, meeting_id)
    assert sent.count('data-focus="worries"') == 2  # the page, and the polling answer
    board = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "Show all columns" in board and "Focus on" in board
    r = await chair.post(f"/meetings/{meeting_id}/screen/focus", {"column": ""})
    assert r.status_code == 200 and r.text == "The shared screen shows all columns."
    assert 'data-focus="worries"' not in await screen_bytes(chair, meeting_id)
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "take the shared screen" in history and "showed all columns on the shared screen" in history


async def test_the_screen_stays_on_for_professionals_only_when_the_chair_chooses(app, meeting):
    chair, mum, teacher, meeting_id = await with_teacher(app, meeting)
    await add_item(mum, meeting_id, "Said before the pause")
    await chair.get(f"/meetings/{meeting_id}")
    # Only during a private discussion, and only the chair.
    assert (await chair.post(f"/meetings/{meeting_id}/screen/professionals", {"keep": "1"})).status_code == 403
    await chair.post(f"/meetings/{meeting_id}/private/start")
    assert "Keep the screen on for professionals" in (await chair.get(f"/meetings/{meeting_id}")).text
    await add_item(teacher, meeting_id, SECRET)
    assert (await teacher.post(f"/meetings/{meeting_id}/screen/professionals", {"keep": "1"})).status_code == 403
    assert (await chair.post(f"/meetings/{meeting_id}/screen/professionals", {"keep": "yes"})).status_code == 400
    sent = await screen_bytes(chair, meeting_id)
    assert SECRET not in sent and "paused for a short private discussion" in sent  # paused, as before

    r = await chair.post(f"/meetings/{meeting_id}/screen/professionals", {"keep": "1"})
    assert r.status_code == 200 and r.text == "The shared screen stays on for professionals."
    sent = await screen_bytes(chair, meeting_id)
    assert SECRET in sent and "Said before the pause" in sent and "for professionals" in sent
    assert "paused for a short private discussion" not in sent
    for family in ((await mum.get(f"/meetings/{meeting_id}")).text,
                   (await mum.get(f"/meetings/{meeting_id}/updates?since=0")).text):
        assert SECRET not in family and "Said before the pause" not in family  # the family still gets nothing

    await chair.post(f"/meetings/{meeting_id}/screen/professionals", {"keep": "0"})
    assert SECRET not in await screen_bytes(chair, meeting_id)
    await chair.post(f"/meetings/{meeting_id}/screen/professionals", {"keep": "1"})
    await chair.post(f"/meetings/{meeting_id}/private/end")  # the screen goes back to what everyone may see
    sent = await screen_bytes(chair, meeting_id)
    assert SECRET not in sent and "Said before the pause" in sent
    meeting_row = (await app.state.mr.boards.board(meeting_id)).meeting
    assert not meeting_row.screen_for_professionals  # the next private discussion starts paused again
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "kept the shared screen on for professionals" in history
