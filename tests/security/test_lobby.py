"""A join code only gets someone into the waiting room: nobody there is sent anything of the
meeting, over HTTP or the live socket, and nothing they hold from before admission is any use."""

from __future__ import annotations

import pytest

from meeting_room.store.db import Database
from tests.helpers import Person, add_item, admit_and_enter, join, waiting_id
from tests.live.client import LiveClient
from tests.security.conftest import SECRET_ITEM, SECRET_QUESTION
from tests.security.crawl import database_state, gets, not_a_token_refusal, posts


async def test_lobby_sees_nothing_and_cannot_write(app, meeting):
    chair, _, meeting_id, code = meeting
    await add_item(chair, meeting_id, "Only for people let in")
    waiting = Person.in_process(app)
    await join(waiting, code, "Wendy", "friend")
    page = await waiting.get(f"/meetings/{meeting_id}")
    assert "Only for people let in" not in page.text and "waiting for the chair" in page.text
    r = await waiting.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "from the lobby"})
    assert r.status_code == 403
    r = await waiting.post(f"/meetings/{meeting_id}/enter")
    assert r.status_code == 403
    await waiting.close()


async def test_a_cookie_copied_in_the_lobby_is_useless_after_admission(app, meeting):
    chair, _, meeting_id, code = meeting
    phone = Person.in_process(app)
    await join(phone, code, "Gran", "grandparent")
    copied = phone.client.cookies.get("mr_p")
    await admit_and_enter(chair, phone, meeting_id, "Gran")
    thief = Person.in_process(app)
    r = await thief.client.get(f"/meetings/{meeting_id}", headers={"cookie": f"mr_p={copied}"})
    assert r.status_code == 403 and "What are we worried about?" not in r.text
    await phone.close()
    await thief.close()


async def test_turned_away_person_cannot_get_in(app, meeting):
    chair, _, meeting_id, code = meeting
    phone = Person.in_process(app)
    await join(phone, code, "Tom", "friend")
    pid = await waiting_id(chair, meeting_id, "Tom")
    assert (await chair.post(f"/meetings/{meeting_id}/people/{pid}/turn-away")).status_code == 204
    page = await phone.get(f"/meetings/{meeting_id}")
    assert page.status_code == 403
    await phone.close()



async def _in_the_lobby(app, chair, meeting_id, code):
    """Someone waiting, someone let in who has not come through the door, someone turned away."""
    people = {}
    for name in ("Wendy", "Adam", "Tom"):
        people[name] = Person.in_process(app)
        await join(people[name], code, name, "friend")
    for name, action in (("Adam", "admit"), ("Tom", "turn-away")):
        pid = await waiting_id(chair, meeting_id, name)
        assert (await chair.post(f"/meetings/{meeting_id}/people/{pid}/{action}")).status_code == 204
    return people


async def test_nobody_in_the_lobby_reads_or_changes_anything(app, busy_meeting, database_url):
    chair, _, ids, code = busy_meeting
    people = await _in_the_lobby(app, chair, ids["meeting_id"], code)
    db = Database(database_url)
    try:
        before = await database_state(db)
        for name, person in people.items():
            for template, url in gets(ids):
                r = await person.get(url)
                for secret in (SECRET_ITEM, SECRET_QUESTION, "Dana"):
                    assert secret not in r.text, (name, template, secret)
            for template, url, form in posts(ids):
                if name == "Adam" and template.endswith("/enter"):
                    continue  # let in: going through the door is his to do
                r = await person.post(url, form)
                refused = 404 if template.endswith("/i/{secret}") else 403  # a link that is not one: "no longer works"
                assert r.status_code == refused and not_a_token_refusal(r), (name, template, r.status_code)
        assert await database_state(db) == before
    finally:
        await db.dispose()
        for person in people.values():
            await person.close()


@pytest.mark.live
async def test_the_lobby_socket_is_sent_nothing_of_the_meeting(live_server, live_meeting):
    chair, mum, meeting_id, code = live_meeting
    wendy = Person.live(live_server)
    await join(wendy, code, "Wendy", "friend")
    lobby = await LiveClient(live_server, wendy, meeting_id).connect()
    await lobby.wait_for(lambda: "waiting for the chair" in lobby.raw(), what="the lobby status")
    await add_item(mum, meeting_id, SECRET_ITEM)
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": SECRET_QUESTION, "ten": "T", "zero": "Z"})
    assert r.status_code == 200
    # Letting her in is the last change, and the socket is ordered: all it was ever sent about the
    # item and the scale has arrived once it hears it may go in.
    await chair.post(f"/meetings/{meeting_id}/people/{await waiting_id(chair, meeting_id, 'Wendy')}/admit")
    await lobby.wait_for(lambda: "/enter" in lobby.raw(), what="the go-in step")
    for secret in (SECRET_ITEM, SECRET_QUESTION, "Dana", "What are we worried about?"):
        assert secret not in lobby.raw(), secret
    await lobby.close()
    await wendy.close()
