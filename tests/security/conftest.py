"""The security tests use the in-process meeting of the app tests (a module may define its own
`meeting`, e.g. on a live server); `live_meeting` is the same on a real server, and
`busy_meeting` has something of every kind in it, for the tests that try every address."""

from __future__ import annotations

import pytest

from tests.app.conftest import meeting  # noqa: F401  (a fixture, shared)
from tests.helpers import (
    Person,
    add_item,
    join,
    meeting_with_mum,
    participant_id,
    waiting_id,
)

SECRET_ITEM = "Only for the people let in"
SECRET_QUESTION = "How safe is Alex at Grandad's?"


@pytest.fixture
async def live_meeting(live_server, database_url):
    """The `meeting` of the app tests on a real server: (chair, mum, meeting id, join code)."""
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    yield chair, mum, meeting_id, code
    await chair.close()
    await mum.close()


@pytest.fixture
async def busy_meeting(app, meeting):
    """The meeting with an item of Mum's, someone waiting and a scale open:
    (chair, mum, ids for the addresses of `crawl`, join code)."""
    chair, mum, meeting_id, code = meeting
    assert (await add_item(mum, meeting_id, SECRET_ITEM)).status_code == 200
    board = await app.state.mr.boards.board(meeting_id)
    visitor = Person.in_process(app)
    await join(visitor, code, "Vic", "friend")
    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": SECRET_QUESTION, "ten": "Safe", "zero": "Not"})
    assert r.status_code == 200, r.text
    scale = (await app.state.mr.boards.board(meeting_id)).current_scale
    ids = {"meeting_id": meeting_id, "item_id": board.items[0].id, "scale_id": scale.id,
           "participant_id": await waiting_id(chair, meeting_id, "Vic"), "mum_id": await participant_id(mum, meeting_id)}
    yield chair, mum, ids, code
    await visitor.close()
