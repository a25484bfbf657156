"""A room that works, on the server's side: family members write without choosing sections, the
chair's two answer forms each say what they saved, what waits for the chair is named, and the
confirmations say what will happen."""

from __future__ import annotations

from tests.app.test_scales import current_scale, open_scale
from tests.helpers import Person, add_item, join


async def test_a_family_member_writes_without_choosing_a_section_and_the_chair_files_it(app, meeting):
    chair, mum, meeting_id, _ = meeting
    page = (await mum.get(f"/meetings/{meeting_id}")).text
    assert 'name="section"' not in page and "Danger statements" in page  # read, never chosen
    assert "What we are worried could happen to the children if nothing changes." in page  # said plainly
    assert 'name="section"' in (await chair.get(f"/meetings/{meeting_id}")).text
    r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "Dad shouts at night"})
    assert r.status_code == 200 and 'name="section"' not in r.text  # her fresh form has no choice either
    item = (await app.state.mr.boards.board(meeting_id)).items[0]
    assert item.section is None
    chair_page = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "To sort" in chair_page and "Dad shouts at night" in chair_page
    r = await chair.post(f"/meetings/{meeting_id}/items/{item.id}/move", {"place": "worries:danger"})
    assert r.status_code in (200, 204)
    assert (await app.state.mr.boards.board(meeting_id)).items[0].section == "danger"
    await add_item(chair, meeting_id, "The school is worried", section="")  # a professional's goes to the first
    assert {i.section for i in (await app.state.mr.boards.board(meeting_id)).items} == {"danger", "harm"}


async def test_answering_for_someone_says_saved_there_not_under_the_chairs_own_answer(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer",
                         {"value": "5", "reason": "", "on_behalf": "Grandad"})
    assert r.status_code == 200
    own, theirs = r.text.split('class="for-someone"', 1)
    assert "Saved ✓" not in own and "Saved ✓" in theirs and "Their answer is recorded" in theirs
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": "7", "reason": ""})
    own, theirs = r.text.split('class="for-someone"', 1)
    assert "Saved ✓" in own and "Saved ✓" not in theirs


async def test_the_chair_is_told_who_waits_and_when_a_safety_talk_is_needed(app, meeting):
    chair, mum, meeting_id, code = meeting
    assert 'class="notice-line' not in (await chair.get(f"/meetings/{meeting_id}")).text
    dad = Person.in_process(app)
    await join(dad, code, "Mark", "dad")
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "<strong>Mark (Dad)</strong> is waiting to join." in page and 'href="#lobby"' in page
    assert 'data-confirm="Mark will be told they cannot join this meeting."' in page
    assert 'data-confirm="Dana will lose access to this meeting at once' in page
    kim = Person.in_process(app)
    await join(kim, code, "Kim", "friend")
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "<strong>2 people</strong> are waiting to join." in page
    await kim.close()
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    assert 'data-confirm="Nobody has answered yet.' in page
    await mum.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": "1", "reason": ""})
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    assert 'data-confirm="1 of 2 has not answered yet.' in page
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "Talk about the child's immediate safety now. <a href=\"#scale-panel\">" in page
    assert 'id="notices"' not in (await mum.get(f"/meetings/{meeting_id}")).text  # the chair's alone
    await dad.close()


async def test_jargon_gets_a_gentle_hint_for_its_writer_and_its_meaning_for_readers(app, meeting):
    chair, mum, meeting_id, _ = meeting
    r = await add_item(chair, meeting_id, "Alex was talked about at the MASH before the ICPC")
    assert r.status_code == 200
    assert "“MASH” may be new to the family. A plainer way to say it: the council" in r.text  # saved all the same
    page = (await mum.get(f"/meetings/{meeting_id}")).text
    assert '<span class="term">MASH</span>' in page and "What does “ICPC” mean?" in page
    assert "The first child protection meeting." in page
    assert "What does" not in (await chair.get(f"/meetings/{meeting_id}/screen")).text  # the room's screen keeps to the words
    r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "What is an ICPC?"})
    assert "may be new to the family" not in r.text  # a family member is never corrected
