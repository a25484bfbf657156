"""The chair's waiting list changes one entry at a time over the socket: a crowd joining costs
each join the same few bytes, however many already wait; a page that reconnects gets it whole."""

from __future__ import annotations

import pytest

from tests.helpers import Person, new_meeting, signed_in_chair, waiting_id
from tests.live.client import LiveClient

pytestmark = pytest.mark.live

JOINS = 14


def waiting_names(client: LiveClient) -> list[str]:
    return client.page.texts("lobby-list", "name")


async def database_waiting(server, meeting_id: str) -> list[str]:
    from meeting_room.core.vocabulary import describe
    board = await server.app.state.mr.boards.board(meeting_id)
    return [describe(p) for p in board.people("waiting")]


def bytes_since(client: LiveClient, mark: int) -> int:
    """What the socket carried since frame `mark`, leaving out the heartbeats."""
    return sum(len(f.encode()) for f in client.frames[mark:] if not f.startswith("{"))


async def test_each_join_sends_the_chair_one_entry_and_the_list_stays_right(live_server, database_url):
    chair = Person.live(live_server)
    await signed_in_chair(chair, database_url)
    meeting_id, code = await new_meeting(chair)
    board = await LiveClient(live_server, chair, meeting_id).connect()
    await board.wait_for(lambda: "Nobody is waiting" in board.page.text("lobby-list"), what="the empty lobby")
    people, per_join = [], []
    for n in range(JOINS):
        mark = len(board.frames)
        person = Person.live(live_server)
        r = await person.post(f"/join/{code}", {"name": f"Visitor {n:02}", "connection": "friend"},
                              htmx=False, token=False)
        assert r.status_code == 303
        people.append(person)
        await board.wait_for(lambda n=n: len(waiting_names(board)) == n + 1, what=f"visitor {n} waiting")
        per_join.append(bytes_since(board, mark))
    # The list grows by one entry a join, so the bytes of a join do not grow with it.
    assert max(per_join[2:]) <= per_join[1] * 1.2, per_join
    assert waiting_names(board) == await database_waiting(live_server, meeting_id)

    # Let two in, turn two away, remove one: each leaves the list, and only they do.
    for name, action in (("Visitor 03", "admit"), ("Visitor 07", "admit"), ("Visitor 00", "turn-away"),
                         ("Visitor 13", "turn-away"), ("Visitor 10", "remove")):
        pid = await waiting_id(chair, meeting_id, name)
        assert (await chair.post(f"/meetings/{meeting_id}/people/{pid}/{action}")).status_code == 204
        await board.wait_for(lambda name=name: not any(name in w for w in waiting_names(board)),
                             what=f"{name} gone from the list")
    assert waiting_names(board) == await database_waiting(live_server, meeting_id)
    assert len(waiting_names(board)) == JOINS - 5

    # A page that comes back gets the whole list at once.
    again = await LiveClient(live_server, chair, meeting_id).connect()
    await again.wait_for(lambda: len(waiting_names(again)) == JOINS - 5, what="the whole list on reconnecting")
    assert waiting_names(again) == waiting_names(board)

    # Everyone dealt with: the list says nobody is waiting; someone new makes it a list again.
    for name in list(waiting_names(board)):
        pid = await waiting_id(chair, meeting_id, name.split(" (")[0])
        await chair.post(f"/meetings/{meeting_id}/people/{pid}/turn-away")
    await board.wait_for(lambda: "Nobody is waiting" in board.page.text("lobby-list"), what="the empty lobby again")
    late = Person.live(live_server)
    await late.post(f"/join/{code}", {"name": "Late Comer", "connection": "friend"}, htmx=False, token=False)
    await board.wait_for(lambda: waiting_names(board) == ["Late Comer (Friend)"], what="the late comer alone")
    assert "Nobody is waiting" not in board.page.text("lobby-list")
    for client in (board, again):
        await client.close()
    for person in (*people, late, chair):
        await person.close()
