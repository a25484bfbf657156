"""What each view shows, which fragments a batch of events changed, and the messages of one
change: each fragment rendered once, each view's message put together once."""

from __future__ import annotations

from typing import Callable

from meeting_room.core.events import Happened
from meeting_room.core.fragments import (
    ColumnFragment,
    Fragment,
    ItemFragment,
    Key,
    LobbyFragment,
)
from meeting_room.core.vocabulary import COLUMNS
from meeting_room.read.boards import Board

F = Fragment
COLUMN_KEYS = tuple(ColumnFragment(c.key) for c in COLUMNS)
SCREEN_PRESENT = "screen"  # in the presence set while a shared screen of the meeting is connected
VIEW_KEYS: dict[str, tuple[Key, ...]] = {
    "chair": COLUMN_KEYS + (F.ROSTER, F.LOBBY, F.JOIN, F.REMOVED, F.SCALE, F.SCALE_LOADER, F.SCREEN_STATUS,
                            F.ANNOUNCE, F.PAUSE, F.NOTICES, F.AGENDA, F.PICTURES),
    "member": COLUMN_KEYS + (F.ROSTER, F.SCALE, F.SCALE_LOADER, F.ANNOUNCE, F.PAUSE, F.SCALE_NOTICE, F.AGENDA,
                             F.PICTURES, F.MOMENT_CHECK),
    "family": COLUMN_KEYS + (F.ROSTER, F.SCALE, F.SCALE_LOADER, F.ANNOUNCE, F.PAUSE, F.SCALE_NOTICE,
                             F.AGENDA, F.MOMENT_CHECK),  # family and children
    "screen": COLUMN_KEYS + (F.ROSTER, F.JOIN, F.SCALE, F.PAUSE, F.AGENDA, F.SCREEN_MODE),
    # a child or young person: the three houses (the columns, drawn as houses), as family devices see them
    "child": COLUMN_KEYS + (F.ROSTER, F.SCALE, F.SCALE_LOADER, F.ANNOUNCE, F.PAUSE, F.SCALE_NOTICE, F.AGENDA,
                            F.MOMENT_CHECK),
}
PRESENCE_KEYS = (F.ROSTER, F.SCREEN_STATUS, F.SCALE)  # what shows who is connected: a page drawn earlier may be behind
SAME_FOR_EVERY_VIEW = frozenset({F.STATE})  # (announcements differ: the family's leave out what they cannot see)
ALL_KEYS = frozenset(k for keys in VIEW_KEYS.values() for k in keys)
SNAPSHOT_KEYS = {view: tuple(k for k in keys if k != F.ANNOUNCE) for view, keys in VIEW_KEYS.items()}


def snapshot(render: Callable, view: str, board: Board, presence, base_url: str = "") -> str:
    """Everything a view shows, as fragments: sent to every socket that (re)connects."""
    return "".join(render(view, key, board, presence, [], base_url)
                   for key in SNAPSHOT_KEYS[view] + (F.STATE,))


def keys_for_events(events: list[Happened], board: Board) -> tuple[set[Key], list[ItemFragment | LobbyFragment]]:
    """Which fragments a batch of events changed (see `events.KINDS`): whole fragments, and, in
    order, single items and waiting-list entries, so that adding or editing one item sends one
    item, not its column, and one more person waiting sends one entry, not the whole list."""
    keys: set[Key] = set()
    items: list[tuple[ItemFragment, str]] = []
    about = board.current_scale.about_item_id if board.current_scale else None
    for e in events:
        kind = e.kind
        if kind.everything:
            keys |= ALL_KEYS
        keys |= kind.redraws
        if kind.columns:
            keys |= {ColumnFragment(c) for c in e.columns()}
        if kind.item:
            items.append((ItemFragment(kind.item, e.item_id), e.data.get("column")))
        if e.item_id is not None and e.item_id == about:
            keys.add(F.SCALE)  # the scale on screen quotes this danger statement
    # A column drawn again whole already shows its items as they are now.
    singles = [item for item, column in items if ColumnFragment(column) not in keys]
    return keys, singles + lobby_entries(events, board, keys)


