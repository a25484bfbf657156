"""Each meeting is its own: people of meeting A can never read or change anything of meeting B
(by guessing its ids, over any address), members can never make the chair's changes, and extra
form fields are ignored. Checked over HTTP and in the domain, where the rules live."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from meeting_room.core import rules
from meeting_room.core.errors import NotAllowed, NotFound
from meeting_room.store.db import Database
from tests.helpers import (
    Person,
    add_item,
    admit_and_enter,
    join,
    new_meeting,
    participant_id,
    signed_in_chair,
    waiting_id,
)
from tests.security.conftest import SECRET_ITEM, SECRET_QUESTION
from tests.security.crawl import (
    CHAIR_POSTS,
    POSTS,
    database_state,
    gets,
    not_a_token_refusal,
    posts,
    routes_of,
)


async def item_texts(app, meeting_id):
    board = await app.state.mr.boards.board(meeting_id)
    return [i.text for i in board.items]


async def another_meeting(app, database_url):
    """Meeting B: its chair, Bea (let in), its id and its item's id."""
    chair_b, bea = Person.in_process(app), Person.in_process(app)
    await signed_in_chair(chair_b, database_url, email="other@example.org")
    meeting_b, code_b = await new_meeting(chair_b, title="Another family")
    await join(bea, code_b, "Bea", "mum")
    await admit_and_enter(chair_b, bea, meeting_b, "Bea")
    await add_item(chair_b, meeting_b, "Secret of another family")
    return chair_b, bea, meeting_b


async def test_participants_cannot_call_chair_actions(app, meeting):
    chair, mum, meeting_id, code = meeting
    await add_item(chair, meeting_id, "Chair's item")
    board = await app.state.mr.boards.board(meeting_id)
    item = board.items[0]
    me = next(p for p in board.participants if p.name == "Dana")
    other = Person.in_process(app)
    await join(other, code, "Stranger", "friend")
    stranger = await waiting_id(chair, meeting_id, "Stranger")
    for url, data in [
        (f"/meetings/{meeting_id}/people/{stranger}/admit", {}),
        (f"/meetings/{meeting_id}/people/{stranger}/turn-away", {}),
        (f"/meetings/{meeting_id}/people/{me.id}/remove", {}),
        (f"/meetings/{meeting_id}/items/{item.id}/remove", {}),
        (f"/meetings/{meeting_id}/items/{item.id}/up", {}),
        (f"/meetings/{meeting_id}/items/{item.id}/move", {"place": "next:steps"}),
        (f"/meetings/{meeting_id}/items/{item.id}", {"text": "hijacked", "version": str(item.version)}),
        (f"/meetings/{meeting_id}/joining", {"open": "0"}),
        (f"/meetings/{meeting_id}/items", {"column": "worries", "text": "for someone", "recorded_for": "Grandad"}),
    ]:
        r = await mum.post(url, data)
        assert r.status_code == 403, url
    after = await app.state.mr.boards.board(meeting_id)
    assert [i.text for i in after.items] == ["Chair's item"] and not after.removed_items
    assert after.participant(stranger).status == "waiting"
    assert after.meeting.joining_open
    assert (await mum.get(f"/meetings/{meeting_id}/history")).status_code == 403
    assert (await mum.get(f"/meetings/{meeting_id}/screen")).status_code == 403
    await other.close()


async def test_extra_fields_are_ignored(app, meeting):
    _, mum, meeting_id, _ = meeting
    r = await mum.post(f"/meetings/{meeting_id}/items", {
        "column": "worries", "section": "harm", "text": "Mine", "role": "chair", "meeting_id": "other",
        "author_id": "someone", "author": "Chair", "recorded_for": ""})
    assert r.status_code == 200
    board = await app.state.mr.boards.board(meeting_id)
    item = board.items[0]
    assert board.participant(item.author_id).name == "Dana" and item.recorded_for is None


