"""Scales: private 0–10 answers, shown together as a spread of people, never as one average.

Everything here is pure: it takes rows and returns what a screen may show. Before the reveal a
`ScaleView` carries counts and names only — no numbers — so no template can leak an answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from statistics import median as _median
from typing import Iterable

from meeting_room.core.vocabulary import SCALE_PROMPTS as PROMPTS

FAMILY_ROLES = {"family", "child"}
# On an anonymous scale, figures for a group smaller than this are not shown on their own: a
# group of one would give that person's number away.
SMALLEST_GROUP_SHOWN = 3
# Where the family and the room see them, fewer children's answers than this are not shown at all:
# the room knows who the child is, so one "child" mark is that child's number.
SMALLEST_CHILDREN_SHOWN = 2



@dataclass(frozen=True)
class Answer:
    value: int
    name: str          # empty when the scale is anonymous
    role: str
    reason: str
    on_behalf: bool = False
    child: bool = False  # given by a child or young person, or recorded for one

    @property
    def mark(self) -> str:
        """How the answer is drawn: a child's answer has a mark of its own."""
        return "child" if self.child else self.group

    @property
    def group(self) -> str:
        return "family" if self.role in FAMILY_ROLES else "professional"


@dataclass(frozen=True)
class Summary:
    count: int
    lowest: int | None
    highest: int | None
    median: float | None

    @property
    def median_text(self) -> str:
        if self.median is None:
            return "none"
        return str(int(self.median)) if self.median == int(self.median) else f"{self.median:.1f}"


@dataclass(frozen=True)
class Spread:
    answers: tuple[Answer, ...]
    everyone: Summary
    family: Summary
    professionals: Summary
    groups_hidden: bool = False  # anonymous, and a group too small to show on its own

    def at(self, value: int) -> list[Answer]:
        return [a for a in self.answers if a.value == value]

    def rows(self, unit: int = 100, char: int = 11) -> list[tuple[Answer, int]]:
        """Each answer with the row it is drawn on, so that no name runs into another: a name
        takes about `char` units a letter on a line where each number is `unit` wide."""
        ends: list[float] = []  # where the last name on each row ends
        placed = []
        for answer in sorted(self.answers, key=lambda a: (a.value, a.name)):
            start = answer.value * unit - unit * 0.15
            row = next((n for n, end in enumerate(ends) if end < start), len(ends))
            end = answer.value * unit + 16 + char * len(answer.name[:12] or "")
            if row == len(ends):
                ends.append(end)
            else:
                ends[row] = end
            placed.append((answer, row))
        return placed


def summarise(values: Iterable[int]) -> Summary:
    values = list(values)
    if not values:
        return Summary(0, None, None, None)
    return Summary(len(values), min(values), max(values), float(_median(values)))


def spread(answers: Iterable[Answer]) -> Spread:
    # Sorted by everything shown, so the order never tells who answered first.
    ordered = tuple(sorted(answers, key=lambda a: (a.value, a.group, a.name, a.reason)))
    return Spread(
        answers=ordered,
        everyone=summarise(a.value for a in ordered),
        family=summarise(a.value for a in ordered if a.group == "family"),
        professionals=summarise(a.value for a in ordered if a.group == "professional"),
    )


def needs_safety_talk(result: Spread | None, threshold: int) -> bool:
    """A revealed answer at or below the meeting's threshold asks for a talk about immediate safety."""
    return result is not None and any(a.value <= threshold for a in result.answers)


