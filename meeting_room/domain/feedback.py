"""'How can we make this better for you?' (issue 23, point 7): after the close, everyone who was
there may answer once, anonymously. Who answered and what was answered are kept in two tables
with nothing between them, neither with a time. No history event is written (review finding 6):
feedback is not meeting content, and a timed line "Someone answered" could be matched with the
moment someone was seen on the record page."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from meeting_room.core.errors import Invalid, NotAllowed
from meeting_room.core.text import checked, clean_text
from meeting_room.domain.changes import Changes
from meeting_room.store.models import Participant
from meeting_room.store.record_tables import FeedbackAnswer, FeedbackGiven

PARTICIPANTS, GIVEN, ANSWERS = Participant.__table__, FeedbackGiven.__table__, FeedbackAnswer.__table__
GIVEN_BY = select(GIVEN).where(GIVEN.c.meeting_id == bindparam("meeting_id"),
                               GIVEN.c.participant_id == bindparam("person_id"))
SHOWN_FROM = 3  # the chair sees a meeting's answers once this many people have answered


def listened_value(text: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= 10:
        raise Invalid("Please choose a number from 0 to 10.")
    return int(text)


class Feedback:
    def __init__(self, changes: Changes):
        self.changes = changes

    async def answer(self, meeting_id: str, person_id: str, worked: str, worried: str, better: str,
                     listened: str) -> None:
        values = dict(worked=checked(clean_text, worked, "What worked well", 2000, required=False),
                      worried=checked(clean_text, worried, "What worried you", 2000, required=False),
                      better=checked(clean_text, better, "What would make it better", 2000, required=False),
                      listened=listened_value(listened))
        if not any(values.values()) and values["listened"] is None:
            raise Invalid("Please answer at least one question, or leave this for now.")
        async with self.changes.unchecked(meeting_id) as change:  # no actor, and no event: nothing timed
            person = await change.conn.get(PARTICIPANTS, person_id)
            if person is None or person.meeting_id != meeting_id or person.status != "admitted" or \
                    change.meeting.status != "closed":
                raise NotAllowed("Only the people of this meeting can answer, once it has closed.")
            if (await change.conn.execute(GIVEN_BY, {"meeting_id": meeting_id, "person_id": person_id})).first():
                raise Invalid("You have answered already. Thank you.")
            await change.conn.insert(GIVEN, meeting_id=meeting_id, participant_id=person_id)
            await change.conn.insert(ANSWERS, meeting_id=meeting_id, **values)
