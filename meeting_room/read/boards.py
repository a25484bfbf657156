"""Reading a meeting: the board (everything one screen draws), and what changed since a
sequence number, for the live hubs. Writes live in the capability modules (items, people…)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from sqlalchemy import bindparam, select

from meeting_room.core.errors import NotFound
from meeting_room.core.events import ITEM_ONLY, Happened
from meeting_room.core.vocabulary import children_of
from meeting_room.read.scales import SMALLEST_CHILDREN_SHOWN, ScaleView, children_unnamed, scale_view
from meeting_room.read.spreads import CHILD, Spread, spreads  # noqa: F401  (CHILD, for the record)
from meeting_room.read.trend import Trend, case_trends
from meeting_room.store.child_tables import ChildPicture
from meeting_room.store.db import Connection, Database
from meeting_room.store.models import (
    Agreement,
    Case,
    CaseRow,
    Event,
    Item,
    ItemRow,
    Meeting,
    MeetingRow,
    Participant,
    ParticipantRow,
    Scale,
    Vote,
)
from meeting_room.read.board_patch import patched
from meeting_room.store.queries import item_of

MEETINGS, CASES, PARTICIPANTS = Meeting.__table__, Case.__table__, Participant.__table__
ITEMS, EVENTS, SCALES, VOTES = Item.__table__, Event.__table__, Scale.__table__, Vote.__table__
MEETING_ID = bindparam("meeting_id")
PEOPLE_OF = select(PARTICIPANTS).where(PARTICIPANTS.c.meeting_id == MEETING_ID).order_by(
    PARTICIPANTS.c.created_at, PARTICIPANTS.c.id)
ITEMS_OF = select(ITEMS).where(ITEMS.c.meeting_id == MEETING_ID).order_by(ITEMS.c.position, ITEMS.c.created_at)
SCALES_OF = select(SCALES).where(SCALES.c.meeting_id == MEETING_ID).order_by(SCALES.c.created_at, SCALES.c.id)
VOTES_OF = select(VOTES).join(SCALES, SCALES.c.id == VOTES.c.scale_id).where(SCALES.c.meeting_id == MEETING_ID)
AGREEMENTS_OF = select(Agreement.__table__).where(Agreement.__table__.c.meeting_id == MEETING_ID)
PICTURES_OF = (select(*[c for c in ChildPicture.__table__.columns if c.key != "data"])  # what they show, not the bytes
               .where(ChildPicture.__table__.c.meeting_id == MEETING_ID).order_by(ChildPicture.__table__.c.created_at))
SEQ_OF = select(MEETINGS.c.seq).where(MEETINGS.c.id == MEETING_ID)
EVENTS_AFTER = (select(EVENTS).where(EVENTS.c.meeting_id == MEETING_ID, EVENTS.c.seq > bindparam("after"))
                .order_by(EVENTS.c.seq))
EVENTS_BETWEEN = (select(EVENTS).where(EVENTS.c.meeting_id == MEETING_ID, EVENTS.c.seq > bindparam("after"),
                                       EVENTS.c.seq <= bindparam("upto")).order_by(EVENTS.c.seq))


@dataclass(frozen=True)
class Layout:
    """What never changes about a meeting and is enough to draw a form."""
    id: str
    detailed: bool


@dataclass
class Board:
    """Everything needed to draw one meeting, read in one snapshot."""
    meeting: MeetingRow
    case: CaseRow
    participants: list[ParticipantRow]
    items: list[ItemRow]
    removed_items: list[ItemRow] = field(default_factory=list)
    scales: list[ScaleView] = field(default_factory=list)  # oldest first; no numbers before a reveal
    patched_to: int | None = None  # the seq of the newest item change patched in since the meeting was read
    agreements: dict[str, Spread] = field(default_factory=dict)  # danger statements and safety goals, by item id
    trends: dict[tuple[str, str, str], Trend] = field(default_factory=dict)  # a review's scales across meetings
    pictures: list = field(default_factory=list)  # a child's pictures: what they show, never their bytes

    def trend_of(self, scale) -> Trend | None:
        """This scale's question across the family's meetings, when asked in more than one."""
        trend = self.trends.get((scale.question, scale.ten, scale.zero))
        return trend if trend is not None and len(trend.points) > 1 else None

    @property
    def seq(self) -> int:
        return self.meeting.seq if self.patched_to is None else self.patched_to

    def people(self, status: str) -> list[ParticipantRow]:
        return [p for p in self.participants if p.status == status]

    def items_in(self, column: str, section: str | None = None, any_section: bool = False) -> list[ItemRow]:
        return [i for i in self.items if i.column == column and (any_section or i.section == section)]

    def family_plan(self) -> list[ItemRow]:
        """The family's plan (issue 24): what the family wrote in "What needs to happen?" in family time."""
        return [i for i in self.items if i.column == "next" and i.family_plan]

    def participant(self, pid: str | None) -> ParticipantRow | None:
        return self.people_by_id.get(pid)

    @cached_property
    def people_by_id(self) -> dict[str, ParticipantRow]:
        return {p.id: p for p in self.participants}

    @property
    def current_scale(self) -> ScaleView | None:
        """The scale on the screens now: the latest one not put away."""
        showing = [s for s in self.scales if s.status != "closed"]
        return showing[-1] if showing else None

    @property
    def earlier_scales(self) -> list[ScaleView]:
        current = self.current_scale
        return [s for s in self.scales if s.status != "open" and s is not current]

    def danger_statements(self) -> list[ItemRow]:
        return self.items_in("worries", "danger")

    def item(self, item_id: str | None) -> ItemRow | None:
        """One item, shown or removed, by id (an index carried from one patched board to the next)."""
        return self.item_index.get(item_id)

    @cached_property
    def item_index(self) -> dict[str, ItemRow]:
        return {i.id: i for i in self.items + self.removed_items}

    @cached_property
    def hidden_ids(self) -> frozenset[str]:
        """The professionals-only items' ids, shown or removed."""
        return frozenset(i.id for i in self.items + self.removed_items if i.professionals_only)

    def without_professionals_only(self) -> "Board":
        """The board as family members may read it (in their record, too): no professionals-only
        item, nor its words quoted by a scale; and no child named beside their answer or their
        agree / disagree (`children_unnamed`)."""
        return self._without_hidden_items()._children_unnamed()

    def _children_unnamed(self) -> "Board":
        """A child's scale answer and view of a statement, as the family and the room see them:
        there, but not beside the child's name (nor with the child's reason)."""
        children = {p.id for p in self.participants if p.role == "child"}
        if not children and not any(s.children_answered for s in self.scales):
            return self
        child_names = frozenset(p.name for p in self.participants if p.role == "child")

        def unnamed(spread: Spread) -> Spread:
            keys = ("agree", "disagree", "unsure")
            few = sum(pid in children for key in keys for pid in spread.of(key)) < SMALLEST_CHILDREN_SHOWN
            return Spread(*[[CHILD if pid in children else pid for pid in spread.of(key) if not (few and pid in children)]
                            for key in keys])
        return replace(self, scales=[children_unnamed(s, child_names) for s in self.scales],
                       agreements={k: unnamed(v) for k, v in self.agreements.items()})

    def _without_hidden_items(self) -> "Board":
        hidden = self.hidden_ids
        if not hidden and not any(s.professionals_only for s in self.scales + self.pictures):
            return self
        return replace(self, items=[i for i in self.items if i.id not in hidden],
                       pictures=[p for p in self.pictures if not p.professionals_only],
                       removed_items=[i for i in self.removed_items if i.id not in hidden],
                       scales=[s if s.about_item_id not in hidden else replace(s, about=None)
                               for s in self.scales if not s.professionals_only],
                       agreements={k: v for k, v in self.agreements.items() if k not in hidden})

    def as_family_sees(self) -> "Board":
        """What family and child devices and the shared screen are sent: while a private
        discussion runs, nothing of the meeting at all; otherwise no professionals-only item.
        Worked out once per board (the hub draws several fragments from it)."""
        if "_family" not in self.__dict__:  # (a board holding itself waited for the garbage collector)
            family = self._nothing() if self.meeting.private else self.without_professionals_only()
            self.__dict__["_family"] = None if family is self else family
        return self.__dict__["_family"] or self

    def as_child_sees(self) -> "Board":
        """A child's three houses: the family's board, with children's own words and children's
        questions only. The grown-ups' wording and scales are not for the houses (the chair can show
        an older child the full board instead)."""
        if "_child" not in self.__dict__:
            family = self.as_family_sees()
            self.__dict__["_child"] = replace(
                family, items=[i for i in family.items if i.child_words], agreements={}, trends={},
                removed_items=[i for i in family.removed_items if i.child_words],
                scales=[s for s in family.scales if s.for_children])
        return self.__dict__["_child"]
    def as_professionals_see(self) -> "Board":
        """Professionals' devices, the chair's too: everything, but during family time nothing except
        who waits to be let in (the chair still admits late-comers)."""
        if not (self.meeting.family_time and self.meeting.status == "open"):
            return self
        return replace(self._nothing(), participants=self.people("waiting"))

    def as_screen_sees(self) -> "Board":
        """The shared screen: as family devices, and nothing at all while the chair blanks it.
        During a private discussion the chair may keep it on for the professionals in the room:
        then it shows what they see. Family time pauses it unless the chair keeps it on for the family."""
        if self.meeting.screen_blank or (self.meeting.family_time and not self.meeting.screen_for_family):
            return self._nothing()
        if self.meeting.private and self.meeting.screen_for_professionals:
            return self
        return self.as_family_sees()

    def _nothing(self) -> "Board":
        """The meeting and its family's name only: a paused device is sent nothing else."""
        return replace(self, participants=[], items=[], removed_items=[], scales=[], agreements={}, trends={},
                       pictures=[])

    def patched(self, changed: dict[str, Any], seq: int) -> "Board":
        """A copy with these items as they are now, at sequence number `seq` (`board_patch.py`)."""
        return patched(self, changed, seq)