async def test_people_cannot_reach_another_meeting(app, database_url, meeting):
    chair, mum, meeting_id, _ = meeting
    other_chair = Person.in_process(app)
    await signed_in_chair(other_chair, database_url, email="other@example.org")
    other_id, other_code = await new_meeting(other_chair, title="Another family")
    await add_item(other_chair, other_id, "Secret of another family")
    mum_cookie = {"cookie": f"mr_p={mum.client.cookies.get('mr_p')}"}
    r = await mum.client.get(f"/meetings/{other_id}", headers=mum_cookie)
    assert r.status_code == 403 and "Secret of another family" not in r.text
    r = await mum.client.post(f"/meetings/{other_id}/items", headers={**mum_cookie, "x-csrf-token": mum.csrf},
                              data={"column": "worries", "text": "sneaky"})
    assert r.status_code == 403
    # Another chair cannot open this meeting, its screen or its history.
    for url in (f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/screen", f"/meetings/{meeting_id}/history"):
        assert (await other_chair.get(url)).status_code == 403
    r = await other_chair.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "x"})
    assert r.status_code == 403
    # Items of meeting B cannot be edited through meeting A's address.
    board_b = await app.state.mr.boards.board(other_id)
    item_b = board_b.items[0]
    r = await chair.post(f"/meetings/{meeting_id}/items/{item_b.id}/remove")
    assert r.status_code == 404
    r = await chair.post(f"/meetings/{meeting_id}/items/{item_b.id}", {"text": "changed", "version": "1"})
    assert r.status_code == 404
    assert [i.text for i in (await app.state.mr.boards.board(other_id)).items] == ["Secret of another family"]
    await other_chair.close()


async def test_members_see_whose_item_and_can_edit_only_their_own(app, meeting):
    chair, mum, meeting_id, code = meeting
    await add_item(chair, meeting_id, "Chair wrote this")
    await add_item(mum, meeting_id, "Mum wrote this")
    board = await app.state.mr.boards.board(meeting_id)
    chairs = next(i for i in board.items if i.text == "Chair wrote this")
    mums = next(i for i in board.items if i.text == "Mum wrote this")
    assert (await mum.get(f"/meetings/{meeting_id}/items/{chairs.id}/edit")).status_code == 403
    r = await mum.post(f"/meetings/{meeting_id}/items/{chairs.id}", {"text": "mine now", "version": "1"})
    assert r.status_code == 403
    form = await mum.get(f"/meetings/{meeting_id}/items/{mums.id}/edit")
    assert form.status_code == 200 and "Change this item" in form.text
    r = await mum.post(f"/meetings/{meeting_id}/items/{mums.id}", {"text": "Mum wrote this, then changed it",
                                                                    "version": "1"})
    assert r.status_code == 200
    r = await chair.post(f"/meetings/{meeting_id}/items/{mums.id}", {"text": "Chair tidied it", "version": "2"})
    assert r.status_code == 200
    texts = await item_texts(app, meeting_id)
    assert "Chair tidied it" in texts and "Chair wrote this" in texts
    assert await participant_id(mum, meeting_id) == mums.author_id



async def test_no_member_can_make_any_of_the_chair_s_changes(app, busy_meeting, database_url):
    chair, mum, ids, _ = busy_meeting
    assert routes_of(app, "POST") == set(POSTS), "a new change: add it to tests/security/crawl.py"
    teacher = Person.in_process(app)
    await join(teacher, (await app.state.mr.boards.board(ids["meeting_id"])).meeting.join_code, "Ms Patel",
               "professional", agency="school")
    await admit_and_enter(chair, teacher, ids["meeting_id"], "Ms Patel")
    db = Database(database_url)
    try:
        before = await database_state(db)
        for person in (mum, teacher):
            for template, url, form in posts(ids, CHAIR_POSTS):
                r = await person.post(url, form)
                assert r.status_code == 403 and not_a_token_refusal(r), (template, r.status_code, r.text[:100])
        assert await database_state(db) == before
    finally:
        await db.dispose()
        await teacher.close()


async def test_nobody_of_another_meeting_reads_or_changes_anything_here(app, busy_meeting, database_url):
    """Bea (let in to meeting B) and B's chair try every address of meeting A with their own
    cookies and form tokens: nothing of A is shown to them, nothing of A changes."""
    _, _, ids, _ = busy_meeting
    chair_b, bea, _ = await another_meeting(app, database_url)
    bea_cookie = {"cookie": f"mr_p={bea.client.cookies.get('mr_p')}"}
    db = Database(database_url)
    try:
        before = await database_state(db)
        for person, headers in ((bea, bea_cookie), (chair_b, {})):
            for template, url in gets(ids):
                r = await person.get(url, headers=headers)
                for secret in (SECRET_ITEM, SECRET_QUESTION, "Dana"):
                    assert secret not in r.text, (template, secret)
            for template, url, form in posts(ids):
                r = await person.post(url, form, headers=headers)
                assert r.status_code in (403, 404) and not_a_token_refusal(r), (template, r.status_code)
        assert await database_state(db) == before
    finally:
        await db.dispose()
        await chair_b.close()
        await bea.close()


