"""Small things people noticed: what the join pages say, and what an empty scale says."""

from __future__ import annotations

from tests.app.test_scales import current_scale, open_scale
from tests.helpers import Person, join


async def test_a_wrong_code_stays_in_the_box_so_a_typo_can_be_fixed(app):
    visitor = Person.in_process(app)
    r = await visitor.get("/join/ABCD2345")
    assert r.status_code == 404 and 'value="ABCD2345"' in r.text
    await visitor.close()


async def test_the_join_form_says_which_meeting_without_naming_the_child(app, meeting):
    chair, _, meeting_id, code = meeting
    visitor = Person.in_process(app)
    r = await visitor.get(f"/join/{code}")
    assert "You are joining the review" in r.text and "Tuesday 1 December" in r.text
    assert "Alex" not in r.text  # the title and the children's names wait for the chair's admission
    await visitor.close()


async def test_the_lobby_greets_by_name_whatever_the_news(app, meeting):
    chair, _, meeting_id, code = meeting
    visitor = Person.in_process(app)
    await join(visitor, code, "Mark", "friend")
    page = await visitor.get(f"/meetings/{meeting_id}")
    assert "Hello, Mark" in page.text and "Nearly there" not in page.text
    await visitor.close()


async def test_an_earlier_scale_nobody_answered_says_so(app, meeting):
    chair, _, meeting_id, _ = meeting
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/close")
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    assert "nobody answered" in page and "median none" not in page and "from – to –" not in page


async def test_removing_an_item_offers_undo_right_there(app, meeting):
    chair, mum, meeting_id, _ = meeting
    from tests.helpers import add_item
    assert (await add_item(mum, meeting_id, "Grandad helps every Sunday", column="working",
                           section="strengths")).status_code == 200
    item = (await app.state.mr.boards.board(meeting_id)).items[0]
    r = await chair.post(f"/meetings/{meeting_id}/items/{item.id}/remove")
    assert r.status_code == 200 and "Removed: “Grandad helps every Sunday”" in r.text
    assert f'hx-post="/meetings/{meeting_id}/items/{item.id}/restore"' in r.text and ">Undo</button>" in r.text
    assert not (await app.state.mr.boards.board(meeting_id)).items
    r = await chair.post(f"/meetings/{meeting_id}/items/{item.id}/restore")
    assert r.status_code == 200 and "Put back" in r.text
    assert [i.text for i in (await app.state.mr.boards.board(meeting_id)).items] == ["Grandad helps every Sunday"]


async def test_words_changed_by_the_chair_say_so_on_every_view(app, meeting):
    chair, mum, meeting_id, _ = meeting
    from tests.helpers import add_item
    await add_item(mum, meeting_id, "Dad drinks at weekends")
    item = (await app.state.mr.boards.board(meeting_id)).items[0]
    r = await mum.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": "Dad drinks at some weekends",
                                                                   "version": "1"})
    assert r.status_code in (200, 204)
    assert "changed by" not in (await mum.get(f"/meetings/{meeting_id}")).text  # her own words
    r = await chair.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": "Dad drinks most weekends",
                                                                     "version": "2"})
    assert r.status_code in (200, 204)
    for page in (await mum.get(f"/meetings/{meeting_id}"), await chair.get(f"/meetings/{meeting_id}"),
                 await chair.get(f"/meetings/{meeting_id}/screen")):
        assert "Dana (Mum) · <span class=\"changed\">changed by the chair</span>" in page.text
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    assert "Dad drinks at some weekends" in history and "Dad drinks most weekends" in history
