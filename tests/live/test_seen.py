"""Issue 28, point 8: a phone's first load does not send the whole meeting twice. The page's
socket address carries the sequence number the page was drawn at (`?seen=N`); the socket's first
message then holds only what changed since and who is connected now. A page that is too old, a
number that is unknown or garbage, or a change about this person or that redraws everything (a
private discussion) gets the whole view, as before. Raw frames: nothing the view may not see ever
comes through the "since N" path."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from meeting_room.live.drawing import catch_up_from
from tests.helpers import Person, add_item, admit_and_enter, join, meeting_with_mum, new_meeting, signed_in_chair, \
    waiting_id
from tests.live.client import LiveClient
from tests.live.processes import AppProcess

pytestmark = pytest.mark.live
SECRET = "Professionals worry about the uncle visiting at night"


async def seen_on_page(person, meeting_id: str, path: str = "") -> int:
    """The number the page's socket address carries, as a browser would read it."""
    page = (await person.get(f"/meetings/{meeting_id}{path}")).text
    found = re.search(r'hx-ws:connect="[^"]*seen=(\d+)"', page)
    assert found, "the page's socket address says which sequence number it was drawn at"
    assert f'data-seq="{found.group(1)}"' in page
    return int(found.group(1))


async def first_frame(server, person, meeting_id: str, seen=None, view=None) -> tuple[LiveClient, str]:
    client = await LiveClient(server, person, meeting_id, view=view, seen=seen).connect()
    await client.wait_for(lambda: client.frames, what="the first message")
    return client, client.frames[0]


async def a_meeting_of_30(server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(server), database_url)
    for n in range(30):
        assert (await add_item(mum, meeting_id, f"Item number {n} of the meeting")).status_code == 200
    watching, _ = await first_frame(server, chair, meeting_id)  # a meeting in progress: its hub is up to date
    return chair, mum, meeting_id, code, watching


async def test_a_page_that_is_up_to_date_gets_only_who_is_connected(live_server, database_url):
    chair, mum, meeting_id, _, watching = await a_meeting_of_30(live_server, database_url)
    seen = await seen_on_page(mum, meeting_id)
    full, whole = await first_frame(live_server, mum, meeting_id)
    await full.close()
    phone, since = await first_frame(live_server, mum, meeting_id, seen=seen)
    print(f"\nfirst message with 30 items: whole view {len(whole.encode())} bytes, since the page "
          f"{len(since.encode())} bytes")
    assert "Item number 29" in whole and "Item number" not in since
    assert f'data-seq="{seen}"' in since and 'id="roster-list"' in since
    assert len(since) * 5 < len(whole)
    # and from then on it is a socket like any other
    await add_item(chair, meeting_id, "Added once the phone was live")
    await phone.wait_for(lambda: "Added once the phone was live" in phone.raw(), what="the next change")
    for client in (phone, watching):
        await client.close()
    await chair.close()
    await mum.close()


async def test_an_old_unknown_or_garbage_number_gets_the_whole_view(live_server, database_url):
    chair, mum, meeting_id, _, watching = await a_meeting_of_30(live_server, database_url)
    seen = await seen_on_page(mum, meeting_id)
    await add_item(chair, meeting_id, "Added after the page was drawn")
    await watching.wait_for(lambda: "Added after the page was drawn" in watching.raw(), what="the change")
    for value in (seen, seen + 1000, -1, "abc", "", "²", "1e3", "9" * 30, f"{seen}.0"):
        client, frame = await first_frame(live_server, mum, meeting_id, seen=value)
        assert "Item number 0 of" in frame and "Added after the page was drawn" in frame, value
        await client.close()
    await watching.close()
    await chair.close()
    await mum.close()


