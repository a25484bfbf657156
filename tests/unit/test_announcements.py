"""What screen readers are told about a reveal and a private discussion (issue 27)."""

from __future__ import annotations

from types import SimpleNamespace

from meeting_room.core.events import KINDS, Happened
from meeting_room.live.render import PAUSED, announcement
from meeting_room.read.scales import summarise


def board(private: bool = False, values=(1, 3, 4, 5, 7, 8)):
    result = SimpleNamespace(everyone=summarise(values))
    scale = SimpleNamespace(id="s1", result=result)
    return SimpleNamespace(meeting=SimpleNamespace(private=private), scales=[scale], participant=lambda pid: None)


def event(kind: str, **data) -> Happened:
    return Happened(seq=1, kind=KINDS[kind], actor_id=None, data=data)


def test_a_reveal_is_said_with_a_one_sentence_summary():
    said = announcement(board(), [event("scale.revealed", scale="s1")])
    assert said == "The answers are shown: 6 answers, from 1 to 8, middle 4.5"
    assert announcement(board(values=()), [event("scale.revealed", scale="s1")]) == \
        "The answers are shown: nobody answered"
    assert announcement(board(values=(6,)), [event("scale.revealed", scale="s1")]) == "The answers are shown: 1 answer, 6"


def test_a_family_device_is_told_only_that_the_meeting_has_paused():
    started = [event("meeting.private_started")]
    assert announcement(board(private=True), started, family=True) == PAUSED
    assert "private discussion has started" in announcement(board(private=True), started)
    # Anything else during the pause: nothing at all for the family.
    assert announcement(board(private=True), [event("scale.revealed", scale="s1")], family=True) == ""
    assert "has ended" in announcement(board(), [event("meeting.private_ended")], family=True)
