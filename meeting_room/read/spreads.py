"""Who said what about a statement ("agree", "disagree", "not sure"): a meeting's spreads, by item."""

from __future__ import annotations

from dataclasses import dataclass, field

CHILD = "child"  # stands for a child's id where the child is not named (never a real id: those are random)


@dataclass
class Spread:
    """Who said what about one statement (participant ids, in the order they said it)."""
    agree: list[str] = field(default_factory=list)
    disagree: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)

    def of(self, answer: str) -> list[str]:
        return getattr(self, answer)


def spreads(rows) -> dict[str, Spread]:
    """Each statement's spread, from a meeting's agreement rows."""
    found: dict[str, Spread] = {}
    for row in sorted(rows, key=lambda r: r.updated_at):
        found.setdefault(row.item_id, Spread()).of(row.answer).append(row.participant_id)
    return found
