"""Issue 23, point 1: an agenda per meeting type, copied into the meeting; the chair moves on with
one press, back or skip; every view shows where the meeting is; the history says how long each
step took."""

from __future__ import annotations

import html

from meeting_room.core import agendas
from meeting_room.core.agendas import AGENDAS


async def meeting_row(app, meeting_id):
    return (await app.state.mr.boards.board(meeting_id)).meeting


async def test_the_agenda_is_copied_and_the_chair_moves_every_view_on(app, meeting, monkeypatch):
    chair, mum, meeting_id, _ = meeting
    steps = AGENDAS["review"]
    assert (await meeting_row(app, meeting_id)).agenda.split("\n") == list(steps)
    monkeypatch.setitem(agendas.AGENDAS, "review", ("Something else",))  # a new default: old meetings keep theirs
    board = html.unescape((await chair.get(f"/meetings/{meeting_id}")).text)
    assert f"Next: {steps[1]}</button>" in board and "Back to:" not in board
    assert f'aria-current="step" class="current">{steps[0]}<' in board
    phone = html.unescape((await mum.get(f"/meetings/{meeting_id}")).text)
    assert f"Step 1 of {len(steps)}: <strong>{steps[0]}</strong>" in phone and "Next:" not in phone
    assert f'<p class="purpose">{agendas.purpose_of("review")}</p>' in phone  # why we are here, once let in
    assert (await mum.post(f"/meetings/{meeting_id}/agenda/next?step=0")).status_code == 403

    assert (await chair.post(f"/meetings/{meeting_id}/agenda/next?step=0")).status_code == 204
    assert (await chair.post(f"/meetings/{meeting_id}/agenda/next?step=0")).status_code == 204  # a double press
    assert (await meeting_row(app, meeting_id)).agenda_step == 1
    assert (await chair.post(f"/meetings/{meeting_id}/agenda/skip?step=1")).status_code == 204
    assert (await meeting_row(app, meeting_id)).agenda_step == 3
    assert (await chair.post(f"/meetings/{meeting_id}/agenda/back?step=3")).status_code == 204
    assert (await meeting_row(app, meeting_id)).agenda_step == 2
    phone = html.unescape((await mum.get(f"/meetings/{meeting_id}")).text)
    assert f'aria-current="step" class="current">{steps[2]}<' in phone and 'class="purpose"' not in phone
    screen = html.unescape((await chair.get(f"/meetings/{meeting_id}/screen")).text)
    assert f'<strong aria-current="step">{steps[2]}</strong>' in screen and f"Next: {steps[3]}" in screen
    assert (await chair.post(f"/meetings/{meeting_id}/agenda/sideways?step=2")).status_code == 400
    history = html.unescape((await chair.get(f"/meetings/{meeting_id}/history")).text)
    assert f"moved the meeting on to “{steps[1]}” (“{steps[0]}” took under a minute)" in history
    assert f"moved the meeting on to “{steps[3]}” (“{steps[1]}” took under a minute)" in history
    assert f"moved the meeting on to “{steps[2]}”" in history


async def test_the_chair_changes_this_meeting_s_agenda(app, meeting):
    chair, mum, meeting_id, _ = meeting
    page = await chair.get(f"/meetings/{meeting_id}/agenda")
    assert "The steps of this meeting" in page.text
    await chair.post(f"/meetings/{meeting_id}/agenda/next?step=0")
    second = AGENDAS["review"][1]
    r = await chair.post(f"/meetings/{meeting_id}/agenda", {"steps": f"Welcome\n{second}\nA walk round the house\n"},
                         htmx=False)
    assert r.status_code == 200 and "The agenda is saved." in r.text
    row = await meeting_row(app, meeting_id)
    assert row.agenda == f"Welcome\n{second}\nA walk round the house" and row.agenda_step == 1
    r = await chair.post(f"/meetings/{meeting_id}/agenda", {"steps": "  \n"}, htmx=False)
    assert r.status_code == 400 and "at least one step" in r.text
    assert (await mum.post(f"/meetings/{meeting_id}/agenda", {"steps": "Mine"})).status_code == 403
    assert "Next: A walk round the house" in html.unescape((await chair.get(f"/meetings/{meeting_id}")).text)
