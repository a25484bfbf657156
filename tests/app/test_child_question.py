"""'What is it like for the child?' on the shared screen, and the record opening with the
child's view."""

from __future__ import annotations

import io

import pytest

from tests.app.test_child_answers import room  # noqa: F401  (the fixture)
from tests.helpers import add_item


async def test_the_chair_asks_what_it_is_like_for_the_child(app, room):  # noqa: F811
    chair, mum, child, pro, meeting_id = room
    await child.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "I hear shouting at night"})
    await add_item(chair, meeting_id, "Mia misses Grandad", column="working", section="strengths",
                   recorded_for="Alex", own_words="1")
    r = await add_item(chair, meeting_id, "Private child words", recorded_for="Alex", own_words="1")
    board = await app.state.mr.boards.board(meeting_id)
    private = next(i for i in board.items if i.text == "Private child words")
    await chair.post(f"/meetings/{meeting_id}/items/{private.id}/visibility/professionals")
    assert "What is it like for the child?</button>" in (await chair.get(f"/meetings/{meeting_id}")).text
    assert (await mum.post(f"/meetings/{meeting_id}/child-question/on")).status_code == 403
    assert (await chair.post(f"/meetings/{meeting_id}/child-question/on")).status_code == 204
    for screen in ((await chair.get(f"/meetings/{meeting_id}/screen")).text,
                   (await chair.get(f"/meetings/{meeting_id}/updates?since=0&view=screen")).text):
        assert "What is it like for the child?</h2>" in screen
        quoted = screen.split("What is it like for the child?</h2>", 1)[1].split("</ul>", 1)[0]
        assert "I hear shouting at night" in quoted and "Mia misses Grandad" in quoted
        assert "Jayden's words" in quoted and "Alex's words" in quoted and "Private child words" not in screen
    assert "Show the columns</button>" in (await chair.get(f"/meetings/{meeting_id}")).text
    assert (await chair.post(f"/meetings/{meeting_id}/child-question/off")).status_code == 204
    assert "What is it like for the child?</h2>" not in (await chair.get(f"/meetings/{meeting_id}/screen")).text
    assert r.status_code == 200


async def test_the_record_opens_with_the_childs_view(app, room):  # noqa: F811
    chair, mum, child, pro, meeting_id = room
    await child.post(f"/meetings/{meeting_id}/items", {"column": "next", "text": "I want to live with Mum"})
    r = await add_item(chair, meeting_id, "Hidden words", recorded_for="Alex", own_words="1")
    assert r.status_code == 200
    board = await app.state.mr.boards.board(meeting_id)
    hidden = next(i for i in board.items if i.text == "Hidden words")
    await chair.post(f"/meetings/{meeting_id}/items/{hidden.id}/visibility/professionals")
    page = (await mum.get(f"/meetings/{meeting_id}/record")).text
    # The family's copy opens with its letter ("What happens next"), then the child's view, before
    # everything else; the full record opens with the child's view.
    names = [h.split(">", 1)[1].split("<", 1)[0].replace("&#39;", "'") for h in page.split("<h2")[1:]]
    assert names[0] == "What happens next" and names.index("The child's view") < names.index("Who came")
    full = (await chair.get(f"/meetings/{meeting_id}/record")).text
    assert full.split("<h2", 1)[1].split(">", 1)[1].replace("&#39;", "'").startswith("The child's view")
    child_part = page.split("view</h2>", 1)[1].split("<h2", 1)[0]
    assert "House of Dreams" in child_part and "“I want to live with Mum”" in child_part
    assert "Jayden's words" in child_part and "Hidden words" not in page
    assert "Hidden words" in (await chair.get(f"/meetings/{meeting_id}/record")).text
    data = (await mum.get(f"/meetings/{meeting_id}/record.json")).json()
    assert data["childs_view"] == [{"child": "Jayden", "house": "House of Dreams", "words": "I want to live with Mum"}]
    pypdf = pytest.importorskip("pypdf")
    r = await mum.get(f"/meetings/{meeting_id}/record.pdf")
    if r.status_code == 503:
        pytest.skip("no PDF maker on this machine")
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(r.content)).pages).split())
    assert "The child's view" in text and "I want to live with Mum" in text and "Hidden words" not in text


async def test_the_childs_view_in_the_record_holds_the_childrens_scales(app, room):  # noqa: F811
    from jsonschema import Draft202012Validator

    from tests.app.test_closing import SCHEMA
    chair, mum, child, pro, meeting_id = room
    await chair.post(f"/meetings/{meeting_id}/scales", {"question": "How happy are you at school?", "ten": "Very",
                                                        "zero": "Not at all", "for_children": "1"})
    scale = (await app.state.mr.boards.board(meeting_id)).current_scale
    await child.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": "8", "reason": "I like art"})
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer",
                     {"value": "3", "reason": "Alex finds school hard", "on_behalf": "Alex"})
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    family = (await mum.get(f"/meetings/{meeting_id}/record")).text
    part = family.split("view</h2>", 1)[1].split("<h2", 1)[0]
    assert "The children were asked: How happy are you at school?" in part and "8, a child" in part
    assert "3, a child" in part
    assert "Jayden" not in part and "I like art" not in family and "school hard" not in family
    full = (await chair.get(f"/meetings/{meeting_id}/record")).text.split("view</h2>", 1)[1].split("<h2", 1)[0]
    assert "8, Jayden: “I like art”" in full
    data = (await mum.get(f"/meetings/{meeting_id}/record.json")).json()
    assert data["scales"][0]["for_children"] is True
    assert [e.message for e in Draft202012Validator(SCHEMA).iter_errors(data)] == []
