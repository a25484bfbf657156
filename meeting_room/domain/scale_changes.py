"""Scales as they happen: the chair asks, everyone answers privately, the chair shows the
answers together, adds a follow-up question, and puts the scale away. (What a screen may show
of a scale is worked out in `scales.py`.)"""

from __future__ import annotations

from typing import Callable

from sqlalchemy import bindparam, func, select, update

from meeting_room.core import rules
from meeting_room.core.errors import Invalid, NotAllowed, NotFound
from meeting_room.core.events import EventKind
from meeting_room.core.text import NAME_MAX, checked, clean_line, clean_text
from meeting_room.core.vocabulary import (
    CHILDREN_DEFAULTS,
    DEFAULT_QUESTION,
    DEFAULT_TEN,
    DEFAULT_ZERO,
)
from meeting_room.core.vocabulary import SCALE_PROMPTS as PROMPTS
from meeting_room.domain.changes import Change, Changes
from meeting_room.store.models import Meeting, Participant, Scale, ScaleRow, Vote, VoteRow, now
from meeting_room.store.queries import item_of

MEETINGS, SCALES, VOTES, PARTICIPANTS = Meeting.__table__, Scale.__table__, Vote.__table__, Participant.__table__
OPEN_SCALE = select(SCALES.c.id).where(SCALES.c.meeting_id == bindparam("meeting_id"), SCALES.c.status == "open")
PUT_AWAY_REVEALED = (update(SCALES).where(SCALES.c.meeting_id == bindparam("meeting_id"), SCALES.c.status == "revealed")
                     .values(status="closed"))
VOTE_OF = select(VOTES).where(VOTES.c.scale_id == bindparam("scale_id"), VOTES.c.voter_id == bindparam("voter_id"),
                              VOTES.c.on_behalf == bindparam("on_behalf"))
VOTES_BY = (select(VOTES).where(VOTES.c.scale_id == bindparam("scale_id"), VOTES.c.voter_id == bindparam("voter_id"))
            .order_by(VOTES.c.on_behalf))
ANSWERED = select(func.count()).select_from(VOTES).where(VOTES.c.scale_id == bindparam("scale_id"))


def parse_scale_value(raw: object, what: str = "a number") -> int:
    """A whole number from 0 to 10, as typed or chosen; anything else is a clear error."""
    text = raw.strip() if isinstance(raw, str) else ""
    if text not in {str(n) for n in range(11)}:
        raise Invalid(f"Please choose {what} from 0 to 10.")
    return int(text)


async def scale_of(change: Change, scale_id: str) -> ScaleRow:
    scale = await change.conn.get(SCALES, scale_id)
    if scale is None or scale.meeting_id != change.meeting.id:
        raise NotFound("That question could not be found.")
    return scale


