"""Practice reporting (issue 26, point 5): figures about a team's closed meetings in a date range,
for its practice leads. Never writes; names no child or family member (cases by reference only).

Each figure is a share of the meetings held, with the meetings behind it. Scales' movement compares,
for each family with two or more meetings in the range, the middle answer (median) of the same
question (same words, same meaning for 0 and 10) at its first and latest meeting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from statistics import median

from sqlalchemy import bindparam, select

from meeting_room.core.vocabulary import MEETING_KIND_LABELS
from meeting_room.store.db import Database
from meeting_room.store.models import Dissent, Item, Meeting, Participant, Scale, Vote
from meeting_room.store.record_tables import FeedbackAnswer

MEETINGS, ITEMS, PEOPLE = Meeting.__table__, Item.__table__, Participant.__table__
SCALES, VOTES, DISSENTS = Scale.__table__, Vote.__table__, Dissent.__table__
HELD = (select(MEETINGS).where(MEETINGS.c.team_id == bindparam("team_id"), MEETINGS.c.status == "closed",
                               MEETINGS.c.held_on >= bindparam("start"), MEETINGS.c.held_on <= bindparam("end"))
        .order_by(MEETINGS.c.held_on, MEETINGS.c.created_at))
ITEMS_OF = select(ITEMS).where(ITEMS.c.meeting_id == bindparam("meeting_id"), ITEMS.c.removed.is_(False))
PEOPLE_OF = select(PEOPLE).where(PEOPLE.c.meeting_id == bindparam("meeting_id"))
DISSENT_OF = select(DISSENTS.c.id).where(DISSENTS.c.meeting_id == bindparam("meeting_id"))
SCALES_OF = select(SCALES).where(SCALES.c.meeting_id == bindparam("meeting_id"), SCALES.c.status != "open")
VOTES_OF = select(VOTES.c.value).where(VOTES.c.scale_id == bindparam("scale_id"))
FEEDBACK = FeedbackAnswer.__table__
LISTENED_OF = select(FEEDBACK.c.listened).where(FEEDBACK.c.meeting_id == bindparam("meeting_id"))
SHOWN_FROM = 3  # feedback counts only from meetings where three or more people answered (as the chair sees it)

FIGURES = (
    ("working_well", "“What's working well?” filled in"),
    ("child_view", "With the child's own words"),
    ("danger", "With danger statements"),
    ("steps_complete", "Every next step says who and by when"),
    ("dissent", "Disagreement with the decision recorded"),
    ("family", "The family took part"),
)


@dataclass(frozen=True)
class Held:
    """A meeting as this page shows it: no names."""
    id: str
    case: str  # the case reference
    held_on: date
    kind: str


@dataclass
class Figure:
    key: str
    label: str
    meetings: list[Held] = field(default_factory=list)


@dataclass(frozen=True)
class Movement:
    case: str
    question: str
    first: float
    latest: float

    @property
    def change(self) -> float:
        return self.latest - self.first


@dataclass
class Practice:
    held: list[Held]
    by_kind: dict[str, list[Held]]
    figures: list[Figure]
    movements: list[Movement]
    listened: list[int] = field(default_factory=list)  # "How much did you feel listened to?" 0-10
    listened_at: list[Held] = field(default_factory=list)  # the meetings those answers came from

    @property
    def listened_median(self) -> float | None:
        return median(self.listened) if len(self.listened) >= SHOWN_FROM else None

    def movement_summary(self) -> tuple[float, float, float] | None:
        """The median change and its range, across families."""
        changes = [m.change for m in self.movements]
        return (median(changes), min(changes), max(changes)) if changes else None


def _facts(items, people, dissent: bool) -> set[str]:
    steps = [i for i in items if i.section == "steps"]
    children = {p.id for p in people if p.role == "child"}
    return {key for key, true in (
        ("working_well", any(i.column == "working" and not i.professionals_only for i in items)),
        ("child_view", any(i.author_id in children or getattr(i, "child_words", False) for i in items)),
        ("danger", any(i.section == "danger" for i in items)),
        ("steps_complete", bool(steps) and all(i.owner and i.due_on for i in steps)),
        ("dissent", dissent),
        ("family", any(p.role == "family" and p.status == "admitted" for p in people)),
    ) if true}


async def practice(db: Database, team_id: str, start: date, end: date) -> Practice:
    figures = {key: Figure(key, label) for key, label in FIGURES}
    held, scales, listened, listened_at = [], {}, [], []
    async with db.snapshot() as c:
        for m in (await c.execute(HELD, {"team_id": team_id, "start": start, "end": end})).all():
            one = Held(m.id, m.case_id, m.held_on, MEETING_KIND_LABELS.get(m.kind, m.kind))
            held.append(one)
            items = (await c.execute(ITEMS_OF, {"meeting_id": m.id})).all()
            people = (await c.execute(PEOPLE_OF, {"meeting_id": m.id})).all()
            dissent = (await c.execute(DISSENT_OF, {"meeting_id": m.id})).first() is not None
            for key in _facts(items, people, dissent):
                figures[key].meetings.append(one)
            scales[m.id] = await _medians(c, m.id)
            answers = (await c.execute(LISTENED_OF, {"meeting_id": m.id})).all()
            if len(answers) >= SHOWN_FROM:  # fewer could be told apart, as on the chair's own page
                listened += [a.listened for a in answers if a.listened is not None]
                listened_at.append(one)
    by_kind: dict[str, list[Held]] = {}
    for one in held:
        by_kind.setdefault(one.kind, []).append(one)
    return Practice(held, by_kind, list(figures.values()), _movements(held, scales), listened, listened_at)


async def _medians(c, meeting_id: str) -> dict[tuple, float]:
    """Each shown scale's middle answer, by its exact wording (question, what 10 and 0 mean)."""
    found = {}
    for s in (await c.execute(SCALES_OF, {"meeting_id": meeting_id})).all():
        values = [v.value for v in (await c.execute(VOTES_OF, {"scale_id": s.id})).all()]
        if values:
            found[(s.question, s.ten, s.zero)] = median(values)
    return found


def _movements(held: list[Held], scales: dict[str, dict]) -> list[Movement]:
    by_case: dict[str, list[Held]] = {}
    for one in held:
        by_case.setdefault(one.case, []).append(one)
    moves = []
    for case, meetings in by_case.items():
        if len(meetings) < 2:
            continue
        first, latest = scales[meetings[0].id], scales[meetings[-1].id]
        for wording in sorted(first.keys() & latest.keys()):
            moves.append(Movement(case, wording[0], first[wording], latest[wording]))
    return moves
