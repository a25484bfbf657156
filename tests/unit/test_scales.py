"""The spread: pure aggregation of revealed answers."""

from __future__ import annotations

import dataclasses
import re
from types import SimpleNamespace

from meeting_room.read.scales import (
    Answer,
    needs_safety_talk,
    scale_view,
    spread,
    summarise,
)


def a(value, role="family", name="X"):
    return Answer(value=value, name=name, role=role, reason="")


def test_nobody_answered():
    result = spread([])
    assert result.everyone.count == 0 and result.everyone.median is None
    assert result.everyone.median_text == "none"
    assert not needs_safety_talk(result, 1)


def test_one_answer():
    result = spread([a(7)])
    assert (result.everyone.lowest, result.everyone.highest, result.everyone.median) == (7, 7, 7.0)
    assert result.everyone.median_text == "7"


def test_even_count_median_is_halfway_and_shown_as_such():
    result = spread([a(2), a(3), a(6), a(9)])
    assert result.everyone.median == 4.5 and result.everyone.median_text == "4.5"


def test_ties_keep_every_person():
    result = spread([a(5, name="A"), a(5, name="B"), a(5, role="professional", name="C")])
    assert len(result.at(5)) == 3 and result.everyone.median == 5
    assert result.family.count == 2 and result.professionals.count == 1


def test_everybody_at_the_ends():
    zeros = spread([a(0), a(0, "professional")])
    assert (zeros.everyone.lowest, zeros.everyone.highest, zeros.everyone.median_text) == (0, 0, "0")
    assert needs_safety_talk(zeros, 0)
    tens = spread([a(10), a(10, "chair")])
    assert (tens.everyone.lowest, tens.everyone.highest) == (10, 10)
    assert not needs_safety_talk(tens, 1)


def test_groups_are_family_and_professionals_never_averaged_together():
    result = spread([a(2, "family"), a(3, "child"), a(8, "professional"), a(9, "chair")])
    assert (result.family.count, result.family.median) == (2, 2.5)
    assert (result.professionals.count, result.professionals.median) == (2, 8.5)
    assert summarise([]).lowest is None


def test_safety_talk_at_or_below_the_threshold():
    assert needs_safety_talk(spread([a(1), a(7)]), 1)
    assert not needs_safety_talk(spread([a(2), a(7)]), 1)
    assert not needs_safety_talk(None, 10)


def person(pid, name, role="family", status="admitted"):
    return SimpleNamespace(id=pid, name=name, role=role, status=status)


def vote(voter, value, on_behalf="", reason=""):
    return SimpleNamespace(voter_id=voter, value=value, on_behalf=on_behalf, reason=reason)


def scale(status="open", anonymous=False):
    return SimpleNamespace(id="s", question="Q", ten="T", zero="Z", anonymous=anonymous, status=status, prompt=None,
                           about_item_id=None)


def everything_in(obj, seen=None):
    """Every plain value (number, text, None) an object holds, however deep: its attributes, dataclass
    fields, list and dict entries. Anything a template or a socket could get from it."""
    seen = set() if seen is None else seen
    if obj is None or isinstance(obj, (bool, int, float, str, bytes)):
        yield obj
        return
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, dict):
        children = [*obj.keys(), *obj.values()]
    elif isinstance(obj, (list, tuple, set, frozenset)):
        children = list(obj)
    else:
        children = [getattr(obj, f.name) for f in dataclasses.fields(obj)] if dataclasses.is_dataclass(obj) else []
        children += list(getattr(obj, "__dict__", {}).values())  # attributes set outside the fields too
    for child in children:
        yield from everything_in(child, seen)


def answers_in(view, votes) -> list:
    """The votes' numbers and reasons found anywhere in `view` (the counts are not numbers of a vote)."""
    values = {v.value for v in votes}
    reasons = [v.reason for v in votes]
    found = []
    for x in everything_in(view):
        if isinstance(x, bool) or x is None:
            continue
        if isinstance(x, (int, float)) and x in values:
            found.append(x)
        elif isinstance(x, str) and (any(r in x for r in reasons)
                                     or any(re.search(rf"(?<!\d){v}(?!\d)", x) for v in values)):
            found.append(x)
    return found


def test_before_the_reveal_a_view_holds_no_numbers():
    people = [person("c", "Chair", "chair"), person("m", "Mum"), person("t", "Teacher", "professional"),
              person("w", "Waiting", status="waiting"), person("r", "Removed", status="removed")]
    # Values and reasons that no count, name or id of the view can be mistaken for.
    votes = [vote("m", 7, reason="worried about the nights"), vote("c", 9, reason="school is going well"),
             vote("c", 8, on_behalf="Grandad", reason="he sees them daily"), vote("r", 10, reason="left early")]
    view = scale_view(scale(), votes, people)
    assert (view.answered, view.eligible) == (3, 4)  # removed people no longer count
    assert view.not_answered == ["Teacher"]
    assert view.result is None
    assert answers_in(view, votes) == [], f"an open scale's view gives answers away: {answers_in(view, votes)}"
    # The same search finds them once the scale is revealed: it does look where the answers would be.
    revealed = scale_view(scale("revealed"), votes, people)
    assert {7, 8, 9, "worried about the nights", "he sees them daily"} <= set(answers_in(revealed, votes))


def test_after_the_reveal_names_follow_anonymity():
    people = [person("c", "Chair", "chair"), person("m", "Mum")]
    votes = [vote("m", 3, reason="worried"), vote("c", 6)]
    named = scale_view(scale("revealed"), votes, people)
    assert {(x.name, x.value) for x in named.result.answers} == {("Mum", 3), ("Chair", 6)}
    hidden = scale_view(scale("revealed", anonymous=True), votes, people)
    assert {x.name for x in hidden.result.answers} == {""}
    # Groups of one: showing the group would show the person.
    assert hidden.result.groups_hidden and hidden.result.family.count == 0
    big = [person(f"f{i}", f"Family {i}") for i in range(3)] + [person(f"p{i}", f"Pro {i}", "professional")
                                                              for i in range(3)]
    grouped = scale_view(scale("revealed", anonymous=True), [vote(p.id, 5) for p in big], big)
    assert not grouped.result.groups_hidden and grouped.result.family.count == 3
    assert {x.group for x in grouped.result.answers} == {"family", "professional"}


def test_names_on_the_spread_line_never_run_into_each_other():
    from meeting_room.read.scales import Answer, spread
    answers = [Answer(v, name, "family", "") for v, name in
               [(4, "Dana"), (5, "Ms Patel"), (5, "Kim"), (6, "Chris Chair"), (7, "Jo"), (6, "Grandad Bill")]]
    placed = spread(answers).rows(char=15)
    assert len(placed) == len(answers)
    for row in {r for _, r in placed}:
        on_row = sorted((a.value * 100, a.value * 100 + 16 + 15 * len(a.name[:12])) for a, r in placed if r == row)
        for (_, end), (start, _) in zip(on_row, on_row[1:]):
            assert start - 15 > end, f"row {row}: {on_row}"
    assert len({r for a, r in placed if a.value == 6}) == 2  # the same number: one above the other
