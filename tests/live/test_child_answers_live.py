"""On raw socket frames: a child's answer reaches the shared screen and family phones as an
unnamed child mark without the child's reason (two children answered: with one, it would not be
there at all), after the reveal and after a reconnect; the chair's and a professional's sockets get
it named.""" 

from __future__ import annotations

import re

import pytest

from tests.app.test_child_answers import REASON
from tests.helpers import Person, add_item, admit_and_enter, join, meeting_with_mum
from tests.live.client import LiveClient

pytestmark = pytest.mark.live


async def test_socket_frames_never_put_a_childs_name_beside_the_answer(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    child, pro = Person.live(live_server), Person.live(live_server)
    await join(child, code, "Jayden", "child")
    await admit_and_enter(chair, child, meeting_id, "Jayden")
    await join(pro, code, "Ms Patel", "professional", agency="school")
    await admit_and_enter(chair, pro, meeting_id, "Ms Patel")
    jayden = re.search(r'id="person-([^"]+)">\s*<span class="name">Jayden', (await chair.get(
        f"/meetings/{meeting_id}")).text).group(1)
    assert (await chair.post(f"/meetings/{meeting_id}/people/{jayden}/board/full")).status_code == 204  # asked the grown-ups' question
    sockets = {"screen": LiveClient(live_server, chair, meeting_id, view="screen"),
               "mum": LiveClient(live_server, mum, meeting_id), "child": LiveClient(live_server, child, meeting_id),
               "chair": LiveClient(live_server, chair, meeting_id), "pro": LiveClient(live_server, pro, meeting_id)}
    for client in sockets.values():
        await client.connect()
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": "How safe?", "ten": "Safe", "zero": "Not"})
    assert r.status_code == 200
    page = (await chair.get(f"/meetings/{meeting_id}")).text
    scale_id = re.search(r"/scales/([A-Za-z0-9_-]+)/reveal", page).group(1)
    for person, value, why in ((child, "1", REASON), (mum, "6", "We are trying")):
        r = await person.post(f"/meetings/{meeting_id}/scales/{scale_id}/answer", {"value": value, "reason": why})
        assert r.status_code == 200
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/answer",  # a second child: marks, not names
                         {"value": "5", "reason": "Alex said it is fine", "on_behalf": "Alex"})
    assert r.status_code == 200
    assert (await chair.post(f"/meetings/{meeting_id}/scales/{scale_id}/reveal")).status_code == 204
    for name, client in sockets.items():
        await client.wait_for(lambda c=client: "dot-child" in c.raw(), what=f"the reveal on {name}'s socket")

    def check(name: str, client: LiveClient) -> None:
        scale = client.page.text("scale")
        if name in ("chair", "pro"):
            assert "Jayden" in scale and REASON in client.raw(), name
        else:
            assert "Jayden" not in scale and "a child" in scale, name
            assert REASON not in client.raw() and "We are trying" in scale, name
    for name, client in sockets.items():
        check(name, client)
    for name, client in sockets.items():  # a reconnect: a fresh snapshot
        await client.close()
        client.frames.clear()
        client.forget()
        await client.connect()
        await client.wait_for(lambda c=client: "dot-child" in c.raw(), what=f"{name}'s snapshot")
        check(name, client)
        await client.close()
    for person in (chair, mum, child, pro):
        await person.close()


async def test_no_socket_message_can_change_a_childs_words(live_server, database_url):
    """The socket carries no writes at all: a frame that tries to reword a child's words over it
    changes nothing (the words still say what the child wrote, on every page)."""
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    child = Person.live(live_server)
    await join(child, code, "Jayden", "child")
    await admit_and_enter(chair, child, meeting_id, "Jayden")
    r = await child.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": REASON})
    assert r.status_code == 200
    item_id = re.search(r'id="item-([A-Za-z0-9_-]+)"', (await chair.get(f"/meetings/{meeting_id}")).text).group(1)
    for person in (chair, mum):
        client = await LiveClient(live_server, person, meeting_id).connect()
        await client.wait_for(lambda c=client: REASON in c.raw(), what="the snapshot")
        await client.ws.send(f'{{"item": "{item_id}", "text": "Reworded", "hx-post": '
                             f'"/meetings/{meeting_id}/items/{item_id}", "HEADERS": {{}}}}')
        await client.close()
    r = await chair.post(f"/meetings/{meeting_id}/items/{item_id}", {"text": "Reworded", "version": "1"})
    assert r.status_code == 403
    for person in (chair, mum, child):
        page = (await person.get(f"/meetings/{meeting_id}")).text
        assert REASON in page and "Reworded" not in page and "Jayden's words" in page
    for person in (chair, mum, child):
        await person.close()


async def test_a_childs_socket_gets_the_houses_and_switches_when_the_chair_says(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    child = Person.live(live_server)
    await join(child, code, "Jayden", "child")
    await admit_and_enter(chair, child, meeting_id, "Jayden")
    client = await LiveClient(live_server, child, meeting_id).connect()
    await client.wait_for(lambda: client.seq >= 0, what="the snapshot")
    await add_item(chair, meeting_id, "Mum and Dad argue a lot", section="danger")
    await add_item(chair, meeting_id, "I want a dog", column="next", section="goals", recorded_for="Jayden", own_words="1")
    await client.wait_for(lambda: "I want a dog" in client.raw(), what="the child's own words in its house")
    assert "Danger statements" not in client.raw() and "Not sorted yet" not in client.raw()
    assert "Mum and Dad argue a lot" not in client.raw()  # the grown-ups' words are not for the houses
    jayden = re.search(r'id="person-([^"]+)">\s*<span class="name">Jayden', (await chair.get(
        f"/meetings/{meeting_id}")).text).group(1)
    assert (await chair.post(f"/meetings/{meeting_id}/people/{jayden}/board/full")).status_code == 204
    assert await client.wait_closed() == 4403
    assert f'data-go-to="/meetings/{meeting_id}"' in client.raw()
    for person in (chair, mum, child):
        await person.close()


async def test_a_professionals_only_picture_is_not_announced_to_the_family(live_server, database_url):
    from tests.app.test_child_pictures import png_with_text, upload
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    phone = await LiveClient(live_server, mum, meeting_id).connect()
    board = await LiveClient(live_server, chair, meeting_id).connect()
    for client in (phone, board):
        await client.wait_for(lambda c=client: c.seq >= 0, what="the snapshot")
    assert (await upload(chair, meeting_id, png_with_text(), child="Alex", professionals_only="1")).status_code == 200
    await board.wait_for(lambda: "A picture by Alex was added" in board.raw(), what="the chair's announcement")
    assert (await upload(chair, meeting_id, png_with_text(), child="Alex", description="Shown")).status_code == 200
    await phone.wait_for(lambda: phone.raw().count("A picture by Alex was added") == 1, what="the family's one")
    await board.wait_for(lambda: board.seq == phone.seq, what="both at the same place")
    assert phone.raw().count("A picture by Alex was added") == 1
    for person in (chair, mum):
        await person.close()
