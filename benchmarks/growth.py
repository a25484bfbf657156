"""Does an edit cost more in a bigger meeting? In-process (no sockets, no network): the meeting is
filled to each size in turn, and at each size `--times` edits are timed, split into the write (the
domain's transaction) and the hub's work for it (what changed, the board patched, the fragments
drawn for every view), as the live path does them.

Run by hand:  python benchmarks/growth.py [--sizes 50,500,1500] [--times 200] [--database-url …]
To compare two checkouts: PYTHONPATH=<checkout> python benchmarks/growth.py
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from meeting_room.live.drawing import Drawing, keys_for_events  # noqa: E402
from meeting_room.store.db import migrate  # noqa: E402
from meeting_room.web.app import create_app  # noqa: E402
from meeting_room.web.settings import Settings  # noqa: E402
from tests.helpers import Person, meeting_with_mum  # noqa: E402

VIEWS = ("chair", "member", "family", "screen")


async def main(database_url: str, sizes: list[int], times: int) -> None:
    url = database_url or f"sqlite:///{tempfile.mkdtemp()}/growth.db"
    await asyncio.to_thread(migrate, url)
    app = create_app(Settings(database_url=url, items_per_minute=10**9, joins_per_address=10**9,
                              trusted_hosts=["testserver", "127.0.0.1"]))
    async with app.router.lifespan_context(app):
        chair, mum, meeting_id, _ = await meeting_with_mum(lambda: Person.in_process(app), url)
        state = app.state.mr
        me, _ = await state.people.session(meeting_id, mum.client.cookies.get("mr_p"),
                                           state.settings.participant_idle_hours)
        made = 0

        async def add(text: str):
            await state.items.add(meeting_id, me.id, column="worries", section="harm", text=text)

        print(f"{'items':>6} {'write ms CPU':>13} {'hub ms CPU':>11} {'hub ms p99 wall':>16}")
        for size in sizes:
            while made < size:
                await add(f"filler {made}")
                made += 1
            board = await state.boards.board(meeting_id)
            write_cpu = hub_cpu = 0.0
            hub_wall = []
            for i in range(times):
                started = time.process_time()
                await add(f"timed {size}.{i}")
                made += 1
                write_cpu += time.process_time() - started
                started, wall = time.process_time(), time.perf_counter()
                board_now, events = await state.boards.changes(meeting_id, board.seq, board)
                dirty, singles = keys_for_events(events, board_now)
                drawing = Drawing(state.renderer, board_now, frozenset(), events, dirty, singles, True)
                for view in VIEWS:
                    drawing.message(view, False, "")
                hub_cpu += time.process_time() - started
                hub_wall.append(time.perf_counter() - wall)
                board = board_now
            hub_wall.sort()
            print(f"{size:>6} {1000 * write_cpu / times:13.3f} {1000 * hub_cpu / times:11.3f} "
                  f"{1000 * hub_wall[int(0.99 * (len(hub_wall) - 1))]:16.3f}", flush=True)
        await chair.close()
        await mum.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--sizes", default="50,500,1500")
    parser.add_argument("--times", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.database_url, [int(s) for s in args.sizes.split(",")], args.times))