def lobby_entries(events: list[Happened], board: Board, keys: set[Key]) -> list[LobbyFragment]:
    """The waiting list's changes, entry by entry. It is drawn whole (adding to `keys`) when it
    is, or was, empty: then it is small, and "Nobody is waiting." comes or goes with it."""
    entries = [LobbyFragment(e.kind.lobby, e.data["participant"]) for e in events
               if e.kind.lobby == "wait" or (e.kind.lobby == "leave" and e.data.get("before") == "waiting")]
    if not entries or F.LOBBY in keys:
        return []
    waiting_now = len(board.people("waiting"))
    waiting_before = waiting_now - sum(1 if e.action == "wait" else -1 for e in entries)
    if waiting_now == 0 or waiting_before <= 0:
        keys.add(F.LOBBY)
        return []
    came_and_went = {e.participant_id for e in entries if e.action == "wait"} & \
        {e.participant_id for e in entries if e.action == "leave"}  # never on the page: nothing to send
    return [e for e in entries if e.participant_id not in came_and_went]


class Drawing:
    """The messages of one change: each fragment rendered once (per address, for the join
    details), each view's message put together once, whatever the number of sockets."""

    def __init__(self, render: Callable, board: Board, presence: frozenset[str], events: list[Happened],
                 dirty: set[Key], item_keys: list[ItemFragment | LobbyFragment], seq_moved: bool):
        self.render, self.board, self.presence, self.events = render, board, presence, events
        self.rendered = 0  # fragments rendered, for the benchmarks
        self.dirty, self.item_keys, self.seq_moved = dirty, item_keys, seq_moved
        self.fragments: dict[tuple, str] = {}
        self.messages: dict[tuple, str] = {}

    def fragment(self, view: str, key: Key, base: str) -> str:
        # Only the join details quote the address; one is rendered per address in use.
        slot = ("", key, "") if key in SAME_FOR_EVERY_VIEW else (view, key, base if key == F.JOIN else "")
        if slot not in self.fragments:
            self.fragments[slot] = self.render(view, key, self.board, self.presence, self.events, base)
            self.rendered += 1
        return self.fragments[slot]

    def _singles(self, view: str) -> list[Key]:
        """Single items for every view; waiting-list entries for the views that show the list."""
        lobby = F.LOBBY in VIEW_KEYS[view]
        return [k for k in self.item_keys if lobby or not isinstance(k, LobbyFragment)]

    def message(self, view: str, whole: bool, base: str) -> str:
        slot = (view, whole, base)
        if slot not in self.messages:
            wanted = list(SNAPSHOT_KEYS[view]) if whole else \
                [k for k in VIEW_KEYS[view] if k in self.dirty] + self._singles(view)
            # A change this view does not show still moves its sequence number on, so that the
            # page's watchdog can trust the number in each heartbeat.
            self.messages[slot] = "".join(self.fragment(view, k, base) for k in wanted + [F.STATE]) \
                if wanted or self.seq_moved else ""
        return self.messages[slot]

    def since(self, view: str, base: str, caught_up: bool) -> str:
        """The first message to a page drawn at the sequence number this change starts from (or,
        `caught_up`, at the one it ends at): what changed since, and who is connected now, instead
        of the whole meeting again. Never more than the view's own fragments, drawn for it."""
        slot = ("since", view, caught_up, base)
        if slot not in self.messages:
            wanted = [] if caught_up else [k for k in VIEW_KEYS[view] if k in self.dirty and k != F.ANNOUNCE] + \
                self._singles(view)
            wanted += [k for k in PRESENCE_KEYS if k in VIEW_KEYS[view] and k not in wanted]
            self.messages[slot] = "".join(self.fragment(view, k, base) for k in wanted + [F.STATE])
        return self.messages[slot]


def catch_up_from(conn, before: int, drawing: Drawing) -> int | None:
    """The sequence number a new socket's page can be brought up to date from, with only what
    changed since: the page's own (`?seen=`), when it is where this hub was before this change
    or where it is now. Anything else (too old, unknown, garbage, a hub that had nothing yet), a
    change that redraws everything (a private discussion, the screen blanked) or one about this
    person (let in, asked to wait outside, their view changed): the whole view, as always."""
    seen = conn.seen
    if seen is None or before < 0 or seen not in (before, drawing.board.seq):
        return None
    if seen == drawing.board.seq:
        return seen
    if any(e.kind.everything or (conn.participant_id and e.data.get("participant") == conn.participant_id)
           for e in drawing.events):
        return None
    return seen
