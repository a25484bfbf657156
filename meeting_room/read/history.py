"""The meeting's history in plain sentences, for the chair: no event codes, no JSON.

Pure: it takes the events the domain lets the chair see (answers hidden as the scale requires)
and the people of the meeting, and returns one line per event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from meeting_room.core.events import EventKind
from meeting_room.core.times import DEFAULT_ZONE, day_and_clock


@dataclass(frozen=True)
class Line:
    when: str       # "Tue 1 Dec, 10:42 GMT", in the council's zone
    who: str        # "Dana (Mum)", or "" when nobody may be named
    what: str       # "added to What's working well: …"
    before: str = ""
    after: str = ""


def when(moment: datetime, zone_name: str = DEFAULT_ZONE) -> str:
    return day_and_clock(moment, zone_name)


def lines(events, describe_person: Callable[[str | None], str], zone_name: str = DEFAULT_ZONE) -> list[Line]:
    """One plain line per event, oldest first."""
    out = []
    for event in events:
        if event.kind.name == EventKind.FEEDBACK_ANSWERED:
            continue  # stored before review finding 6: its time could point to who answered feedback
        what = event.kind.says(event.data, describe_person)
        before, after = (event.data.get("before") or "", event.data.get("after") or "") if event.kind.words_changed else ("", "")
        who = describe_person(event.actor_id) if event.actor_id else ""
        out.append(Line(when=when(event.created_at, zone_name), who=who, what=what, before=before, after=after))
    return out
