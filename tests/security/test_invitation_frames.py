"""Invitations are the chair's only (issue 24, point 5): inviting, withdrawing and "Admit all who
were invited" send nothing of them to a family socket, a family device's polling or the shared
screen, in raw bytes; the chair's socket hears of the invited person only once they arrive."""

from __future__ import annotations

import re

import pytest

from tests.helpers import Person, add_item, meeting_with_mum
from tests.live.client import LiveClient

pytestmark = pytest.mark.live
NAME = "Zebedee Quill"
LINK = re.compile(r'<p class="link-text">https?://[^/]+(/meetings/[^/]+/i/([A-Za-z0-9_-]+))</p>')


async def test_nothing_of_the_invitations_reaches_family_devices_or_the_screen(live_server, database_url):
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    family = await LiveClient(live_server, mum, meeting_id).connect()
    screen = await LiveClient(live_server, chair, meeting_id, view="screen").connect()
    board = await LiveClient(live_server, chair, meeting_id).connect()
    for client in (family, screen, board):
        await client.wait_for(lambda c=client: "Dana" in c.raw(), what="the snapshot")
    await chair.get(f"/meetings/{meeting_id}/invite")
    for name in (NAME, "Yolanda Other"):
        r = await chair.post(f"/meetings/{meeting_id}/invite", {"name": name, "connection": "professional",
                                                               "agency": "school", "email": "zq@school.example"},
                             htmx=False)
        assert r.status_code == 303, r.text
    page = (await chair.get(f"/meetings/{meeting_id}/invite")).text
    path, secret = LINK.search(page).groups()
    other = re.findall(r'id="invitation-([^"]+)"', page)[1]
    assert (await chair.post(f"/meetings/{meeting_id}/invite/{other}/withdraw")).status_code == 204
    assert (await chair.post(f"/meetings/{meeting_id}/invite/admit-all")).status_code == 204
    await add_item(chair, meeting_id, "Said after the list was made")
    for client in (family, screen, board):
        await client.wait_for(lambda c=client: "Said after the list was made" in c.raw(), what="the later item")
    for client in (family, screen, board):  # the chair's board neither: the list lives on the Invite page
        raw = client.raw()
        assert NAME not in raw and "Yolanda" not in raw and secret not in raw and "zq@school" not in raw
        assert "nvit" not in raw, "a word about invitations reached a live page"
    polled = (await mum.get(f"/meetings/{meeting_id}/updates?since=0")).text
    assert "Said after the list was made" in polled and NAME not in polled and "nvit" not in polled
    for page in (await mum.get(f"/meetings/{meeting_id}"), await chair.get(f"/meetings/{meeting_id}/screen")):
        assert NAME not in page.text and secret not in page.text
    # Zebedee arrives (let in ahead): now the room may hear that he joined, as for anyone let in.
    phone = Person.live(live_server)
    await phone.get(path)
    assert (await phone.post(path, htmx=False, token=False)).status_code == 303
    await board.wait_for(lambda: NAME in board.raw(), what="Zebedee on the chair's board")
    assert secret not in board.raw() and secret not in family.raw()
    for client in (family, screen, board):
        await client.close()
    for person in (chair, mum, phone):
        await person.close()
