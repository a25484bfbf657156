"""Scales over real sockets: progress is live, numbers never travel before the reveal."""

from __future__ import annotations

import re

from tests.helpers import Person, admit_and_enter, join, meeting_with_mum
from tests.live.client import LiveClient, parse


def numbers_in(frames: list[str]) -> set[str]:
    """Every number in the visible text of the frames (attributes such as data-seq excluded)."""
    found: set[str] = set()
    for frame in frames:
        for fragment in parse(frame).values():
            found |= set(re.findall(r"\b\d+\b", fragment["text"]))
    return found


async def test_answers_stay_private_until_the_reveal_then_everyone_matches(live_server, database_url):
    chair, mum, meeting_id, code = await meeting_with_mum(lambda: Person.live(live_server), database_url)
    teacher = Person.live(live_server)
    await join(teacher, code, "Ms Patel", "professional", agency="school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    boards = live_server.app.state.mr.boards
    board = await LiveClient(live_server, chair, meeting_id).connect()
    screen = await LiveClient(live_server, chair, meeting_id, view="screen").connect()
    phone = await LiveClient(live_server, mum, meeting_id).connect()
    laptop = await LiveClient(live_server, teacher, meeting_id).connect()
    clients = [board, screen, phone, laptop]

    r = await chair.post(f"/meetings/{meeting_id}/scales", {"question": "How worried are we?", "ten": "Safe",
                                                            "zero": "Not safe"})
    assert r.status_code == 200
    scale = (await boards.board(meeting_id)).current_scale
    for c in clients:
        await c.wait_for(lambda c=c: "0 of 3 have answered" in c.fragments.get("scale", {}).get("text", ""),
                         what="the open scale")
    await phone.wait_for(lambda: scale.id in phone.fragments.get("scale-loader", {}).get("attrs", {})
                         .get("data-key", ""), what="the answer-form loader")

    async def vote(person, value, reason):
        r = await person.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": value, "reason": reason})
        assert r.status_code == 200, r.text

    start = {c: len(c.frames) for c in clients}
    await vote(mum, "6", "private-mum")
    await vote(mum, "8", "private-mum-changed")
    await vote(teacher, "8", "private-teacher")
    for c in clients:
        await c.wait_for(lambda c=c: "2 of 3 have answered" in c.fragments["scale"]["text"], what="progress 2 of 3")
    for c in clients:
        frames = c.frames[start[c]:]
        raw = "".join(frames)
        assert "private-" not in raw
        assert not {"6", "8"} & numbers_in(frames), f"a number reached {c.view or 'a participant'} before the reveal"
        assert "Not answered yet: Chris Chair" in c.fragments["scale"]["text"]

    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    truth = (await boards.board(meeting_id)).current_scale.result
    assert truth.everyone.median == 8 and truth.everyone.count == 2
    for c in clients:
        await c.wait_for(lambda c=c: "middle answer" in c.fragments["scale"]["text"], what="the revealed spread")
        text = " ".join(c.fragments["scale"]["text"].split())
        assert "lowest 8 · highest 8 · middle answer 8" in text
        assert "private-mum-changed" in text and "private-teacher" in text and "private-mum " not in text
    for c in clients:
        await c.close()
    await teacher.close()