async def test_ids_of_another_meeting_do_nothing_through_this_one(app, busy_meeting, database_url):
    """This meeting's chair names meeting B's item, person and scale in every change of theirs."""
    chair, _, ids, _ = busy_meeting
    chair_b, bea, meeting_b = await another_meeting(app, database_url)
    await chair_b.post(f"/meetings/{meeting_b}/scales", {"question": "B's question", "ten": "T", "zero": "Z"})
    board_b = await app.state.mr.boards.board(meeting_b)
    visitor = Person.in_process(app)
    await join(visitor, board_b.meeting.join_code, "Val", "friend")
    ids_b = {**ids, "item_id": board_b.items[0].id, "scale_id": board_b.current_scale.id,
             "participant_id": await waiting_id(chair_b, meeting_b, "Val")}
    guessing = {t for t in POSTS if "{item_id}" in t or "{scale_id}" in t or "{participant_id}" in t}
    db = Database(database_url)
    try:
        before = await database_state(db)
        for template, url, form in posts(ids_b, guessing):
            r = await chair.post(url, form)
            assert r.status_code == 404, (template, r.status_code, r.text[:100])
        r = await chair.get(f"/meetings/{ids['meeting_id']}/items/{ids_b['item_id']}/edit")
        assert r.status_code == 404 and "Secret of another family" not in r.text
        assert await database_state(db) == before
    finally:
        await db.dispose()
        for person in (chair_b, bea, visitor):
            await person.close()


async def test_the_domain_itself_refuses_other_meetings_people_and_members_acting_as_chair(app, busy_meeting,
                                                                                         database_url):
    """The rules hold below the web layer too: a handler that forgot to check could not break them."""
    chair, mum, ids, _ = busy_meeting
    state, meeting_id, mum_id = app.state.mr, ids["meeting_id"], ids["mum_id"]
    chair_b, bea, meeting_b = await another_meeting(app, database_url)
    bea_id, chair_b_id = await participant_id(bea, meeting_b), await participant_id(chair_b, meeting_b)
    for stranger in (bea_id, chair_b_id):
        with pytest.raises(NotFound):
            await state.items.add(meeting_id, stranger, column="worries", section="harm", text="From B")
        with pytest.raises(NotFound):
            await state.meetings.set_joining(meeting_id, stranger, False)
    chair_changes = [state.meetings.set_joining(meeting_id, mum_id, False),
                     state.people.admit(meeting_id, mum_id, ids["participant_id"]),
                     state.items.remove(meeting_id, mum_id, ids["item_id"]),
                     state.scales.reveal(meeting_id, mum_id, ids["scale_id"]),
                     state.private.start(meeting_id, mum_id),
                     state.decisions.close(meeting_id, mum_id)]
    for change in chair_changes:
        with pytest.raises(NotAllowed):
            await change
    with pytest.raises(NotAllowed):  # still waiting: not a member yet
        await state.items.add(meeting_id, ids["participant_id"], column="worries", section="harm", text="Early")
    board = await state.boards.board(meeting_id)
    assert board.meeting.status == "open" and board.meeting.joining_open and not board.meeting.private
    assert [i.text for i in board.items] == [SECRET_ITEM]
    await chair_b.close()
    await bea.close()


def test_the_chair_of_another_meeting_is_not_the_chair_here():
    meeting = SimpleNamespace(actor_status="admitted", status="open", chair_id="user-a")
    rules.chair(meeting, rules.Actor("p1", "chair", "user-a"))
    with pytest.raises(NotAllowed):
        rules.chair(meeting, rules.Actor("p2", "chair", "user-b"))
    with pytest.raises(NotAllowed):
        rules.chair(meeting, rules.Actor("p3", "family", None))


async def test_extra_fields_when_joining_are_ignored(app, meeting, database_url):
    chair, _, meeting_id, code = meeting
    chair_b, bea, meeting_b = await another_meeting(app, database_url)
    sneaky = Person.in_process(app)
    r = await sneaky.post(f"/join/{code}", {"name": "Sid", "connection": "friend", "role": "chair",
                                            "status": "admitted", "meeting_id": meeting_b, "user_id": "x"},
                          htmx=False, token=False)
    assert r.status_code == 303 and r.headers["location"] == f"/meetings/{meeting_id}"
    sid = next(p for p in (await app.state.mr.boards.board(meeting_id)).participants if p.name == "Sid")
    assert (sid.role, sid.status, sid.user_id) == ("family", "waiting", None)
    assert "Sid" not in [p.name for p in (await app.state.mr.boards.board(meeting_b)).participants]
    for person in (chair_b, bea, sneaky):
        await person.close()
