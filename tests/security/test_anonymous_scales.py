"""On an anonymous scale nobody, the chair included, can tie a number to a person."""

from __future__ import annotations

import asyncio
import json
import re

import pytest

from meeting_room.live.broker import MemoryBroker
from meeting_room.services import Domain
from meeting_room.store.db import Database
from tests.app.test_scales import answer, current_scale, open_scale
from tests.helpers import Person, admit_and_enter, join, meeting_with_mum


@pytest.fixture
async def meeting(app, database_url):
    """A chair, Mum (the only family member) and three professionals."""
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.in_process(app), database_url)
    pros = []
    for name in ("Ms Patel", "Mr Jones", "Dr Obi"):
        pro = Person.in_process(app)
        await join(pro, code, name, "professional", agency="school")
        await admit_and_enter(chair, pro, meeting_id, name)
        pros.append(pro)
    yield chair, mum, pros, meeting_id
    for pro in pros:
        await pro.close()


async def test_the_history_of_an_anonymous_scale_shows_neither_who_nor_which_number(app, meeting):
    chair, mum, pros, meeting_id = meeting
    await open_scale(chair, meeting_id, anonymous="1")
    scale = await current_scale(app, meeting_id)
    for person, value in ((mum, "3"), (pros[0], "8"), (pros[1], "6")):
        assert (await answer(person, meeting_id, scale.id, value, f"reason {value}")).status_code == 200
    r = await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    assert r.status_code == 204
    history = (await chair.get(f"/meetings/{meeting_id}/history")).text
    rows = [row for row in re.findall(r"<li>(.*?)</li>", history, re.S) if "gave an answer" in row]
    assert len(rows) == 3
    for row in rows:
        assert not re.search(r"[0-9]", re.sub(r'<span class="when">.*?</span>', "", row)), row
        assert "reason 3" not in row and "reason 8" not in row and "Dana" not in row and "Patel" not in row


async def test_an_anonymous_scale_does_not_single_out_a_group_of_one(app, meeting):
    chair, mum, pros, meeting_id = meeting
    await open_scale(chair, meeting_id, anonymous="1")
    scale = await current_scale(app, meeting_id)
    for person, value in ((mum, "2"), (pros[0], "8"), (pros[1], "7"), (pros[2], "9")):
        await answer(person, meeting_id, scale.id, value)
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    for html in ((await chair.get(f"/meetings/{meeting_id}/screen")).text,
                 (await mum.get(f"/meetings/{meeting_id}")).text):
        assert "Family and friends: 1" not in html and ", who answered 2" not in html and "middle answer 2" not in html
        assert "dot-family" not in html and "family or friend" not in html
        assert "not shown apart" in html


async def test_with_names_shown_the_groups_are_shown(app, meeting):
    chair, mum, pros, meeting_id = meeting
    await open_scale(chair, meeting_id)
    scale = await current_scale(app, meeting_id)
    for person, value in ((mum, "2"), (pros[0], "8")):
        await answer(person, meeting_id, scale.id, value)
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    assert "Family and friends: 1, who answered 2" in (await chair.get(f"/meetings/{meeting_id}/screen")).text


async def test_names_cannot_be_switched_on_while_answers_arrive_from_another_process(meeting, database_url):
    """Two app processes share the database: one saves answers given on an anonymous scale while
    the other switches names on. Whatever the order, no answer given anonymously ends up named."""
    chair, mum, pros, meeting_id = meeting
    first, second = Domain(Database(database_url), MemoryBroker()), Domain(Database(database_url), MemoryBroker())
    try:
        board = await first.boards.board(meeting_id)
        chair_id = next(p.id for p in board.participants if p.role == "chair")
        voters = [p.id for p in board.participants if p.role != "chair"]
        for round_ in range(6):
            scale_id = (await first.scales.open(meeting_id, chair_id, question=f"Round {round_}", ten="Safe",
                                               zero="Not safe", anonymous=True)).id
            results = await asyncio.gather(
                *(first.scales.answer(meeting_id, voter, scale_id, str(n % 11)) for n, voter in enumerate(voters)),
                second.scales.set_anonymous(meeting_id, chair_id, scale_id, False), return_exceptions=True)
            switched_on = not isinstance(results[-1], Exception)
            events = await first.meetings.history(meeting_id)
            answers = [e.seq for e in events if e.kind.name == "scale.answered" and e.data["scale"] == scale_id]
            switch = [e.seq for e in events if e.kind.name == "scale.anonymity" and e.data["scale"] == scale_id]
            if switched_on:
                assert switch and all(seq > switch[0] for seq in answers), \
                    f"round {round_}: names were switched on after answers given anonymously"
            await first.scales.reveal(meeting_id, chair_id, scale_id)
            await first.scales.close(meeting_id, chair_id, scale_id)
    finally:
        await first.db.dispose()
        await second.db.dispose()


def _order_of(reasons: list[str], text: str) -> list[str]:
    """The reasons in the order a page or export shows them."""
    return sorted(reasons, key=text.index)


async def test_answers_are_listed_by_what_is_shown_never_by_who_answered_first(app, meeting):
    """The chair watches "Not answered yet" shrink (Dana, then Ms Patel…): if the revealed
    answers kept that order, each number would have a name. Every view and export sorts them."""
    chair, mum, pros, meeting_id = meeting
    await open_scale(chair, meeting_id, anonymous="1")
    scale = await current_scale(app, meeting_id)
    given = [(mum, 9), (pros[0], 2), (pros[1], 7), (pros[2], 4)]  # answered in this order
    for person, value in given:
        assert (await answer(person, meeting_id, scale.id, str(value), f"because-{value}")).status_code == 200
    assert (await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")).status_code == 204
    reasons = [f"because-{value}" for _, value in given]
    by_value = [f"because-{value}" for value in sorted(value for _, value in given)]
    exports = {"board": (await chair.get(f"/meetings/{meeting_id}")).text,
               "screen": (await chair.get(f"/meetings/{meeting_id}/screen")).text,
               "mum's board": (await mum.get(f"/meetings/{meeting_id}")).text,
               "record": (await chair.get(f"/meetings/{meeting_id}/record")).text,
               "record.json": (await chair.get(f"/meetings/{meeting_id}/record.json")).text}
    for where, text in exports.items():
        shown = _order_of(reasons, text)
        assert shown in (by_value, by_value[::-1]), f"{where} lists the answers as {shown}"
    scales = json.loads(exports["record.json"])["scales"]
    assert [a["name"] for a in scales[0]["answers"]] == [None] * 4
    assert exports["record"].count("<td>Name hidden</td>") == 4
