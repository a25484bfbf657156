"""Scales in-process: private answers, the rules on votes, the reveal."""

from __future__ import annotations

import pytest

from tests.helpers import Person, admit_and_enter, join, meeting_with_mum


@pytest.fixture
async def meeting(app, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.in_process(app), database_url)
    teacher = Person.in_process(app)
    await join(teacher, code, "Ms Patel", "professional", agency="school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    yield chair, mum, teacher, meeting_id
    await teacher.close()


async def open_scale(chair, meeting_id, **fields):
    data = {"question": "How worried are we?", "ten": "Safe enough to close", "zero": "Cannot stay at home", **fields}
    r = await chair.post(f"/meetings/{meeting_id}/scales", data)
    assert r.status_code == 200, r.text


async def current_scale(app, meeting_id):
    return (await app.state.mr.boards.board(meeting_id)).current_scale


async def answer(person, meeting_id, scale_id, value, reason="", **extra):
    return await person.post(f"/meetings/{meeting_id}/scales/{scale_id}/answer",
                             {"value": value, "reason": reason, **extra})


async def test_open_answer_privately_and_reveal(app, meeting):
    chair, mum, teacher, meeting_id = meeting
    form = await chair.get(f"/meetings/{meeting_id}/scales/new")
    for name in ("Question", "What 10 means", "What 0 means", "Ask everyone"):
        assert name in form.text
    assert form.text.index("What 10 means") < form.text.index("What 0 means")
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    page = await mum.get(f"/meetings/{meeting_id}")
    assert "<legend>How worried are we?</legend>" in page.text and "Save my answer" in page.text
    assert "Why this number?" in page.text and "0 of 3 have answered" in page.text

    r = await answer(mum, meeting_id, scale.id, "3", "mum-reason-xyz")
    assert r.status_code == 200 and "Saved" in r.text
    r = await answer(mum, meeting_id, scale.id, "4", "mum-reason-xyz")  # changed her mind
    assert r.status_code == 200
    await answer(teacher, meeting_id, scale.id, "7", "teacher-reason-abc")
    # Nobody sees anyone else's answer before the reveal, not even the chair.
    for person, own in ((mum, "mum-reason"), (teacher, "teacher-reason"), (chair, None)):
        html = (await person.get(f"/meetings/{meeting_id}")).text
        assert "2 of 3 have answered" in html
        for other in ("mum-reason-xyz", "teacher-reason-abc"):
            if own is None or not other.startswith(own):
                assert other not in html
    screen = (await chair.get(f"/meetings/{meeting_id}/screen")).text
    assert "2 of 3 have answered" in screen and "reason" not in screen
    assert "Not answered yet: Chris Chair" in screen
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "mum-reason-xyz" not in history and "hidden until the answers are shown" in history

    r = await mum.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    assert r.status_code == 403
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    assert r.status_code == 204
    for person in (mum, teacher, chair):
        html = (await person.get(f"/meetings/{meeting_id}")).text
        assert "mum-reason-xyz" in html and "teacher-reason-abc" in html
        assert 'class="median">5.5<' in html
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "mum-reason-xyz" in history

    r = await answer(mum, meeting_id, scale.id, "9")
    assert r.status_code == 400 and "cannot change" in r.text
    assert (await current_scale(app, meeting_id)).result.everyone.median == 5.5


@pytest.mark.parametrize("value", ["11", "-1", "abc", "", "3.5", "1e1", "0x3", "99999999999999999999"])
async def test_bad_votes_change_nothing(app, meeting, value):
    chair, mum, _, meeting_id = meeting
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    seq = (await app.state.mr.boards.board(meeting_id)).seq
    r = await answer(mum, meeting_id, scale.id, value)
    assert r.status_code == 400 and "0 to 10" in r.text
    assert (await app.state.mr.boards.board(meeting_id)).seq == seq


async def test_votes_only_from_admitted_people_for_themselves(app, meeting):
    chair, mum, _, meeting_id = meeting
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    board = await app.state.mr.boards.board(meeting_id)
    code = board.meeting.join_code
    waiting = Person.in_process(app)
    await join(waiting, code, "Wendy", "friend")
    r = await answer(waiting, meeting_id, scale.id, "5")
    assert r.status_code == 403
    r = await answer(mum, meeting_id, scale.id, "5", on_behalf="Grandad")
    assert r.status_code == 403
    teacher_id = next(p.id for p in board.participants if p.name == "Ms Patel")
    r = await answer(mum, meeting_id, scale.id, "2", voter_id=teacher_id, participant_id=teacher_id)
    assert r.status_code == 200
    votes = await app.state.mr.scales.answers_by(meeting_id, scale.id, teacher_id)
    assert votes == []  # the extra fields were ignored: the answer is Mum's own
    assert (await current_scale(app, meeting_id)).not_answered == ["Chris Chair", "Ms Patel"]
    other_meeting_scale = await answer(mum, meeting_id, "no-such-scale", "5")
    assert other_meeting_scale.status_code == 404
    await waiting.close()


async def test_double_taps_count_once(app, meeting):
    chair, mum, _, meeting_id = meeting
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    for _ in range(3):
        assert (await answer(mum, meeting_id, scale.id, "6", "same")).status_code == 200
    history = await app.state.mr.meetings.history(meeting_id)
    assert [e.kind.name for e in history].count("scale.answered") == 1
    assert (await current_scale(app, meeting_id)).answered == 1


async def test_chair_answers_for_someone_without_a_device(app, meeting):
    chair, _, _, meeting_id = meeting
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    r = await answer(chair, meeting_id, scale.id, "2", "He worries about the nights", on_behalf="Grandad")
    assert r.status_code == 200 and "Recorded for: Grandad (2)" in r.text
    view = await current_scale(app, meeting_id)
    assert (view.answered, view.eligible) == (1, 4)
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    html = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "Grandad (recorded by the chair)" in html


async def test_one_open_scale_at_a_time_and_earlier_ones_kept_apart(app, meeting):
    chair, mum, _, meeting_id = meeting
    await open_scale(chair, meeting_id)
    first = await current_scale(app, meeting_id)
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": "Another?"})
    assert r.status_code == 400 and "still open" in r.text
    await answer(mum, meeting_id, first.id, "4")
    await chair.post(f"/meetings/{meeting_id}/scales/{first.id}/reveal")
    await open_scale(chair, meeting_id, question="How safe is Jo at school?", ten="Very safe", zero="Not safe")
    board = await app.state.mr.boards.board(meeting_id)
    assert board.current_scale.question == "How safe is Jo at school?"
    assert [s.question for s in board.earlier_scales] == ["How worried are we?"]
    html = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "Earlier scales (1)" in html


async def test_anonymity_can_tighten_but_never_loosen_after_answers(app, meeting):
    chair, mum, _, meeting_id = meeting
    await open_scale(chair, meeting_id, anonymous="1")
    scale = await current_scale(app, meeting_id)
    await answer(mum, meeting_id, scale.id, "3", "anon-reason")
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/anonymous", {"anonymous": "0"})
    assert r.status_code == 400 and "names stay hidden" in r.text
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    html = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "anon-reason" in html
    # One family answer on an anonymous scale: not even the group is shown, or it would be hers.
    assert 'class="who">Dana' not in html and "family or friend" not in html and 'class="who">someone</td>' in html
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    rows = [line for line in history.split("<li>") if "gave an answer" in line]
    assert rows and all("Dana" not in row and "anon-reason" not in row for row in rows)


async def test_named_scale_made_anonymous_hides_names(app, meeting):
    chair, mum, _, meeting_id = meeting
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    await answer(mum, meeting_id, scale.id, "3")
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/anonymous", {"anonymous": "1"})
    assert r.status_code == 204
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    assert all(a.name == "" for a in (await current_scale(app, meeting_id)).result.answers)


async def test_low_answers_prompt_the_chair_about_immediate_safety(app, meeting):
    chair, mum, _, meeting_id = meeting
    await open_scale(chair, meeting_id, safety_threshold="2")
    scale = await current_scale(app, meeting_id)
    await answer(mum, meeting_id, scale.id, "2")
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    chair_html = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "immediate safety now" in chair_html
    assert "immediate safety now" not in (await mum.get(f"/meetings/{meeting_id}")).text


async def test_follow_up_prompts_show_on_the_screen(app, meeting):
    chair, mum, _, meeting_id = meeting
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/prompt", {"prompt": "one_higher"})
    assert r.status_code == 400  # not before the reveal
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/prompt", {"prompt": "one_higher"})
    assert r.status_code == 204
    screen = (await chair.get(f"/meetings/{meeting_id}/screen")).text
    assert "What would one point higher look like?" in screen
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/prompt", {"prompt": "<script>"})
    assert r.status_code == 400
    r = await mum.post(f"/meetings/{meeting_id}/scales/{scale.id}/prompt", {"prompt": "safe_enough"})
    assert r.status_code == 403
