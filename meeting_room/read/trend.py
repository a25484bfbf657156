"""A scale question across a family's meetings: the middle answer and the range at each meeting,
as a small picture (SVG, drawn here on the server) and as words. Scales are only put together
when their question and what 0 and 10 mean are word for word the same: a question asked the other
way round is a different line, never averaged with this one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median
from xml.sax.saxutils import escape

from sqlalchemy import bindparam, select

from meeting_room.store.db import Connection
from meeting_room.store.models import Meeting, Scale, Vote

WIDTH, HEIGHT, PAD = 320, 140, 24


@dataclass(frozen=True)
class Point:
    held_on: date
    lowest: int
    highest: int
    middle: float
    count: int

    @property
    def words(self) -> str:
        middle = str(int(self.middle)) if self.middle == int(self.middle) else f"{self.middle:.1f}"
        answers = "1 answer" if self.count == 1 else f"{self.count} answers"
        return f"{self.held_on.strftime('%-d %b %Y')}: {self.lowest} to {self.highest}, middle {middle} ({answers})"


@dataclass(frozen=True)
class Trend:
    question: str
    ten: str
    zero: str
    points: tuple[Point, ...]

    @property
    def words(self) -> str:
        return "; ".join(p.words for p in self.points)

    def svg(self) -> str:
        """Each meeting left to right; 0 at the bottom, 10 at the top; a bar for the range and a
        dot for the middle answer. Decorative for screen readers: `words` says the same."""
        step = (WIDTH - 2 * PAD) / max(1, len(self.points) - 1)
        y = lambda v: HEIGHT - PAD - v * (HEIGHT - 2 * PAD) / 10  # noqa: E731
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="trend" '
                 f'aria-hidden="true" focusable="false">',
                 f'<line x1="{PAD}" y1="{y(0)}" x2="{WIDTH - PAD}" y2="{y(0)}" class="axis"/>',
                 f'<text x="4" y="{y(0) + 4}" class="tick">0</text><text x="0" y="{y(10) + 4}" class="tick">10</text>']
        previous = None
        for n, p in enumerate(self.points):
            x = PAD + n * step if len(self.points) > 1 else WIDTH / 2
            parts.append(f'<line x1="{x:.1f}" y1="{y(p.lowest):.1f}" x2="{x:.1f}" y2="{y(p.highest):.1f}" class="range"/>')
            if previous is not None:
                parts.append(f'<line x1="{previous[0]:.1f}" y1="{previous[1]:.1f}" x2="{x:.1f}" '
                             f'y2="{y(p.middle):.1f}" class="path"/>')
            parts.append(f'<circle cx="{x:.1f}" cy="{y(p.middle):.1f}" r="5" class="middle"/>')
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 4}" text-anchor="middle" class="tick">'
                         f'{escape(p.held_on.strftime("%-d %b"))}</text>')
            previous = (x, y(p.middle))
        parts.append("</svg>")
        return "".join(parts)


def trends(asked: list[tuple[date, object, list[int]]]) -> dict[tuple[str, str, str], Trend]:
    """`asked`: (the meeting's day, the scale, its answers) for every scale whose answers were
    shown. One trend per exact wording, its meetings in order."""
    grouped: dict[tuple[str, str, str], list[Point]] = {}
    for held_on, scale, values in sorted(asked, key=lambda a: (a[0], a[1].created_at)):
        if not values:
            continue
        key = (scale.question, scale.ten, scale.zero)
        grouped.setdefault(key, []).append(Point(held_on, min(values), max(values), float(median(values)),
                                                 len(values)))
    return {key: Trend(*key, points=tuple(points)) for key, points in grouped.items()}


MEETINGS, SCALES, VOTES = Meeting.__table__, Scale.__table__, Vote.__table__
SHOWN_SCALES_OF_CASE = (select(SCALES, MEETINGS.c.held_on).join(MEETINGS, MEETINGS.c.id == SCALES.c.meeting_id)
                        .where(MEETINGS.c.case_id == bindparam("case_id"), SCALES.c.status != "open",
                               SCALES.c.professionals_only.is_(False),  # trends are everyone's to see
                               SCALES.c.for_children.is_(False)))  # a children's scale is never put with the adults'
VOTES_OF_CASE = (select(VOTES.c.scale_id, VOTES.c.value).join(SCALES, SCALES.c.id == VOTES.c.scale_id)
                 .join(MEETINGS, MEETINGS.c.id == SCALES.c.meeting_id)
                 .where(MEETINGS.c.case_id == bindparam("case_id"), SCALES.c.status != "open"))


async def case_trends(c: Connection, case_id: str) -> dict[tuple[str, str, str], Trend]:
    """Every scale question asked of this family whose answers were shown, across its meetings."""
    scales = (await c.execute(SHOWN_SCALES_OF_CASE, {"case_id": case_id})).all()
    values: dict[str, list[int]] = {}
    for scale_id, value in await c.execute(VOTES_OF_CASE, {"case_id": case_id}):
        values.setdefault(scale_id, []).append(value)
    return trends([(s.held_on, s, values.get(s.id, [])) for s in scales])
