"""The record's life after the meeting closes (issue 23, point 3): a draft the chair may correct;
"Issue the record" makes version 1, locked; for a period (working days) everyone who was there may
ask for a correction in their own words; the chair accepts (the next version, with what changed)
or declines with a reason the person sees; after the period the record is final.

Versions are rows that are only ever inserted: no statement here (or anywhere) updates one."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Awaitable, Callable

from sqlalchemy import bindparam, func, select

from meeting_room.core.errors import Invalid, NotAllowed, NotFound
from meeting_room.core.events import EventKind
from meeting_room.core.rules import Actor, is_chair
from meeting_room.core.text import checked, clean_line, clean_text
from meeting_room.core.working_days import add_working_days
from meeting_room.domain.changes import Changes
from meeting_room.store.models import Decision, Dissent, Item, Meeting, now
from meeting_room.store.queries import item_of
from meeting_room.store.record_tables import RecordCorrection, RecordVersion

ITEMS, VERSIONS, CORRECTIONS = Item.__table__, RecordVersion.__table__, RecordCorrection.__table__
# The draft's other words the chair may correct: (table, column, whether the row is the meeting's own).
WORDING = {"decision": (Decision.__table__, "reasons", True), "dissent": (Dissent.__table__, "words", True),
           "apologies": (Meeting.__table__, "apologies", None)}
LAST_NUMBER = select(func.max(VERSIONS.c.number)).where(VERSIONS.c.meeting_id == bindparam("meeting_id"))
FIRST_ISSUED = select(VERSIONS.c.issued_at).where(VERSIONS.c.meeting_id == bindparam("meeting_id"),
                                                  VERSIONS.c.number == 1)
LAST_VERSION = (select(VERSIONS.c.number, VERSIONS.c.issued_at).where(VERSIONS.c.meeting_id == bindparam("meeting_id"))
                .order_by(VERSIONS.c.number.desc()).limit(1))
# Corrections accepted since the last version was issued (whichever version they were asked about).
ACCEPTED_SINCE = (select(CORRECTIONS.c.answer).where(CORRECTIONS.c.meeting_id == bindparam("meeting_id"),
                                                     CORRECTIONS.c.status == "accepted",
                                                     CORRECTIONS.c.decided_at > bindparam("issued_at"))
                  .order_by(CORRECTIONS.c.decided_at))
# The record as it stands, read on the change's own connection (the web layer passes `read.record`'s).
ContentOf = Callable[[Any, str], Awaitable[dict]]


def was_there(meeting, actor: Actor) -> None:
    """Someone let in to this meeting, once it has closed."""
    if meeting.actor_status != "admitted":
        raise NotAllowed("You are not in this meeting now.")
    if meeting.status != "closed":
        raise NotAllowed("The record can be issued and corrected once the meeting has closed.")


def the_chair(meeting, actor: Actor) -> None:
    if meeting.actor_status != "admitted" or not is_chair(meeting, actor):
        raise NotAllowed("Only the chair can do that.")


def chair_after_close(meeting, actor: Actor) -> None:
    was_there(meeting, actor)
    the_chair(meeting, actor)


def final_after(first_issued: date, working_days: int) -> date:
    """The last day a correction can be asked for."""
    return add_working_days(first_issued, working_days)


class RecordLife:
    def __init__(self, changes: Changes):
        self.changes = changes

    async def correct_draft(self, meeting_id: str, actor_id: str, item_id: str, text: str, said_by: str = "") -> None:
        """The chair corrects the wording of the draft before it is issued, and who said it
        (`said_by`, when the words were someone else's than the person shown)."""
        text = checked(clean_text, text, "The corrected words", 1000)
        said_by = checked(clean_line, said_by, "Who said it", 60, required=False)
        async with self.changes.change(meeting_id, actor_id, the_chair) as change:
            await item_of(change.conn, meeting_id, item_id)  # another meeting's item is not found here
            chair_after_close(change.meeting, change.actor)
            if await self._last(change) is not None:
                raise NotAllowed("The record is issued. Corrections now go through “Ask for a correction”.")
            await self._set_text(change, item_id, text, said_by)

    async def correct_wording(self, meeting_id: str, actor_id: str, part: str, part_id: str, words: str) -> None:
        """The chair corrects the draft's other words: a decision's reasons, a disagreement in the
        person's words (a spelling, say), or the apologies (one name a line)."""
        words = checked(clean_text, words, "The corrected words", 4000, required=part == "dissent")
        async with self.changes.change(meeting_id, actor_id, the_chair) as change:
            chair_after_close(change.meeting, change.actor)
            if await self._last(change) is not None:
                raise NotAllowed("The record is issued. Corrections now go through “Ask for a correction”.")
            table, column, row_id = WORDING.get(part, (None, None, None))
            row = await change.conn.get(table, change.meeting.id if row_id is None else part_id) if table is not None else None
            if row is None or getattr(row, "meeting_id", row.id) != meeting_id:
                raise NotFound("That part of the record could not be found.")
            before = getattr(row, column)
            if before == words:
                return
            await change.conn.set(table, row.id, **{column: words})
            await change.record(EventKind.RECORD_WORDING_CORRECTED, part=part, before=before, after=words)

    async def issue(self, meeting_id: str, actor_id: str, content_of: ContentOf) -> int:
        """The next version, locked: version 1 from the draft, later ones after a correction was
        accepted. The content is read inside the same transaction, so nothing slips in between."""
        async with self.changes.change(meeting_id, actor_id, chair_after_close) as change:
            return await self._issue_in(change, content_of)

    async def _issue_in(self, change, content_of: ContentOf) -> int:
        meeting_id = change.meeting.id
        last = (await change.conn.execute(LAST_VERSION, {"meeting_id": meeting_id})).first()
        changes = [r.answer for r in (await change.conn.execute(
            ACCEPTED_SINCE, {"meeting_id": meeting_id, "issued_at": last.issued_at})).all()] if last else []
        if last is not None and not changes:
            raise Invalid("Nothing has changed since the last version.")
        number = (last.number if last else 0) + 1
        content = await content_of(change.conn, meeting_id)
        await change.conn.insert(VERSIONS, meeting_id=meeting_id, number=number, changes="\n".join(changes),
                                 content=json.dumps(content, ensure_ascii=False, default=str))
        await change.record(EventKind.RECORD_ISSUED, number=number, changes=changes)
        return number

    async def ask(self, meeting_id: str, actor_id: str, words: str, working_days: int, today: date) -> None:
        words = checked(clean_text, words, "What should be corrected", 2000)
        async with self.changes.change(meeting_id, actor_id, was_there) as change:
            last = await self._last(change)
            if last is None:
                raise NotAllowed("The record has not been issued yet.")
            first = (await change.conn.execute(FIRST_ISSUED, {"meeting_id": meeting_id})).scalar_one()
            if today > final_after(first.date(), working_days):
                raise NotAllowed("The record is final: the time to ask for a correction has passed.")
            correction = await change.conn.insert(CORRECTIONS, meeting_id=meeting_id, participant_id=actor_id,
                                                  version=last, words=words)
            await change.record(EventKind.RECORD_CORRECTION_ASKED, correction=correction.id, version=last, words=words)

    async def answer(self, meeting_id: str, actor_id: str, correction_id: str, accept: bool, answer: str,
                     item_id: str = "", text: str = "", content_of: ContentOf | None = None) -> None:
        """Accept (saying what changes, correcting an item's words if need be, and issuing the next
        version in the same transaction, when `content_of` is given) or decline (with the reason the
        person will see)."""
        answer = checked(clean_text, answer, "What changes" if accept else "The reason", 2000)
        text = checked(clean_text, text, "The corrected words", 1000, required=False) if item_id else ""
        async with self.changes.change(meeting_id, actor_id, chair_after_close) as change:
            correction = await change.conn.get(CORRECTIONS, correction_id)
            if correction is None or correction.meeting_id != meeting_id:
                raise NotFound("That request could not be found.")
            if correction.status != "pending":
                raise Invalid("That request has been answered already.")
            if accept and item_id and text:
                await self._set_text(change, item_id, text)
            status = "accepted" if accept else "declined"
            await change.conn.set(CORRECTIONS, correction_id, status=status, answer=answer, decided_at=now())
            await change.record(f"record.correction_{status}", correction=correction_id, answer=answer)
            if accept and content_of is not None:
                await self._issue_in(change, content_of)

    async def _last(self, change) -> int | None:
        return (await change.conn.execute(LAST_NUMBER, {"meeting_id": change.meeting.id})).scalar()

    async def _set_text(self, change, item_id: str, text: str, said_by: str = "") -> None:
        item = await item_of(change.conn, change.meeting.id, item_id)
        said_by = said_by or item.recorded_for
        if item.text == text and item.recorded_for == said_by:
            return
        await change.conn.set(ITEMS, item.id, text=text, version=item.version + 1, updated_at=now(),
                              edited_by=change.actor.id, recorded_for=said_by)
        await change.record(EventKind.RECORD_CORRECTED, item=item.id, column=item.column, before=item.text, after=text,
                            said_by=said_by)