class ScaleChanges:
    def __init__(self, changes: Changes):
        self.changes = changes
        self.db = changes.db

    async def open(self, meeting_id: str, actor_id: str, *, question: str, ten: str, zero: str, anonymous: bool,
                   about_item_id: str | None = None, safety_threshold: str | None = None,
                   for_children: bool = False) -> ScaleRow:
        """`for_children`: a children's scale, asked in their words; only children answer it (the
        chair may record a child's answer), and it is never put together with the adults'."""
        defaults = CHILDREN_DEFAULTS if for_children else (DEFAULT_QUESTION, DEFAULT_TEN, DEFAULT_ZERO)
        question = checked(clean_line, question or defaults[0], "Question", 200)
        ten = checked(clean_line, ten or defaults[1], "What 10 means", 200)
        zero = checked(clean_line, zero or defaults[2], "What 0 means", 200)
        threshold = parse_scale_value(safety_threshold, "the number that calls for a talk about safety") \
            if safety_threshold not in (None, "") else None
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            if about_item_id and (await item_of(change.conn, meeting_id, about_item_id)).removed:
                raise NotFound("That danger statement has been removed.")
            if (await change.conn.execute(OPEN_SCALE, {"meeting_id": meeting_id})).first():
                raise Invalid("Another question is still open. Show its answers first.")
            await change.conn.execute(PUT_AWAY_REVEALED, {"meeting_id": meeting_id})
            if threshold is not None:
                await change.conn.set(MEETINGS, meeting_id, safety_threshold=threshold)
            scale = await change.conn.insert(SCALES, meeting_id=meeting_id, question=question, ten=ten, zero=zero,
                                             anonymous=anonymous, about_item_id=about_item_id or None,
                                             professionals_only=bool(change.meeting.private),
                                             for_children=for_children)
            await change.record(EventKind.SCALE_OPENED, scale=scale.id, question=question, ten=ten, zero=zero,
                                anonymous=anonymous, about=about_item_id or None, children=for_children)
        return scale

    async def answer(self, meeting_id: str, actor_id: str, scale_id: str, value: str, reason: str = "",
                     on_behalf: str = "") -> None:
        """Save (or change) an answer. A double tap or retry saves once."""
        number = parse_scale_value(value)
        reason = checked(clean_text, reason, "Why this number", 500, required=False)
        on_behalf = checked(clean_line, on_behalf, "Who it is for", NAME_MAX, required=False)
        async with self.changes.change(meeting_id, actor_id) as change:
            if on_behalf:
                rules.check_speaks_for_others(change.actor, "answer")
            scale = await scale_of(change, scale_id)
            rules.check_may_see(change.actor, scale)
            if scale.for_children and not (on_behalf or change.actor.role == "child"):
                raise NotAllowed("This question is for the children and young people.")
            if not scale.for_children and not on_behalf and change.actor.role == "child" \
                    and rules.child_view(await change.conn.get(PARTICIPANTS, change.actor.id)):
                raise NotAllowed("This question is for the grown-ups. The chair will ask you your own question.")
            if scale.status != "open":
                raise Invalid("The answers have been shown, so they cannot change now.")
            vote = (await change.conn.execute(VOTE_OF, {"scale_id": scale_id, "voter_id": change.actor.id,
                                                        "on_behalf": on_behalf})).first()
            if vote is not None and (vote.value, vote.reason) == (number, reason):
                return
            if vote is None:
                await change.conn.insert(VOTES, scale_id=scale_id, voter_id=change.actor.id, on_behalf=on_behalf,
                                         value=number, reason=reason)
            else:
                await change.conn.set(VOTES, vote.id, value=number, reason=reason, updated_at=now())
            await change.record(EventKind.SCALE_ANSWERED, scale=scale_id, before=vote.value if vote else None, value=number,
                                reason=reason, **{"for": on_behalf or None})

    async def answers_by(self, meeting_id: str, scale_id: str, participant_id: str) -> list[VoteRow]:
        """A person's own answers (and, for the chair, those recorded for others)."""
        async with self.db.read() as c:
            scale = await c.get(SCALES, scale_id)
            if scale is None or scale.meeting_id != meeting_id:
                raise NotFound("That question could not be found.")
            return (await c.execute(VOTES_BY, {"scale_id": scale_id, "voter_id": participant_id})).all()

    async def _step(self, meeting_id: str, actor_id: str, scale_id: str, kind: EventKind,
                    step: Callable[[ScaleRow], dict | None]) -> None:
        """A chair's step on one scale: `step` returns the columns to change, or None for nothing."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            scale = await scale_of(change, scale_id)
            values = step(scale)
            if values is None:
                return  # nothing to change (a double tap)
            await change.conn.set(SCALES, scale_id, **values)
            await change.record(kind, scale=scale_id, **{k: v for k, v in values.items() if k == "prompt"})

    async def reveal(self, meeting_id: str, actor_id: str, scale_id: str) -> None:
        await self._step(meeting_id, actor_id, scale_id, EventKind.SCALE_REVEALED,
                         lambda scale: {"status": "revealed", "revealed_at": now()} if scale.status == "open" else None)

    async def safety_seen_to(self, meeting_id: str, actor_id: str, scale_id: str) -> None:
        """The chair has seen to the talk about immediate safety that a low answer called for."""
        await self._step(meeting_id, actor_id, scale_id, EventKind.SCALE_SAFETY_SEEN,
                         lambda scale: None if scale.safety_seen or scale.status == "open" else {"safety_seen": True})

    async def set_prompt(self, meeting_id: str, actor_id: str, scale_id: str, prompt: str) -> None:
        if prompt and prompt not in PROMPTS:
            raise Invalid("Please choose one of the questions.")

        def step(scale: ScaleRow) -> dict | None:
            if scale.status != "revealed":
                raise Invalid("Show the answers first.")
            return None if scale.prompt == (prompt or None) else {"prompt": prompt or None}
        await self._step(meeting_id, actor_id, scale_id, EventKind.SCALE_PROMPT, step)

    async def close(self, meeting_id: str, actor_id: str, scale_id: str) -> None:
        def step(scale: ScaleRow) -> dict | None:
            if scale.status == "open":
                raise Invalid("Show the answers before putting the question away.")
            return None if scale.status == "closed" else {"status": "closed"}
        await self._step(meeting_id, actor_id, scale_id, EventKind.SCALE_CLOSED, step)

    async def set_anonymous(self, meeting_id: str, actor_id: str, scale_id: str, anonymous: bool) -> None:
        """Anonymity can be tightened at any time, but never loosened once anyone has answered.
        The answers are counted inside the meeting's lock, so no answer can slip in between."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            scale = await scale_of(change, scale_id)
            if scale.anonymous == anonymous:
                return
            answered = (await change.conn.execute(ANSWERED, {"scale_id": scale_id})).scalar_one()
            if not anonymous and (answered or scale.status != "open"):
                raise Invalid("Some people answered believing their names would not be shown, so names stay hidden.")
            await change.conn.set(SCALES, scale_id, anonymous=anonymous)
            await change.record(EventKind.SCALE_ANONYMITY, scale=scale_id, anonymous=anonymous)

    async def set_child_named(self, meeting_id: str, actor_id: str, scale_id: str, named: bool) -> None:
        """For this scale only, the chair chooses whether a child's answer is shown by name on the
        shared screen, family devices and the family's record (it never is unless chosen)."""
        async with self.changes.change(meeting_id, actor_id, rules.chair) as change:
            scale = await scale_of(change, scale_id)
            if scale.child_named == named:
                return
            if scale.anonymous and named:
                raise Invalid("Names are hidden on this scale, so a child's answer cannot be shown by name.")
            await change.conn.set(SCALES, scale_id, child_named=named)
            await change.record(EventKind.SCALE_CHILD_NAMED, scale=scale_id, named=named)
