"""A child's words are kept exactly: marked "<first name>'s words" on every view, and nobody
else can change them (a plain 403, nothing changed, the attempt in the access audit); the chair
can still file them and hide them from family devices; the jargon hint never corrects a child."""

from __future__ import annotations

import pytest

from tests.app.test_child_answers import room  # noqa: F401  (the fixture)
from tests.helpers import add_item
from tests.security.test_audit import entries

WORDS = "When they shout I get scared for Mia"


async def item_by_text(app, meeting_id, text):
    board = await app.state.mr.boards.board(meeting_id)
    return next(i for i in board.items if i.text == text)


async def test_a_childs_words_are_marked_everywhere_and_kept_exactly(app, room, database_url):  # noqa: F811
    chair, mum, child, pro, meeting_id = room
    assert (await add_item(child, meeting_id, WORDS, section="")).status_code == 200
    item = await item_by_text(app, meeting_id, WORDS)
    assert item.child_words == "Jayden" and item.section is None  # unsorted, like any family member's
    pages = {"chair": (await chair.get(f"/meetings/{meeting_id}")).text,
             "mum": (await mum.get(f"/meetings/{meeting_id}")).text,
             "screen": (await chair.get(f"/meetings/{meeting_id}/screen")).text,
             "record": (await mum.get(f"/meetings/{meeting_id}/record")).text}
    for where, html in pages.items():
        assert "Jayden's words" in html, where
    assert "Edit the words" not in pages["chair"].split(f'id="item-{item.id}"', 1)[1].split("</li>", 1)[0]
    for person in (chair, pro, mum):
        r = await person.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": "Reworded", "version": "1"})
        assert r.status_code == 403, r.text
        assert "own words" in r.text and "nobody else can change them" in r.text
        assert (await person.get(f"/meetings/{meeting_id}/items/{item.id}/edit")).status_code == 403
    assert (await item_by_text(app, meeting_id, WORDS)).version == 1  # nothing changed
    refused = [e for e in await entries(database_url, meeting_id) if e.action == "refused_save_item"]
    assert {e.role for e in refused} == {"chair", "professional", "family"}
    # The child can change their own words.
    r = await child.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": WORDS + "!", "version": "1"})
    assert r.status_code in (200, 204), r.text
    r = await child.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": WORDS, "version": "2"})
    assert r.status_code in (200, 204), r.text
    # The chair may still file them, and hide them from family devices.
    assert (await chair.post(f"/meetings/{meeting_id}/items/{item.id}/move", {"place": "worries:harm"})).status_code == 204
    r = await chair.post(f"/meetings/{meeting_id}/items/{item.id}/visibility/professionals")
    assert r.status_code in (200, 204)
    assert WORDS not in (await mum.get(f"/meetings/{meeting_id}")).text
    moved = await item_by_text(app, meeting_id, WORDS)
    assert moved.section == "harm" and moved.professionals_only and moved.text == WORDS


async def test_the_chair_records_a_childs_own_words(app, room):  # noqa: F811
    chair, mum, child, pro, meeting_id = room
    r = await add_item(chair, meeting_id, "I like it at Nan's", column="working", section="strengths",
                       recorded_for="Alex", own_words="1")
    assert r.status_code == 200
    item = await item_by_text(app, meeting_id, "I like it at Nan's")
    assert item.child_words == "Alex" and item.section is None
    assert "Alex's words" in (await mum.get(f"/meetings/{meeting_id}")).text
    r = await chair.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": "Alex likes Nan", "version": "1"})
    assert r.status_code == 403
    record = (await chair.get(f"/meetings/{meeting_id}/record.json")).json()
    said = next(i for c in record["columns"] for i in c["items"] if i["text"] == "I like it at Nan's")
    assert said["childs_own_words"] == "Alex"
    r = await add_item(chair, meeting_id, "No name given", own_words="1")
    assert r.status_code == 400 and "child&#39;s name" in r.text


@pytest.mark.parametrize("text", ["I don't want a core group", "Mum has a safety plan"])
async def test_the_jargon_hint_never_corrects_a_child(app, room, text):  # noqa: F811
    chair, mum, child, pro, meeting_id = room
    await add_item(child, meeting_id, text, section="")
    item = await item_by_text(app, meeting_id, text)
    for person in (chair, pro):
        html = (await person.get(f"/meetings/{meeting_id}")).text
        mine = html.split(f'id="item-{item.id}"', 1)[1].split("</li>", 1)[0]
        assert 'class="term"' not in mine and "term-meaning" not in mine
    r = await add_item(chair, meeting_id, text, recorded_for="Alex", own_words="1")
    assert "may be new to the family" not in r.text
