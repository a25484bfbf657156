"""A real server, real sockets: several people in one meeting, converging on the database."""

from __future__ import annotations

import asyncio

import pytest
import websockets

from tests.helpers import (
    Person,
    add_item,
    admit_and_enter,
    join,
    new_meeting,
    signed_in_chair,
    waiting_id,
)
from tests.live.client import LiveClient, database_items

COLUMNS = ("worries", "working", "next")


@pytest.fixture
async def people(live_server, database_url):
    chair = Person.live(live_server)
    await signed_in_chair(chair, database_url)
    mum, teacher = Person.live(live_server), Person.live(live_server)
    yield chair, mum, teacher
    for p in (chair, mum, teacher):
        await p.close()


async def converged(clients, boards, meeting_id):
    truth = await database_items(boards, meeting_id)
    for client in clients:
        await client.wait_for(lambda c=client: all(c.items(col) == truth[col] for col in COLUMNS),
                              what=f"{client.view or 'client'} to match the database {truth}")
    return truth


async def test_join_admit_and_coedit_converge_on_every_socket(live_server, people):
    chair, mum, teacher = people
    boards = live_server.app.state.mr.boards
    meeting_id, code = await new_meeting(chair)
    board = await LiveClient(live_server, chair, meeting_id).connect()
    screen = await LiveClient(live_server, chair, meeting_id, view="screen").connect()
    await board.wait_for(lambda: "items-worries" in board.fragments, what="the chair's snapshot")
    await screen.wait_for(lambda: "join-details" in screen.fragments, what="the screen's snapshot")
    assert code[:4] in screen.fragments["join-details"]["text"]

    # Mum joins and waits: the chair sees her live; her lobby socket sees no meeting content.
    await join(mum, code, "Dana", "mum")
    lobby = await LiveClient(live_server, mum, meeting_id).connect()
    await board.wait_for(lambda: "Admit Dana (Mum)" in board.fragments.get("lobby-list", {}).get("text", ""),
                         what="Dana in the chair's lobby list")
    await lobby.wait_for(lambda: "waiting for the chair" in lobby.raw(), what="the lobby status")
    await add_item(chair, meeting_id, "A private worry written before Dana is let in")
    await board.wait_for(lambda: "A private worry written before Dana is let in" in board.items("worries"),
                         what="the worry on the chair's board")

    # Admitted: the lobby socket is told to go in; after entering she gets the whole board.
    pid = await waiting_id(chair, meeting_id, "Dana")
    await chair.post(f"/meetings/{meeting_id}/people/{pid}/admit")
    await lobby.wait_for(lambda: "/enter" in lobby.raw(), what="the go-in step")
    # The go-in step comes from a change made after the worry, down the same ordered socket:
    # whatever the lobby was ever sent about the worry has arrived before it. Nothing was.
    assert "private worry" not in lobby.raw()
    assert "items-worries" not in lobby.fragments
    await lobby.close()
    await mum.post(f"/meetings/{meeting_id}/enter")
    phone = await LiveClient(live_server, mum, meeting_id).connect()
    await phone.wait_for(lambda: "items-worries" in phone.fragments, what="mum's snapshot")
    assert phone.items("worries") == ["A private worry written before Dana is let in"]

    await join(teacher, code, "Ms Patel", "professional", agency="school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    laptop = await LiveClient(live_server, teacher, meeting_id).connect()
    clients = [board, screen, phone, laptop]
    await screen.wait_for(lambda: {"Dana", "Ms Patel"} <= set(screen.names()), what="the roster on the screen")

    # Everyone adds, the chair moves, reorders and removes: every screen ends up as the database.
    await add_item(mum, meeting_id, "Grandad picks the children up every day", column="working",
                   section="strengths")
    await add_item(teacher, meeting_id, "Alex is happy at school", column="working", section="strengths")
    await add_item(mum, meeting_id, "Family meeting next week", column="next", section="steps")
    truth = await converged(clients, boards, meeting_id)
    assert truth["working"] == ["Grandad picks the children up every day", "Alex is happy at school"]

    live_board = await boards.board(meeting_id)
    happy = next(i for i in live_board.items if i.text.startswith("Alex is happy"))
    private = next(i for i in live_board.items if i.text.startswith("A private worry"))
    await chair.post(f"/meetings/{meeting_id}/items/{happy.id}/up")
    await chair.post(f"/meetings/{meeting_id}/items/{private.id}/move", {"place": "next:goals"})
    await chair.post(f"/meetings/{meeting_id}/items/{private.id}/remove")
    truth = await converged(clients, boards, meeting_id)
    assert truth["working"][0] == "Alex is happy at school"
    assert truth["worries"] == []
    await chair.post(f"/meetings/{meeting_id}/items/{private.id}/restore")
    truth = await converged(clients, boards, meeting_id)
    assert truth["next"][0] == "A private worry written before Dana is let in"

    # Screen-reader announcements reach members, not the shared screen.
    assert "announce" in phone.fragments and "announce" not in screen.fragments
    for c in clients:
        await c.close()


async def test_removed_participant_loses_every_connection_at_once(live_server, people):
    chair, mum, _ = people
    meeting_id, code = await new_meeting(chair)
    await join(mum, code, "Dana", "mum")
    await admit_and_enter(chair, mum, meeting_id, "Dana")
    first = await LiveClient(live_server, mum, meeting_id).connect()
    second = await LiveClient(live_server, mum, meeting_id).connect()
    await first.wait_for(lambda: "items-worries" in first.fragments)
    board = await live_server.app.state.mr.boards.board(meeting_id)
    dana = next(p for p in board.participants if p.name == "Dana")

    started = asyncio.get_running_loop().time()
    r = await chair.post(f"/meetings/{meeting_id}/people/{dana.id}/remove")
    assert r.status_code == 204
    assert await first.wait_closed(2) == 4403
    assert await second.wait_closed(2) == 4403
    assert asyncio.get_running_loop().time() - started < 1.0

    refused = await add_item(mum, meeting_id, "Still here?")
    assert refused.status_code == 403
    page = await mum.get(f"/meetings/{meeting_id}")
    assert page.status_code == 403 and "Still here?" not in page.text
    with pytest.raises(websockets.InvalidStatus):
        await LiveClient(live_server, mum, meeting_id).connect()

    # Coming back means the lobby again.
    await join(mum, code, "Dana", "mum")
    again = await mum.get(f"/meetings/{meeting_id}")
    assert "waiting for the chair" in again.text


async def test_clients_resync_after_a_server_restart(live_server, people):
    chair, mum, _ = people
    boards_before = live_server.app.state.mr.boards
    meeting_id, code = await new_meeting(chair)
    await join(mum, code, "Dana", "mum")
    await admit_and_enter(chair, mum, meeting_id, "Dana")
    phone = await LiveClient(live_server, mum, meeting_id).connect()
    board = await LiveClient(live_server, chair, meeting_id).connect()
    await add_item(mum, meeting_id, "Before the restart")
    await converged([phone, board], boards_before, meeting_id)

    await live_server.stop()
    assert await phone.wait_closed() == 1012  # "service restart": browsers reconnect by themselves
    await live_server.start()
    boards = live_server.app.state.mr.boards
    # A change made while the phone was away.
    await add_item(chair, meeting_id, "While the phone was away", column="next", section="steps")
    phone = await LiveClient(live_server, mum, meeting_id).connect()
    board = await LiveClient(live_server, chair, meeting_id).connect()
    truth = await converged([phone, board], boards, meeting_id)
    assert truth["worries"] == ["Before the restart"] and truth["next"] == ["While the phone was away"]
    await add_item(mum, meeting_id, "After the restart")
    await converged([phone, board], boards, meeting_id)
    for c in (phone, board):
        await c.close()


async def test_polling_over_http_gets_what_a_socket_would(live_server, people):
    """For networks that block websockets: /updates from the page's sequence number."""
    chair, mum, teacher = people
    boards = live_server.app.state.mr.boards
    meeting_id, code = await new_meeting(chair)
    await join(mum, code, "Dana", "mum")
    lobby = await mum.get(f"/meetings/{meeting_id}/updates?since=0")
    assert "waiting for the chair" in lobby.text and "What are we worried" not in lobby.text
    await admit_and_enter(chair, mum, meeting_id, "Dana")
    await add_item(chair, meeting_id, "Seen by polling")
    seq = (await boards.board(meeting_id)).seq
    r = await mum.get(f"/meetings/{meeting_id}/updates?since={seq - 1}")
    assert r.status_code == 200 and "Seen by polling" in r.text and 'hx-swap-oob' in r.text
    assert f'data-seq="{seq}"' in r.text
    assert "own-only" in r.text and "Move up" not in r.text  # the member's view, not the chair's
    r = await mum.get(f"/meetings/{meeting_id}/updates?since={seq}")
    assert r.status_code == 204
    screen = await chair.get(f"/meetings/{meeting_id}/updates?since=0&view=screen")
    assert "Join code" in screen.text and "own-only" not in screen.text  # the shared screen's view
    stranger = Person.live(live_server)
    r = await stranger.get(f"/meetings/{meeting_id}/updates?since=0")
    assert "Seen by polling" not in r.text and "no longer in this meeting" in r.text
    await stranger.close()