@dataclass
class ScaleView:
    """What any screen may know about a scale. `result` is only filled after the reveal."""
    id: str
    question: str
    ten: str
    zero: str
    anonymous: bool
    status: str                      # open, revealed, closed
    prompt: str | None
    about: str | None                # the danger statement it is about, if any
    about_item_id: str | None
    answered: int
    eligible: int
    not_answered: list[str] = field(default_factory=list)
    may_answer: list[str] = field(default_factory=list)  # ids of the admitted, to count who is connected
    result: Spread | None = None
    professionals_only: bool = False  # asked during a private discussion
    for_children: bool = False  # a children's scale: only children answer; never put with the adults'
    children_answered: int = 0  # answers given by or for a child (the chair is told before the reveal)
    child_named: bool = False   # the chair chose to show a child's answer by name to everyone
    safety_seen: bool = False  # the chair has seen to the safety talk a low answer called for
    children_withheld: int = 0  # as the family and the room see it: children's answers kept back (too few to hide whose)

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def scale_view(scale, votes, participants, children: Iterable[str] = ()) -> ScaleView:
    """Build the view of one scale from its rows. Numbers are only copied after the reveal.
    `children` are the family's children's first names: an answer recorded for one is a child's."""
    people = {p.id: p for p in participants}
    child_names = {name.casefold() for name in children}

    def by_child(v) -> bool:
        if v.on_behalf:
            return v.on_behalf.strip().casefold() in child_names
        return getattr(people.get(v.voter_id), "role", "") == "child"

    for_children = bool(getattr(scale, "for_children", False))
    def asked(p) -> bool:  # children answer children's questions; the grown-ups' only when shown the full board
        return for_children or getattr(p, "full_board", False) if p.role == "child" else not for_children
    admitted = [p for p in participants if p.status == "admitted" and asked(p)]
    own = {v.voter_id for v in votes if not v.on_behalf}
    counted = [v for v in votes if v.on_behalf or (v.voter_id in people and people[v.voter_id].status == "admitted")]
    on_behalf = [v for v in counted if v.on_behalf]
    view = ScaleView(
        id=scale.id, question=scale.question, ten=scale.ten, zero=scale.zero, anonymous=scale.anonymous,
        status=scale.status, prompt=PROMPTS.get(scale.prompt or ""), about=None,
        about_item_id=scale.about_item_id,
        answered=len(counted), eligible=len(admitted) + len(on_behalf),
        not_answered=[p.name for p in admitted if p.id not in own],
        may_answer=[p.id for p in admitted], professionals_only=bool(getattr(scale, "professionals_only", False)),
        children_answered=sum(1 for v in counted if by_child(v)), for_children=for_children, child_named=bool(getattr(scale, "child_named", False)),
        safety_seen=bool(getattr(scale, "safety_seen", False)),
    )
    if scale.status != "open":
        answers = []
        for v in counted:
            voter = people.get(v.voter_id)
            if v.on_behalf:
                name, role = v.on_behalf, "family"
            else:
                name, role = (voter.name if voter else "Someone"), (voter.role if voter else "family")
            # Anonymous: nothing may tie an answer to a person, not even whom the chair recorded it for.
            answers.append(Answer(value=v.value, name="" if scale.anonymous else name, role=role,
                                  reason=v.reason, on_behalf=bool(v.on_behalf) and not scale.anonymous,
                                  child=by_child(v)))
        view.result = spread(answers)
        if scale.anonymous and _small_group(view.result):
            hidden = [Answer(value=a.value, name="", role="", reason=a.reason, child=a.child) for a in answers]
            result = spread(hidden)
            view.result = Spread(answers=result.answers, everyone=result.everyone, family=Summary(0, None, None, None),
                                 professionals=Summary(0, None, None, None), groups_hidden=True)
    return view


def children_unnamed(view: ScaleView, child_names: frozenset[str] = frozenset()) -> ScaleView:
    """The scale as the shared screen, family devices and the family's record get it. A child's
    answer is an unnamed "child" mark, without the child's reason; with fewer than
    `SMALLEST_CHILDREN_SHOWN` children's answers it is not there at all (nor in the figures), since
    the room knows which child answered. When the chair chose to show it by name for this scale, the
    name shows, never the child's reason. Nor is a child listed as not having answered yet."""
    if child_names and any(name in child_names for name in view.not_answered):
        view = replace(view, not_answered=[n for n in view.not_answered if n not in child_names])
    result = view.result
    if result is None or not any(a.child for a in result.answers):
        return view
    children = [a for a in result.answers if a.child]
    if view.child_named:
        answers = [replace(a, reason="") if a.child else a for a in result.answers]
    elif len(children) < SMALLEST_CHILDREN_SHOWN:
        answers = [a for a in result.answers if not a.child]
    else:
        answers = [Answer(value=a.value, name="", role=a.role, reason="", child=True) if a.child else a
                   for a in result.answers]
    kept = spread(answers)
    if result.groups_hidden:
        kept = replace(kept, family=result.family, professionals=result.professionals, groups_hidden=True)
    withheld = len(result.answers) - len(answers)
    return replace(view, result=kept, children_withheld=withheld)


def _small_group(result: Spread) -> bool:
    return any(0 < group.count < SMALLEST_GROUP_SHOWN for group in (result.family, result.professionals))
