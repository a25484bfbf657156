"""Bad input gets a clear 4xx and changes nothing — never a 500."""

from __future__ import annotations

import re

from tests.helpers import Person, add_item


async def snapshot(app, meeting_id):
    board = await app.state.mr.boards.board(meeting_id)
    return (board.seq, [(i.text, i.column, i.section, i.version, i.removed) for i in board.items + board.removed_items],
            [(p.name, p.status) for p in board.participants])


def readable(r, status):
    assert r.status_code == status, (r.status_code, r.text[:300])
    assert "Traceback" not in r.text and "sqlalchemy" not in r.text.lower()
    assert len(r.text.strip()) > 10  # a message a person can read


async def test_bad_item_input_changes_nothing(app, meeting):
    _, mum, meeting_id, _ = meeting
    before = await snapshot(app, meeting_id)
    cases = [
        ({"column": "worries", "section": "harm", "text": ""}, 400),
        ({"column": "worries", "section": "harm", "text": "   \n  "}, 400),
        ({"column": "worries", "section": "harm", "text": "x" * 1001}, 400),
        ({"column": "worries", "section": "harm", "text": "nul\x00byte"}, 400),
        ({"column": "nowhere", "section": "harm", "text": "hello"}, 400),
        ({"column": "worries", "section": "strengths", "text": "wrong section"}, 400),
        ({"text": "no column"}, 400),
    ]
    for data, status in cases:
        r = await mum.post(f"/meetings/{meeting_id}/items", data)
        readable(r, status)
    assert await snapshot(app, meeting_id) == before


async def test_a_failed_save_keeps_the_text_in_the_box(app, meeting):
    _, mum, meeting_id, _ = meeting
    r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "section": "harm",
                                                           "text": "keep me " + "x" * 1000})
    assert r.status_code == 400
    assert "keep me" in r.text and "too long" in r.text and 'id="add-worries"' in r.text


async def test_oversized_bodies_and_too_many_fields(app, meeting):
    _, mum, meeting_id, _ = meeting
    before = await snapshot(app, meeting_id)
    r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "x" * 70_000})
    readable(r, 413)
    r = await mum.post(f"/meetings/{meeting_id}/items", {f"f{i}": "1" for i in range(2000)})
    assert r.status_code in (400, 413)
    many = "&".join(f"f{i}=1" for i in range(100)) + "&column=worries&text=hi"
    r = await mum.client.post(f"/meetings/{meeting_id}/items", content=many.encode(),
                              headers={"content-type": "application/x-www-form-urlencoded",
                                       "x-csrf-token": mum.csrf, "hx-request": "true"})
    readable(r, 400)
    assert await snapshot(app, meeting_id) == before


async def test_invalid_utf8_and_files_and_broken_multipart(app, meeting):
    _, mum, meeting_id, _ = meeting
    before = await snapshot(app, meeting_id)
    headers = {"x-csrf-token": mum.csrf, "hx-request": "true"}
    r = await mum.client.post(f"/meetings/{meeting_id}/items", content=b"column=worries&section=harm&text=%ff%fe\xff",
                              headers={**headers, "content-type": "application/x-www-form-urlencoded"})
    assert r.status_code in (200, 400)  # replaced characters are harmless text; never a 500
    before = await snapshot(app, meeting_id)
    r = await mum.client.post(f"/meetings/{meeting_id}/items", data={"column": "worries", "text": "f"},
                              files={"upload": ("a.txt", b"hello")}, headers=headers)
    readable(r, 400)
    r = await mum.client.post(f"/meetings/{meeting_id}/items", content=b"--xx\r\nbroken",
                              headers={**headers, "content-type": "multipart/form-data; boundary=xx"})
    readable(r, 400)
    r = await mum.client.post(f"/meetings/{meeting_id}/items", content=b"{}",
                              headers={**headers, "content-type": "application/json"})
    assert r.status_code in (400, 403)
    assert await snapshot(app, meeting_id) == before


