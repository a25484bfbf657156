"""The fan-out benchmark's other loads (run through benchmarks/fanout.py):

`--writer-readers READERS`: one meeting; one writer adds an item every `--writer-every` seconds
(0.25) and waits for each answer, READERS people only read, and `--writers` background writers add
`--writer-rate` items a second each (2.5). Everyone has a live socket. Reported: delivery time
from an edit's sending to each reader's socket (all (edit, reader) pairs, and per reader), and
the writer's answer time. This is the load of the side-by-side run with Etherpad (issue 28).

`--find-capacity`: M meetings × N people as in the plain run (with `--workers` and `--affinity`
too); the total edit rate starts at `--start-rate` and doubles each step (`--seconds` long, on
the same sockets) until a step's p99 exceeds `--target-ms` (100) or anything is lost or refused;
then `--bisect` steps narrow it down. The capacity is the highest total rate that held.
"""

from __future__ import annotations

import asyncio
import gc
import random
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path

import fanout
from fanout import KeepAlivePoster, Results, percentile, post_item


def ms(value: float) -> float:
    return round(value * 1000, 1)


async def _started(args, people: int, meetings: int):
    server, base, ws_base = await fanout.start_app(args, fanout.free_port(), Path(tempfile.mkdtemp(prefix="mr-bench-")))
    try:
        found = await fanout.app_setup(base[0] if isinstance(base, list) else base, meetings, people)
    except BaseException:
        server.terminate()
        raise
    return server, base, ws_base, found


def _settle_gc() -> None:
    gc.freeze()  # the load generator's own pauses would count as latency: keep them short
    gc.set_threshold(50_000, 20, 100)