async def test_nothing_hidden_comes_through_the_since_path(live_server, database_url):
    chair, mum, meeting_id, code, watching = await a_meeting_of_30(live_server, database_url)
    dad = Person.live(live_server)
    await join(dad, code, "Lee", "dad")
    lee = await waiting_id(chair, meeting_id, "Lee")
    await admit_and_enter(chair, dad, meeting_id, "Lee")
    assert (await add_item(chair, meeting_id, SECRET, professionals_only="1")).status_code == 200
    await watching.wait_for(lambda: SECRET in watching.raw(), what="the chair's own item")

    # Professionals-only: never in a family page's first message, up to date or not.
    seen = await seen_on_page(mum, meeting_id)
    for value in (seen, seen - 1):
        client, frame = await first_frame(live_server, mum, meeting_id, seen=value)
        assert SECRET not in client.raw()
        await client.close()

    # Asked to wait outside after the page was drawn: the waiting screen, nothing of the meeting.
    lees_page = await seen_on_page(dad, meeting_id)
    assert (await chair.post(f"/meetings/{meeting_id}/people/{lee}/outside")).status_code in (200, 204)
    outside = await LiveClient(live_server, dad, meeting_id, seen=lees_page).connect()
    await outside.wait_for(lambda: "wait outside" in outside.raw(), what="the waiting screen")
    assert "Item number" not in outside.raw() and SECRET not in outside.raw()
    await outside.close()

    # A private discussion started after the page was drawn, or while it is drawn: the pause only.
    before_pause = await seen_on_page(mum, meeting_id)
    assert (await chair.post(f"/meetings/{meeting_id}/private/start")).status_code == 200
    await watching.wait_for(lambda: watching.seq > before_pause, what="the pause, on the chair's page")
    during = await seen_on_page(mum, meeting_id)
    for value in (before_pause, during):
        client = await LiveClient(live_server, mum, meeting_id, seen=value).connect()
        await client.wait_for(lambda c=client: c.frames, what="the first message")
        assert "Item number" not in client.raw() and SECRET not in client.raw(), value
        await client.close()
    screen, frame = await first_frame(live_server, chair, meeting_id, seen=during, view="screen")
    assert "Item number" not in frame and SECRET not in frame
    for client in (screen, watching):
        await client.close()
    for person in (chair, mum, dad):
        await person.close()


def test_which_pages_are_brought_up_to_date_from_their_number():
    def event(everything=False, participant=None):
        return SimpleNamespace(kind=SimpleNamespace(everything=everything), data={"participant": participant})

    def drawing(seq, *events):
        return SimpleNamespace(board=SimpleNamespace(seq=seq), events=list(events))

    def conn(seen, pid="me"):
        return SimpleNamespace(seen=seen, participant_id=pid)

    assert catch_up_from(conn(7), 7, drawing(7)) == 7  # nothing changed since
    assert catch_up_from(conn(8), 7, drawing(8, event())) == 8  # drawn after this change
    assert catch_up_from(conn(7), 7, drawing(8, event())) == 7  # this change is all it lacks
    assert catch_up_from(conn(6), 7, drawing(8, event())) is None  # too old
    assert catch_up_from(conn(None), 7, drawing(7)) is None  # no number
    assert catch_up_from(conn(9), 7, drawing(8, event())) is None  # a number from nowhere
    assert catch_up_from(conn(0), -1, drawing(0)) is None  # the hub had drawn nothing yet
    assert catch_up_from(conn(7), 7, drawing(8, event(everything=True))) is None  # e.g. a private discussion
    assert catch_up_from(conn(7), 7, drawing(8, event(participant="me"))) is None  # about this person
    assert catch_up_from(conn(7), 7, drawing(8, event(participant="someone else"))) == 7


async def test_a_second_process_does_the_same(pg_url):
    first, second = await AppProcess(pg_url).start(), await AppProcess(pg_url).start()
    chair = Person.live(first)
    try:
        await signed_in_chair(chair, pg_url)
        meeting_id, code = await new_meeting(chair)
        mum = Person.live(first)
        await join(mum, code, "Dana", "mum")
        await admit_and_enter(chair, mum, meeting_id, "Dana")
        for n in range(30):
            await add_item(mum, meeting_id, f"Item number {n} of the meeting")
        assert (await add_item(chair, meeting_id, SECRET, professionals_only="1")).status_code == 200
        watching, _ = await first_frame(second, chair, meeting_id)  # the second process's hub is up
        seen = await seen_on_page(mum, meeting_id)  # the page from the first process
        phone, since = await first_frame(second, mum, meeting_id, seen=seen)  # its socket on the second
        assert "Item number" not in since and f'data-seq="{seen}"' in since and SECRET not in since
        await add_item(chair, meeting_id, "Written on the first process")
        await phone.wait_for(lambda: "Written on the first process" in phone.raw(), what="the change")
        late, frame = await first_frame(second, mum, meeting_id, seen=seen)  # too old now
        assert "Item number 0 of" in frame and "Written on the first process" in frame and SECRET not in frame
        for client in (phone, late, watching):
            await client.close()
        await mum.close()
    finally:
        await chair.close()
        first.stop()
        second.stop()


async def test_live_sockets_get_one_shared_frame_written_to_their_transport(live_server, database_url):
    """Issue 28: on the server as `meeting-room` runs it, every socket's messages are written to
    its transport as one frame built once per view (live/frames.py), and a phone reads them
    exactly as before."""
    chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    watching, _ = await first_frame(live_server, chair, meeting_id)
    phone, _ = await first_frame(live_server, mum, meeting_id)
    hub = live_server.app.state.mr.hubs.hub(meeting_id)
    assert len(hub.connections) == 2 and all(c.raw is not None for c in hub.connections)
    await add_item(mum, meeting_id, "Written once, read twice")
    for client in (watching, phone):
        await client.wait_for(lambda c=client: any("Written once, read twice" in f for f in c.frames),
                              what="the new item on both sockets")