async def test_bad_numbers_dates_and_names(app, meeting):
    chair, mum, meeting_id, code = meeting
    await add_item(mum, meeting_id, "Mine")
    item = (await app.state.mr.boards.board(meeting_id)).items[0]
    before = await snapshot(app, meeting_id)
    for version in ("", "abc", "1e999", "99999999999999999999999999", "-1"):
        r = await mum.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": "changed", "version": version})
        assert r.status_code in (400, 409), version
    r = await chair.post(f"/meetings/{meeting_id}/items/{item.id}/move", {"place": "nowhere:at-all"})
    readable(r, 400)
    r = await chair.post(f"/meetings/{meeting_id}/items/{item.id}/sideways")
    readable(r, 400)
    r = await chair.post(f"/meetings/{meeting_id}/items/no-such-item/remove")
    readable(r, 404)
    r = await chair.post(f"/meetings/{meeting_id}/joining", {"open": "maybe"})
    readable(r, 400)
    assert await snapshot(app, meeting_id) == before

    for date in ("2026-02-30", "not a date", "99999-01-01", "1200-01-01"):
        await chair.get("/meetings/new")
        r = await chair.post("/meetings", {"title": "T", "family_name": "F", "kind": "review", "held_on": date},
                             htmx=False)
        readable(r, 400)
    r = await chair.post("/meetings", {"title": "T", "family_name": "F", "kind": "party", "held_on": "2026-01-01"},
                         htmx=False)
    readable(r, 400)
    visitor = Person.in_process(app)
    for name, connection in (("", "mum"), ("x" * 61, "mum"), ("Bo", "astronaut"), ("Pat", "professional")):
        r = await visitor.post(f"/join/{code}", {"name": name, "connection": connection}, htmx=False, token=False)
        readable(r, 400)
    assert await snapshot(app, meeting_id) == before
    await visitor.close()


async def test_edit_conflict_keeps_both_texts(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await add_item(mum, meeting_id, "First words")
    item = (await app.state.mr.boards.board(meeting_id)).items[0]
    r = await chair.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": "Chair's words", "version": "1"})
    assert r.status_code == 200
    r = await mum.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": "Mum's draft", "version": "1"})
    assert r.status_code == 409
    assert "changed while you were editing" in r.text
    assert "Chair&#39;s words" in r.text and "Mum&#39;s draft" in r.text
    assert 'name="version" value="2"' in r.text
    r = await mum.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": "Mum's draft", "version": "2"})
    assert r.status_code == 200
    board = await app.state.mr.boards.board(meeting_id)
    assert board.items[0].text == "Mum's draft"
    history = [e.kind.name for e in await app.state.mr.meetings.history(meeting_id)]
    assert history.count("item.edited") == 2


async def test_double_taps_are_applied_once(app, meeting):
    _, mum, meeting_id, _ = meeting
    for _ in range(3):
        r = await add_item(mum, meeting_id, "Tapped twice", client_token="tap-123")
        assert r.status_code == 200
    texts = [i.text for i in (await app.state.mr.boards.board(meeting_id)).items]
    assert texts == ["Tapped twice"]


async def test_every_change_is_in_the_history_with_before_and_after(app, meeting):
    chair, mum, meeting_id, _ = meeting
    await add_item(mum, meeting_id, "One")
    item = (await app.state.mr.boards.board(meeting_id)).items[0]
    await chair.post(f"/meetings/{meeting_id}/items/{item.id}", {"text": "Two", "version": "1"})
    await chair.post(f"/meetings/{meeting_id}/items/{item.id}/remove")
    await chair.post(f"/meetings/{meeting_id}/items/{item.id}/restore")
    events = await app.state.mr.meetings.history(meeting_id)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    kinds = [e.kind.name for e in events]
    assert kinds[0] == "meeting.created"
    assert kinds[-4:] == ["item.added", "item.edited", "item.removed", "item.restored"]
    assert events[-3].data["before"] == "One" and events[-3].data["after"] == "Two"
    page = await chair.get(f"/meetings/{meeting_id}/history")
    assert page.status_code == 200
    # Plain sentences, with who, when, and both texts of a change; no event codes, no JSON.
    text = " ".join(page.text.split())
    assert "item.edited" not in text and "{" not in text.split("<main", 1)[1]
    assert "Dana (Mum)</span> added to What are we worried about? (Harm): “One”" in text
    assert "Chris Chair (Chair)</span> changed an item in What are we worried about?" in text
    assert "<dt>Before</dt><dd>One</dd>" in text and "<dt>After</dt><dd>Two</dd>" in text
    assert "removed from What are we worried about?: “Two”" in text and "put back in" in text
    assert re.search(r'<span class="when">[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}, \d\d:\d\d (GMT|BST)</span>', text)  # the zone named (issue 23)