async def load_board(c: Connection, meeting: MeetingRow) -> Board:
    """The whole board of `meeting`, read on `c` (a snapshot)."""
    params = {"meeting_id": meeting.id}
    case = await c.get(CASES, meeting.case_id)
    people = (await c.execute(PEOPLE_OF, params)).all()
    items = (await c.execute(ITEMS_OF, params)).all()
    scales = (await c.execute(SCALES_OF, params)).all()
    votes = (await c.execute(VOTES_OF, params)).all() if scales else []
    texts = {i.id: i.text for i in items if not i.removed}
    # An answer recorded for one of these (the family's children, or a child who joined) is a child's.
    children = children_of(case) + [name for p in people if p.role == "child" for name in (p.name, p.name.split()[0])]
    views = []
    for scale in scales:
        view = scale_view(scale, [v for v in votes if v.scale_id == scale.id], people, children)
        view.about = texts.get(scale.about_item_id or "")
        views.append(view)
    return Board(meeting=meeting, case=case, participants=people, items=[i for i in items if not i.removed],
                 removed_items=[i for i in items if i.removed], scales=views,
                 agreements=spreads((await c.execute(AGREEMENTS_OF, params)).all()),
                 trends=await case_trends(c, meeting.case_id) if meeting.previous_id else {},
                 pictures=(await c.execute(PICTURES_OF, params)).all())


