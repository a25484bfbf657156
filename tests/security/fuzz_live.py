"""What the live sockets of the fuzz test's meeting are sent (test_fuzz_stateful.py).

Polling answers with whole snapshots; a live socket is mostly sent pieces: one item appended or
drawn again, a column, an announcement, drawn from a board the hub patches event by event. So
each person's page also has a socket: a `Connection` in the meeting's hub, with the view the
socket handler would give them (`views/common.live_view`). Instead of the hub's task waking on a
doorbell, the test runs the hub's own step (`Hub.sync`) when the meeting has changed, then reads
each outbox as the socket's writer would send it: in order, and nothing after the closing mark.
No socket, no task, no waiting: the same messages, when the test asks for them.
"""

from __future__ import annotations

from collections import Counter

from meeting_room.live.outbox import Connection
from tests.security.fuzz_world import (
    OUTSIDERS,
    Scene,
    Truth,
    Viewer,
    sees_everything,
    takes_part,
)


def live_view(key: str, viewer: Viewer, truth: Truth) -> str | None:
    """The view of this person's socket now, or None: refused at the handshake (or, once the
    meeting is closed, gone to the record)."""
    if not truth.open or key in OUTSIDERS:
        return None
    if key in ("chair", "screen"):
        return key
    person = truth.participants.get(viewer.pid)
    if person is not None and (person.status == "waiting" or (person.status == "admitted" and not person.entered)):
        return "lobby"
    if not takes_part(person):
        return None
    return "member" if sees_everything(person) else "family"


async def _unused(text: str) -> None:
    raise AssertionError("the test reads the outbox; nothing is sent")


class Sockets:
    def __init__(self, hubs, scene: Scene, tally: Counter):
        self.hubs, self.hub, self.tally = hubs, hubs.hub(scene.meeting_id), tally
        self.open: dict[str, Connection] = {}

    async def sent(self, scene: Scene, truth: Truth) -> list[tuple[str, str]]:
        """(who, message) for everything sent since the last call: to the sockets open now, then
        the first message of the pages that connect anew (their view changed: a new page)."""
        self.tally.update("state: removed while connected" for key, conn in self.open.items() if conn.view != "lobby"
                          and getattr(truth.participants.get(scene.viewers[key].pid), "status", "") == "removed")
        sent = await self._sync()
        arrived = False
        for key, viewer in scene.viewers.items():
            view, conn = live_view(key, viewer, truth), self.open.get(key)
            if conn is not None and conn.view != view:
                self._close(key)
                conn = None
            if conn is None and view is not None:
                pid = None if view == "screen" else viewer.pid
                self.open[key] = Connection(send=_unused, view=view, participant_id=pid, chair_session=None,
                                            base_url="http://testserver")
                self.hub.connections.add(self.open[key])
                arrived = True
        return sent + (await self._sync() if arrived else [])

    async def _sync(self) -> list[tuple[str, str]]:
        await self.hub.sync()
        sent = []
        for key, conn in list(self.open.items()):
            while conn.outbox:
                text = conn.outbox.popleft()
                if text is None:  # the writer stops here and the socket closes
                    self._close(key)
                    break
                sent.append((key, text))
        return sent

    def _close(self, key: str) -> None:
        self.hub.connections.discard(self.open.pop(key))

    async def close_all(self) -> None:
        """Every page of the example is closed: the hub goes, as after its last socket."""
        for key in list(self.open):
            self._close(key)
        self.hub.on_empty(self.hub)