async def _wait_delivered(results: Results, keys, expected: int, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(len(results.received.get(k, [])) < expected for k in keys):
        await asyncio.sleep(0.1)


# ------------------------------------------------------------------ one writer, N readers, W writers

async def _drive_writers(base: str, meeting, writer, background: list, args, results: Results,
                         answers: list[float], stop: asyncio.Event) -> None:
    address = urllib.parse.urlsplit(base)
    in_flight: set[asyncio.Task] = set()

    def next_key():
        key = (0, meeting.next_k)
        meeting.next_k += 1
        results.sent[key] = time.monotonic()
        return key

    async def the_writer():
        poster = KeepAlivePoster(address.hostname, address.port)
        next_at = time.monotonic()
        while not stop.is_set():
            await post_item(poster, base, meeting, writer, next_key(), results, answers)  # waits for its answer
            next_at += args.writer_every
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        poster.close()

    async def a_background_writer(person):
        poster = KeepAlivePoster(address.hostname, address.port)
        await asyncio.sleep(random.random() / args.writer_rate)
        next_at = time.monotonic()
        while not stop.is_set():
            task = asyncio.create_task(post_item(poster, base, meeting, person, next_key(), results))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
            next_at += 1 / args.writer_rate
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        while in_flight:
            await asyncio.sleep(0.05)
        poster.close()

    tasks = [asyncio.create_task(the_writer())] + [asyncio.create_task(a_background_writer(p)) for p in background]
    await asyncio.sleep(args.seconds)
    stop.set()
    await asyncio.gather(*tasks)


async def writer_readers(args) -> dict:
    readers_n, writers_n = args.writer_readers, args.writers
    server, base, ws_base, (meeting,) = await _started(args, 1 + readers_n + writers_n, 1)
    results, answers, stop = Results(), [], asyncio.Event()
    try:
        writer, readers, background = meeting.chair, meeting.people[:readers_n], meeting.people[readers_n:]
        everyone = [writer] + readers + background
        sockets = [(0, f"{ws_base}/meetings/{meeting.id}/ws", {"Origin": base, "Cookie": p.cookie}) for p in everyone]
        mines = [dict() for _ in everyone]
        listeners = await fanout.open_sockets(sockets, args.arrival, results, asyncio.Event(), mines)
        await asyncio.sleep(min(3.0, args.settle))
        _settle_gc()
        cpu_before, wall_before = fanout.server_cpu(server), time.monotonic()
        await _drive_writers(base, meeting, writer, background, args, results, answers, stop)
        wall = time.monotonic() - wall_before
        cpu = fanout.server_cpu(server) - cpu_before
        await _wait_delivered(results, results.acknowledged, len(everyone))
        for t in listeners:
            t.cancel()
    finally:
        server.terminate()
        server.wait(10)
    reader_mines = mines[1:1 + readers_n]
    per_reader = [[mine[k] - results.sent[(0, k)] for k in mine if (0, k) in results.acknowledged]
                  for mine in reader_mines]
    pairs = [v for lat in per_reader for v in lat]
    missing = sum(1 for mine in reader_mines for key in results.acknowledged if key[1] not in mine)
    p99s = [percentile(lat, 99) for lat in per_reader if lat]
    p50s = [percentile(lat, 50) for lat in per_reader if lat]
    return {
        "mode": "writer and readers", "machine_speed_ms": fanout.machine_speed_ms(),
        "database": "postgresql" if args.database_url else "sqlite", "workers": args.workers,
        "readers": readers_n, "background_writers": writers_n, "writer_every_s": args.writer_every,
        "background_rate_each": args.writer_rate, "seconds": args.seconds,
        "edits": len(results.sent), "edits_per_second": round(len(results.sent) / wall, 1),
        "post_errors": results.errors, "posts_unanswered": len(results.sent) - len(results.acknowledged) - results.errors,
        "reader_ms_p50": ms(percentile(pairs, 50)), "reader_ms_p95": ms(percentile(pairs, 95)),
        "reader_ms_p99": ms(percentile(pairs, 99)), "reader_ms_max": ms(max(pairs, default=0)),
        "per_reader_p50_ms_median": ms(statistics.median(p50s)) if p50s else None,
        "per_reader_p99_ms_median": ms(statistics.median(p99s)) if p99s else None,
        "per_reader_p99_ms_worst": ms(max(p99s)) if p99s else None,
        "writer_answer_ms_p50": ms(percentile(answers, 50)), "writer_answer_ms_p95": ms(percentile(answers, 95)),
        "writer_answer_ms_p99": ms(percentile(answers, 99)),
        "incomplete_deliveries": missing,
        "server_cpu_percent": round(100 * cpu / wall, 1),
        "server_cpu_ms_per_edit": round(1000 * cpu / max(1, len(results.sent)), 2),
    }


# ------------------------------------------------------------------ capacity

async def _step(base: str | list[str], server, meetings, total_rate: float, args, results: Results) -> dict:
    before, answered_before = set(results.sent), len(results.post_latency)
    cpu_before, wall_before = fanout.server_cpu(server), time.monotonic()
    await fanout.app_drive(base, meetings, total_rate / len(meetings), args.seconds, results, asyncio.Event())
    wall = time.monotonic() - wall_before
    cpu = fanout.server_cpu(server) - cpu_before
    sent = [k for k in results.sent if k not in before]
    acknowledged = [k for k in sent if k in results.acknowledged]
    await _wait_delivered(results, acknowledged, args.people)
    fan = [max(results.received[k]) - results.sent[k] for k in acknowledged
           if len(results.received.get(k, [])) >= args.people]
    incomplete = sum(max(0, args.people - len(results.received.get(k, []))) for k in acknowledged)
    step = {"total_rate": round(total_rate, 1), "edits": len(sent), "achieved_rate": round(len(sent) / args.seconds, 1),
            "refused_or_unanswered": len(sent) - len(acknowledged),
            "fanout_ms_p50": ms(percentile(fan, 50)), "fanout_ms_p99": ms(percentile(fan, 99)),
            "post_ms_p99": ms(percentile(results.post_latency[answered_before:], 99)),
            "incomplete_deliveries": incomplete, "server_cpu_percent": round(100 * cpu / wall, 1),
            "server_cpu_ms_per_edit": round(1000 * cpu / max(1, len(sent)), 2)}
    step["held"] = (step["fanout_ms_p99"] <= args.target_ms and incomplete == 0
                    and step["achieved_rate"] >= 0.8 * total_rate  # the load generator kept up
                    and step["refused_or_unanswered"] == 0 and bool(fan))
    print(f"  step {step['total_rate']:>7} edits/s: p99 {step['fanout_ms_p99']} ms, incomplete {incomplete}, "
          f"refused {step['refused_or_unanswered']}, cpu {step['server_cpu_percent']} % -> "
          f"{'held' if step['held'] else 'failed'}", flush=True)
    await asyncio.sleep(min(2.0, args.settle) or 0.2)  # let the server drain before the next step
    return step


async def find_capacity(args) -> dict:
    server, base, ws_base, meetings = await _started(args, args.people, args.meetings)
    results = Results()
    steps = []
    try:
        sockets = list(fanout.app_sockets(ws_base, base, meetings))
        listeners = await fanout.open_sockets(sockets, args.arrival, results, asyncio.Event())
        await asyncio.sleep(min(3.0, args.settle))
        _settle_gc()
        rate, good, bad = args.start_rate, None, None
        while rate <= args.max_rate:
            step = await _step(base, server, meetings, rate, args, results)
            steps.append(step)
            if not step["held"]:
                bad = rate
                break
            good, rate = rate, rate * 2
        for _ in range(args.bisect if bad is not None else 0):
            low = good if good is not None else 0.0
            rate = (low + bad) / 2
            if rate < 1:
                break
            step = await _step(base, server, meetings, rate, args, results)
            steps.append(step)
            good, bad = (rate, bad) if step["held"] else (good, rate)
        for t in listeners:
            t.cancel()
        processes = len(fanout.server_processes(server))
    finally:
        server.terminate()
        server.wait(10)
    best = max((s for s in steps if s["held"]), key=lambda s: s["total_rate"], default=None)
    return {
        "mode": "find capacity", "machine_speed_ms": fanout.machine_speed_ms(),
        "database": "postgresql" if args.database_url else "sqlite", "workers": args.workers,
        "pinned_by_meeting": args.affinity, "app_processes": processes,
        "meetings": args.meetings, "people_per_meeting": args.people, "step_seconds": args.seconds,
        "target_p99_ms": args.target_ms,
        "capacity_edits_per_second": best["total_rate"] if best else 0,
        "capacity_fanout_ms_p99": best["fanout_ms_p99"] if best else None,
        "capacity_server_cpu_percent": best["server_cpu_percent"] if best else None,
        "lowest_failing_edits_per_second": bad,
        "steps": steps,
    }