class Boards:
    def __init__(self, db: Database):
        self.db = db
        self._layouts: dict[str, Layout] = {}

    async def board(self, meeting_id: str) -> Board | None:
        async with self.db.snapshot() as c:
            meeting = await c.get(MEETINGS, meeting_id)
            return None if meeting is None else await load_board(c, meeting)

    async def changes(self, meeting_id: str, after: int, known: Board | None) -> tuple[Board | None, list[Happened]]:
        """The board as it is now and the events since `after`.

        Most changes in a meeting add, edit or remove single items: then, when a board is `known`,
        only the new events and the items they name are read (autocommit: an item may already
        show a later change, which its own event will send again, harmlessly) and patched into a
        copy of it. Anything else reads the whole board again, with the events up to the seq it
        was read at, in one snapshot: a board whose content ran ahead of its seq would make the
        next event add an item twice."""
        events: list[Happened] = []
        if known is not None and after >= 0:
            async with self.db.read() as c:
                events = [Happened.of(e) for e in await c.execute(EVENTS_AFTER, {"meeting_id": meeting_id,
                                                                                 "after": after})]
                touched = {e.item_id for e in events}
                quoted = {v.about_item_id for v in known.scales}
                if events and all(e.kind.name in ITEM_ONLY for e in events) and not quoted & touched:
                    changed = {}
                    for item_id in touched:  # usually one
                        item = await c.get(ITEMS, item_id)
                        if item is not None:
                            changed[item.id] = item
                    return known.patched(changed, seq=events[-1].seq), events
        async with self.db.snapshot() as c:
            meeting = await c.get(MEETINGS, meeting_id)
            if meeting is None:
                return None, []
            if known is not None and after >= 0 and not events and meeting.seq == known.seq:
                return replace(known, meeting=meeting, patched_to=None), []  # nothing new: someone came or went
            events = [Happened.of(e) for e in await c.execute(EVENTS_BETWEEN, {
                "meeting_id": meeting_id, "after": after, "upto": meeting.seq})] if after >= 0 else []
            return await load_board(c, meeting), events

    async def meeting(self, meeting_id: str) -> MeetingRow:
        """The meeting's own row (a fresh read: its status and joining change)."""
        async with self.db.read() as c:
            meeting = await c.get(MEETINGS, meeting_id)
        if meeting is None:
            raise NotFound("That meeting could not be found.")
        return meeting

    async def layout(self, meeting_id: str) -> Layout:
        """The meeting's id and layout, which never change: kept after the first read, so
        drawing a fresh form costs no query."""
        known = self._layouts.get(meeting_id)
        if known is None:
            meeting = await self.meeting(meeting_id)
            if len(self._layouts) > 10_000:
                self._layouts.clear()
            known = self._layouts[meeting_id] = Layout(id=meeting.id, detailed=meeting.detailed)
        return known

    async def seq(self, meeting_id: str) -> int | None:
        async with self.db.read() as c:
            return (await c.execute(SEQ_OF, {"meeting_id": meeting_id})).scalar()

    async def item(self, meeting_id: str, item_id: str) -> ItemRow:
        async with self.db.read() as c:
            return await item_of(c, meeting_id, item_id)
