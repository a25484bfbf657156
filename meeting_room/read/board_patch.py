"""Patching a board's item lists in place, item by item: the cost of an edit grows with the items
it changed, not with the meeting (a 1,500-item meeting was sorted whole on every edit before)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from operator import attrgetter
from typing import Any

ITEM_ORDER = attrgetter("position", "created_at")  # the order the database gives (boards.ITEMS_OF)


def patched(board, changed: dict[str, Any], seq: int):
    """A copy with these items as they are now, at sequence number `seq`. Its cost grows with
    the items changed, not with the meeting: each goes in at its place (`bisect`), and the
    family's copy, when one was worked out, is patched along (without professionals-only items)."""
    new = replace(board, items=list(board.items), removed_items=list(board.removed_items), patched_to=seq)
    index, hidden = dict(board.item_index), set(board.hidden_ids)
    for item in changed.values():
        place(new, index, item)
        (hidden.add if item.professionals_only else hidden.discard)(item.id)
    new.__dict__.update(item_index=index, hidden_ids=frozenset(hidden))
    family = board.__dict__.get("_family")
    if family is not None and family is not board and not board.meeting.private and family.participants:
        family_new = replace(family, items=list(family.items), removed_items=list(family.removed_items),
                             patched_to=seq)
        family_index = dict(family.item_index)
        for item in changed.values():
            place(family_new, family_index, None if item.professionals_only else item, item.id)
        family_new.__dict__.update(item_index=family_index)
        new.__dict__["_family"] = family_new
    return new


def place(board, index: dict[str, Any], item, item_id: str | None = None) -> None:
    """Take the item's old version out of `board`'s lists (in place) and put `item` in where it
    belongs, in the order the database gives (position, then created_at); None: only take it out."""
    item_id = item.id if item is not None else item_id
    old = index.pop(item_id, None)
    if old is not None:
        _take_out(board.removed_items if old.removed else board.items, old)
    if item is not None:
        index[item.id] = item
        into = board.removed_items if item.removed else board.items
        at = bisect_left(into, ITEM_ORDER(item), key=ITEM_ORDER)
        while at < len(into) and ITEM_ORDER(into[at]) == ITEM_ORDER(item):
            at += 1  # after its equals, as a stable sort puts a newer row
        into.insert(at, item)


def _take_out(rows: list, old) -> None:
    at = bisect_left(rows, ITEM_ORDER(old), key=ITEM_ORDER)
    while at < len(rows) and ITEM_ORDER(rows[at]) == ITEM_ORDER(old):
        if rows[at].id == old.id:
            del rows[at]
            return
        at += 1
    for at, row in enumerate(rows):  # not where its order says (never expected): look everywhere
        if row.id == old.id:
            del rows[at]
            return
