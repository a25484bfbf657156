"""CPU per operation on the hot path of an edit, in-process (no sockets, no network).

Shows where the ~10 ms of server CPU per edit goes, to guide the next optimisation.
Run by hand:  python benchmarks/operations.py [--database-url postgresql://…/empty_db]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from meeting_room.core.fragments import ItemFragment  # noqa: E402
from meeting_room.store.db import migrate  # noqa: E402
from meeting_room.web.app import create_app  # noqa: E402
from meeting_room.web.settings import Settings  # noqa: E402
from tests.helpers import Person, meeting_with_mum  # noqa: E402


async def measure(label: str, times: int, operation) -> None:
    started = time.process_time()
    for i in range(times):
        await operation(i)
    print(f"{label:<44} {1000 * (time.process_time() - started) / times:6.2f} ms CPU")


async def main(database_url: str, times: int) -> None:
    url = database_url or f"sqlite:///{tempfile.mkdtemp()}/ops.db"
    await asyncio.to_thread(migrate, url)
    app = create_app(Settings(database_url=url, items_per_minute=10**9, joins_per_address=10**9,
                              trusted_hosts=["testserver", "127.0.0.1"]))
    async with app.router.lifespan_context(app):
        chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.in_process(app), url)
        state, render = app.state.mr, app.state.mr.renderer
        boards, people, items = state.boards, state.people, state.items
        secret = mum.client.cookies.get("mr_p")
        me, _ = await people.session(meeting_id, secret, state.settings.participant_idle_hours)

        await measure("who is asking (one read)", times, lambda i: people.session(
            meeting_id, secret, state.settings.participant_idle_hours))
        await measure("add an item (the write transaction)", times, lambda i: items.add(
            meeting_id, me.id, column="worries", section="harm", text=f"item {i}", client_token=f"a{i}"))
        board = await boards.board(meeting_id)
        await measure("hub: what changed (one new event)", times, lambda i: boards.changes(meeting_id, board.seq - 1,
                                                                                               board))
        await measure(f"hub: whole board ({len(board.items)} items)", max(1, times // 10),
                      lambda i: boards.board(meeting_id))
        _, events = await boards.changes(meeting_id, board.seq - 1, None)

        async def draw(i):
            render("member", ItemFragment("add", board.items[-1].id), board, frozenset(), events)
        await measure("render one item for one view", times, draw)
        await measure("a whole POST, in-process client included", times, lambda i: mum.post(
            f"/meetings/{meeting_id}/items", {"column": "worries", "section": "harm", "text": f"post {i}",
                                              "client_token": f"p{i}"}))
        await chair.close()
        await mum.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--times", type=int, default=300)
    args = parser.parse_args()
    asyncio.run(main(args.database_url, args.times))
