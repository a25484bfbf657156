"""Fan-out benchmark: drives the real app the way browsers do and measures live delivery.

For M meetings x N participants it starts the app as its own process, then - over real HTTP and
real websockets - signs in a chair, creates the meetings, lets every participant join, admits
them, swaps their lobby cookie (enter), reads their form token, and opens one live socket each.
Then every meeting receives `--rate` new items per second for `--seconds`, each sent as a real
form POST with the session cookie and token, and every socket parses the fragments it receives.

Reported: POST latency; fan-out completion per edit (POST sent -> the last participant of that
meeting has the new item) p50/p99/max; incomplete deliveries; server CPU; server memory per socket;
fragments rendered per edit (the hub renders once per view, not per socket).

`--baseline` runs a bare `websockets` broadcast server instead, sending the same bytes to the same
sockets at the same rate, so the app's figures can be read as a ratio to the bare broadcast.
`--floor` runs the floor of this stack (`benchmarks/floor.py`): the same form posts over HTTP to a
Starlette app on the app's uvicorn options that only reads the form and writes one frame of
`--payload` bytes to each socket of the meeting: what the request and the sending alone cost.

Run by hand (never in CI as pass/fail), e.g.:
    python benchmarks/fanout.py --meetings 100 --people 25 --rate 2 --seconds 20
    python benchmarks/fanout.py --meetings 100 --people 25 --rate 2 --seconds 20 --baseline
    python benchmarks/fanout.py --meetings 100 --people 25 --rate 2 --seconds 20 --floor
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import gc
import http.cookiejar
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvloop
import websockets

ROOT = Path(__file__).resolve().parents[1]
MARK = re.compile(r"bench (\d+)\.(\d+)\b")
CSRF = re.compile(r'data-csrf="([^"]*)"')
CLK_TCK = os.sysconf("SC_CLK_TCK")
PASSWORD = "benchmark password 123"
SEED = 1  # `--seed`: the meetings' phases within each second, the same for the app, the floor and the bare broadcast


def phases(meetings: int, rate: float) -> list[float]:
    """When in its period each meeting sends (seconds after the start). Random, so that edits
    of different meetings sometimes come close together as they would in real use; seeded, so
    that two runs (the app and the bare broadcast, or an old and a new commit) meet the same
    bursts: with 100 meetings, a chance cluster of a dozen edits within 40 ms sets the p99."""
    rng = random.Random(SEED)
    return [rng.random() / rate for _ in range(meetings)]


def busiest(meetings: int, rate: float, window: float = 0.040) -> int:
    """The most meetings that send within `window` of each other, every period (see `phases`)."""
    period, times = 1 / rate, sorted(phases(meetings, rate))
    wrapped = times + [t + period for t in times]  # a window can span the period's end
    return max((sum(1 for u in wrapped[i:i + meetings] if u - t <= window) for i, t in enumerate(times)), default=0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def machine_cpu_ticks() -> tuple[int, int]:
    """All CPU time of the machine so far, and the part of it stolen by the hypervisor for other
    guests (/proc/stat: user nice system idle iowait irq softirq steal)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return sum(fields), fields[7]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@dataclass
class Person:
    cookie: str = ""
    csrf: str = ""
    pid: str = ""


@dataclass
class Meeting:
    index: int
    id: str = ""
    code: str = ""
    chair: Person = field(default_factory=Person)
    people: list[Person] = field(default_factory=list)
    next_k: int = 0  # the next edit's number: loads run one after another never reuse one


def cookies_from(response: httpx.Response, person: Person) -> None:
    jar = dict(part.split("=", 1) for part in person.cookie.split("; ") if "=" in part)
    for header in response.headers.get_list("set-cookie"):
        name, value = header.split(";", 1)[0].split("=", 1)
        jar[name] = value
    person.cookie = "; ".join(f"{k}={v}" for k, v in jar.items())


class Results:
    def __init__(self):
        self.sent: dict[tuple[int, int], float] = {}
        self.post_latency: list[float] = []
        self.received: dict[tuple[int, int], list[float]] = {}
        self.errors = 0
        self.closed: list[int | None] = []
        self.acknowledged: set[tuple[int, int]] = set()
        self.client_lag: list[float] = []


# ------------------------------------------------------------------ the app

async def app_setup(base: str, meetings: int, people: int) -> list[Meeting]:
    # Idle connections are let go well before uvicorn closes them (5 s): reusing one it has just
    # closed fails the set-up with a ReadError (seen with PostgreSQL, whose set-up is slower).
    limits = httpx.Limits(max_connections=50, keepalive_expiry=2.0)
    jar = http.cookiejar.CookieJar(policy=http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    async with httpx.AsyncClient(base_url=base, limits=limits, cookies=jar, timeout=60) as client:
        at_once = asyncio.Semaphore(20)  # set-up is not measured: keep it gentle and sure

        async def request(method, url, person: Person, data=None, token=False):
            headers = {"cookie": person.cookie, "sec-fetch-site": "same-origin"}
            if token:
                headers |= {"x-csrf-token": person.csrf, "hx-request": "true"}
            async with at_once:
                r = await client.request(method, url, data=data, headers=headers)
            cookies_from(r, person)
            found = CSRF.search(r.text)
            if found and found.group(1):
                person.csrf = found.group(1)
            return r

        chair = Person()
        r = await request("POST", "/login", chair, {"email": "bench@example.org", "password": PASSWORD})
        assert r.status_code == 303, r.text
        await request("GET", "/meetings", chair)
        result = []
        for m in range(meetings):
            meeting = Meeting(index=m, chair=chair)
            r = await request("POST", "/meetings", chair, {"csrf_token": chair.csrf, "title": f"Benchmark {m}",
                                                            "family_name": f"Family {m}", "children": "Alex",
                                                            "kind": "core_group",
                                                            "held_on": "2026-12-01", "detailed": "1"})
            meeting.id = r.headers["location"].rsplit("/", 1)[1]
            page = await request("GET", f"/meetings/{meeting.id}", chair)
            meeting.code = re.search(r'class="join-code">([A-Z0-9-]+)<', page.text).group(1).replace("-", "")
            result.append(meeting)

        async def join(meeting: Meeting, n: int) -> Person:
            person = Person()
            r = await request("POST", f"/join/{meeting.code}", person, {"name": f"Person {n}", "connection": "friend"})
            assert r.status_code == 303, r.text
            lobby = await request("GET", f"/meetings/{meeting.id}", person)
            assert "waiting for the chair" in lobby.text
            return person

        for meeting in result:
            meeting.people = []
            for start in range(0, people - 1, 30):  # the waiting room holds 40 at once (store/queries.py)
                batch = range(start, min(start + 30, people - 1))
                meeting.people += list(await asyncio.gather(*(join(meeting, n) for n in batch)))
                page = await request("GET", f"/meetings/{meeting.id}", chair)
                waiting = re.findall(r'id="waiting-([^"]+)"', page.text)
                await asyncio.gather(*(request("POST", f"/meetings/{meeting.id}/people/{pid}/admit", chair, token=True)
                                       for pid in waiting))

            async def enter(person: Person):
                r = await request("POST", f"/meetings/{meeting.id}/enter", person, token=True)
                assert r.status_code == 200, r.text
                await request("GET", f"/meetings/{meeting.id}", person)
            await asyncio.gather(*(enter(p) for p in meeting.people))
    return result


class KeepAlivePoster:
    """POSTs a form over a kept-alive HTTP/1.1 connection, as a browser does. Hand-written and
    small because httpx costs about a millisecond of CPU per request, and the load generator
    shares the machine's two cores with the server it measures."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def post(self, path: str, fields: dict, headers: dict) -> int:
        body = urllib.parse.urlencode(fields).encode()
        head = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                "Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        reader, writer = self.idle.pop() if self.idle else await asyncio.open_connection(self.host, self.port)
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        status_line = await reader.readuntil(b"\r\n")
        length, close = 0, False
        while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        await reader.readexactly(length)
        if close:
            writer.close()
        else:
            self.idle.append((reader, writer))
        return int(status_line.split()[1])

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()


async def post_item(poster: KeepAlivePoster, base: str, meeting: Meeting, author: Person, key, results: Results,
                    answers: list | None = None) -> None:
    """One new item, as a browser's form post; its answer time goes to `answers` too if given."""
    started = results.sent[key]
    column, section = random.choice([("worries", "harm"), ("working", "strengths"), ("next", "steps")])
    try:
        status = await poster.post(
            f"/meetings/{meeting.id}/items",
            {"column": column, "section": section,
             "text": f"bench {key[0]}.{key[1]} something that happened this week",
             "client_token": f"{key[0]}-{key[1]}"},
            {"Cookie": author.cookie, "X-CSRF-Token": author.csrf, "HX-Request": "true",
             "Sec-Fetch-Site": "same-origin", "Origin": base})
        if status != 200:
            results.errors += 1
        else:
            results.post_latency.append(time.monotonic() - started)
            if answers is not None:
                answers.append(time.monotonic() - started)
            results.acknowledged.add(key)
    except (OSError, asyncio.IncompleteReadError, ValueError):
        results.errors += 1


def of_meeting(address: str | list[str], meeting: Meeting) -> str:
    """The app process a meeting's people reach: the only one, or (`--affinity`) the meeting's
    own, as a proxy that routes each meeting to one process would send them."""
    return address if isinstance(address, str) else address[meeting.index % len(address)]


async def app_drive(base: str | list[str], meetings: list[Meeting], rate: float, seconds: float,
                    results: Results, stop: asyncio.Event) -> None:
    addresses = {m.index: urllib.parse.urlsplit(of_meeting(base, m)) for m in meetings}
    posters = {m.index: KeepAlivePoster(addresses[m.index].hostname, addresses[m.index].port) for m in meetings}
    in_flight: set[asyncio.Task] = set()
    phase = phases(max(m.index for m in meetings) + 1, rate)

    async def one_meeting(meeting: Meeting):
        authors = [meeting.chair] + meeting.people
        await asyncio.sleep(phase[meeting.index])
        next_at = time.monotonic()
        while not stop.is_set():
            author = random.choice(authors)
            key = (meeting.index, meeting.next_k)
            meeting.next_k += 1
            results.sent[key] = time.monotonic()
            task = asyncio.create_task(post_item(posters[meeting.index], of_meeting(base, meeting), meeting, author,
                                                 key, results))
            in_flight.add(task)  # the loop keeps only weak references to tasks
            task.add_done_callback(in_flight.discard)
            next_at += 1 / rate
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))

    tasks = [asyncio.create_task(one_meeting(m)) for m in meetings]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*tasks)
    await asyncio.sleep(1.0)  # let the last POSTs finish
    for poster in posters.values():
        poster.close()


def app_sockets(ws_base: str | list[str], origin: str | list[str], meetings: list[Meeting]):
    for meeting in meetings:
        for person in [meeting.chair] + meeting.people:
            yield meeting.index, f"{of_meeting(ws_base, meeting)}/meetings/{meeting.id}/ws", \
                {"Origin": of_meeting(origin, meeting), "Cookie": person.cookie}


async def record_for_pdfs(base: str, items: int) -> Meeting:
    """A meeting of its own (no sockets) whose draft record has `items` items, for `--pdfs`."""
    meeting = (await app_setup(base, 1, 1))[0]
    address = urllib.parse.urlsplit(base)
    poster = KeepAlivePoster(address.hostname, address.port)
    for n in range(items):
        column, section = [("worries", "harm"), ("working", "strengths"), ("next", "steps")][n % 3]
        status = await poster.post(f"/meetings/{meeting.id}/items",
                                   {"column": column, "section": section, "client_token": f"pdf-{n}",
                                    "text": f"Record item {n}: something that happened this week, said plainly"},
                                   {"Cookie": meeting.chair.cookie, "X-CSRF-Token": meeting.chair.csrf,
                                    "HX-Request": "true", "Sec-Fetch-Site": "same-origin", "Origin": base})
        assert status == 200, status
    poster.close()
    return meeting


async def pdf_load(base: str, meetings: list[Meeting], stop: asyncio.Event, made: list[float]) -> None:
    """One person per record downloading its PDF again and again while the load runs (draft
    records, each its own: every download makes a PDF anew, none is shared or kept)."""
    async def one(client: httpx.AsyncClient, meeting: Meeting):
        while not stop.is_set():
            started = time.monotonic()
            r = await client.get(f"/meetings/{meeting.id}/record.pdf", headers={"cookie": meeting.chair.cookie})
            assert r.status_code == 200 and r.content.startswith(b"%PDF"), r.status_code
            made.append(time.monotonic() - started)
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        await asyncio.gather(*(one(client, meeting) for meeting in meetings))


# ------------------------------------------------------------------ the bare broadcast (baseline)

BARE_SERVER = r'''
import asyncio, sys, websockets
groups = {}
async def handler(ws):
    path = ws.request.path
    if path == "/control":
        async for message in ws:
            group, _, payload = message.partition(" ")
            websockets.broadcast(groups.get(group, set()), payload)
        return
    group = path.rsplit("/", 1)[1]
    groups.setdefault(group, set()).add(ws)
    try:
        await ws.wait_closed()
    finally:
        groups[group].discard(ws)
async def main():
    async with websockets.serve(handler, "127.0.0.1", int(sys.argv[1]), max_size=65536, compression=None):
        print("ready", flush=True)
        await asyncio.Future()
asyncio.run(main())
'''


async def bare_drive(ws_base: str, meetings: int, rate: float, seconds: float, payload_bytes: int,
                     results: Results, stop: asyncio.Event) -> None:
    async with websockets.connect(f"{ws_base}/control", max_size=2**20) as control:
        filler = "x" * max(0, payload_bytes - 120)
        phase = phases(meetings, rate)

        async def one_meeting(m: int):
            k = 0
            await asyncio.sleep(phase[m])
            next_at = time.monotonic()
            while not stop.is_set():
                key = (m, k)
                k += 1
                results.sent[key] = time.monotonic()
                await control.send(f"{m} <li id=\"item-{m}-{k}\"><p class=\"item-text\">bench {m}.{k - 1}</p>{filler}</li>")
                results.post_latency.append(time.monotonic() - results.sent[key])
                next_at += 1 / rate
                await asyncio.sleep(max(0.0, next_at - time.monotonic()))

        tasks = [asyncio.create_task(one_meeting(m)) for m in range(meetings)]
        await asyncio.sleep(seconds)
        stop.set()
        await asyncio.gather(*tasks)


# ------------------------------------------------------------------ shared: the listening clients

async def listen(url: str, headers: dict, meeting: int, results: Results, ready: asyncio.Event,
                 connected: list, mine: dict | None = None) -> None:
    # ping_interval=None: browsers answer the server's pings but never send their own.
    async with websockets.connect(url, additional_headers=headers, max_size=2**22, compression=None,
                                  open_timeout=60, ping_interval=None) as ws:
        connected.append(1)
        seen: set[int] = set()
        try:
            async for frame in ws:
                now = time.monotonic()
                for m, k in MARK.findall(frame):
                    m, k = int(m), int(k)
                    if m == meeting and k not in seen:
                        seen.add(k)
                        results.received.setdefault((m, k), []).append(now)
                        if mine is not None:
                            mine[k] = now  # this socket's own times (the writer-and-readers mode)
        except websockets.ConnectionClosed:
            pass
        results.closed.append(ws.close_code)  # the server closed this socket during the run


def stalled_socket(port: int, path: str, headers: dict) -> socket.socket:
    """A participant that opens the socket and never reads again."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
    s.connect(("127.0.0.1", port))
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket", "Connection: Upgrade",
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    return s


async def launch_app(args, port: int, workdir: Path, first: bool = True) -> subprocess.Popen:
    """The app as its own process on a fresh database, with one chair account; ready when it answers."""
    env = {**os.environ, "MEETING_ROOM_LOG_LEVEL": "warning",
           "MEETING_ROOM_JOINS_PER_ADDRESS": "1000000",  # every simulated phone joins from 127.0.0.1
           "MEETING_ROOM_ITEMS_PER_MINUTE": "1000000",
           "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.db'}"}
    if first:  # (the other processes of --affinity share its database)
        subprocess.run([sys.executable, "-m", "meeting_room", "create-chair", "bench@example.org"], env=env,
                       input=PASSWORD + "\n", text=True, check=True, capture_output=True, cwd=workdir)
    command = [sys.executable, "-m", "meeting_room", "--port", str(port)]
    if getattr(args, "workers", 1) > 1 and not getattr(args, "affinity", False):
        command += ["--workers", str(args.workers)]
    server = subprocess.Popen(command, env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    async with httpx.AsyncClient() as client:
        for _ in range(600):
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                    break
            await asyncio.sleep(0.05)
    return server


async def open_sockets(sockets: list, arrival: float, results: Results, ready: asyncio.Event,
                       mines: list | None = None) -> list[asyncio.Task]:
    """Every listening socket, opened in small waves spread over `arrival` seconds (people arrive
    over minutes: the server pings each socket every 20 s from when it opened, and sockets all
    opened within a second would all be pinged in the same second); returns once all are open."""
    connected: list = []
    listeners: list[asyncio.Task] = []
    waves = [list(range(i, min(i + 25, len(sockets)))) for i in range(0, len(sockets), 25)]
    for wave in waves:
        listeners += [asyncio.create_task(listen(sockets[n][1], sockets[n][2], sockets[n][0], results, ready,
                                                 connected, mines[n] if mines is not None else None))
                      for n in wave]
        await asyncio.sleep(arrival / len(waves))
    while len(connected) < len(sockets):
        for t in listeners:
            if t.done() and t.exception():
                raise t.exception()
        await asyncio.sleep(0.1)
    return listeners


class Servers(list):
    """Several app processes (`--affinity`), measured and stopped as one."""

    def terminate(self) -> None:
        for server in self:
            server.terminate()

    def wait(self, timeout: float) -> None:
        for server in self:
            server.wait(timeout)


def server_processes(server: subprocess.Popen | Servers) -> list[int]:
    """The server's process and all its descendants (workers with --workers, the PDF makers)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    roots = [s.pid for s in server] if isinstance(server, Servers) else [server.pid]
    found, frontier = list(roots), list(roots)
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found += frontier
    return found


def server_cpu(server: subprocess.Popen) -> float:
    total = 0.0
    for pid in server_processes(server):
        with contextlib.suppress(OSError):
            total += cpu_seconds(pid)
    return total


def server_rss(server: subprocess.Popen) -> int:
    total = 0
    for pid in server_processes(server):
        with contextlib.suppress(OSError):
            total += rss_kib(pid)
    return total


async def live_stats(base: str | list[str]) -> dict:
    """The hubs' counts (`/healthz`), added up over the app processes."""
    total: dict = {}
    async with httpx.AsyncClient() as client:
        for one in [base] if isinstance(base, str) else base:
            for key, value in (await client.get(one + "/healthz")).json().get("live", {}).items():
                if isinstance(value, (int, float)):
                    total[key] = total.get(key, 0) + value
    return total


async def checkpoint_now(database_url: str | None) -> bool | None:
    """PostgreSQL: a checkpoint just before the measured part, so that its timed one (every five
    minutes by default, with a burst of full-page writes after it) falls in no run rather than
    in some runs and not others. False if not allowed (it needs a superuser or pg_checkpoint)."""
    if not database_url:
        return None
    import asyncpg
    conn = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute("CHECKPOINT")
        return True
    except asyncpg.PostgresError:
        return False
    finally:
        await conn.close()


async def start_app(args, port: int, workdir: Path):
    """The app: one process, or (`--workers`) several on one shared port, or (`--affinity`) one
    per share of the meetings, each on a port of its own. Returns it and its address(es)."""
    if not args.affinity:
        return await launch_app(args, port, workdir), f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}"
    ports = [port] + [free_port() for _ in range(args.workers - 1)]
    server = Servers([await launch_app(args, p, workdir, first=p == port) for p in ports])
    return server, [f"http://127.0.0.1:{p}" for p in ports], [f"ws://127.0.0.1:{p}" for p in ports]


async def run(args) -> dict:
    port = free_port()
    base, ws_base = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}"
    results = Results()
    workdir = Path(tempfile.mkdtemp(prefix="mr-bench-"))
    if args.baseline or args.floor:
        command = ["-c", BARE_SERVER, str(port)] if args.baseline else \
            [str(Path(__file__).with_name("floor.py")), str(port), str(args.payload)]
        server = subprocess.Popen([sys.executable, *command], stdout=subprocess.PIPE, text=True,
                                  env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])})
        server.stdout.readline()
    else:
        server, base, ws_base = await start_app(args, port, workdir)
    first_base = base[0] if isinstance(base, list) else base
    try:
        started = time.monotonic()
        if args.baseline:
            sockets = [(m, f"{ws_base}/g/{m}", {}) for m in range(args.meetings) for _ in range(args.people)]
        elif args.floor:  # no accounts, no sessions: meetings by number
            meetings = [Meeting(index=m, id=str(m), people=[Person() for _ in range(args.people - 1)])
                        for m in range(args.meetings)]
            sockets = list(app_sockets(ws_base, base, meetings))
            pdf_meetings = []
        else:
            meetings = await app_setup(first_base, args.meetings, args.people)
            sockets = list(app_sockets(ws_base, base, meetings))
            pdf_meetings = [await record_for_pdfs(first_base, args.pdf_items) for _ in range(args.pdfs)]
        pdf_times: list[float] = []
        setup_seconds = time.monotonic() - started
        rss_before = server_rss(server)
        ready = asyncio.Event()
        listeners = await open_sockets(sockets, args.arrival, results, ready)
        stalled = []
        if args.stalled:
            for m, url, headers in sockets[::args.people]:
                stalled.append(stalled_socket(port, url.split(str(port), 1)[1], headers))
        # Snapshots delivered, memory settled: thousands of sockets opening at once grow the
        # server's heap fast, and the full garbage collections this triggers take ~0.3 s at
        # 2,500 sockets; in real use people arrive over minutes.
        await asyncio.sleep(args.settle)
        checkpointed = await checkpoint_now(args.database_url)
        gc.freeze()  # the load generator's own pauses would count as latency: keep them short too
        gc.set_threshold(50_000, 20, 100)
        rss_after = server_rss(server)
        stats_before = await live_stats(base) if not (args.baseline or args.floor) else {}
        profiler = None
        if os.environ.get("BENCH_PROFILE"):
            profiler = subprocess.Popen(["py-spy", "record", "--nonblocking", "-p", str(server.pid), "-o", os.environ["BENCH_PROFILE"],
                                         "-f", "raw" if os.environ["BENCH_PROFILE"].endswith(".txt") else "speedscope", "-d", str(int(args.seconds))]
                                        + (["--gil"] if os.environ.get("BENCH_PROFILE_GIL") else [])  # CPU, not waits
                                        + ["--rate", os.environ.get("BENCH_PROFILE_RATE", "100")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cpu_before, wall_before = server_cpu(server), time.monotonic()
        machine_before = machine_cpu_ticks()
        client_before = time.process_time()
        ready.set()
        stop = asyncio.Event()
        lag_watch = asyncio.create_task(watch_loop_lag(results.client_lag, stop))
        cpu_marks: list[tuple[float, float]] = []  # (time, server CPU seconds), a minute apart
        cpu_watch = asyncio.create_task(watch_cpu(server, cpu_marks, stop, args.minute))
        if args.baseline:
            await bare_drive(ws_base, args.meetings, args.rate, args.seconds, args.payload, results, stop)
        else:
            pdfs = asyncio.create_task(pdf_load(first_base, pdf_meetings, stop, pdf_times)) if args.pdfs else None
            await app_drive(base, meetings, args.rate, args.seconds, results, stop)
            if pdfs is not None:
                await pdfs
        drive_wall = time.monotonic() - wall_before
        await lag_watch
        await cpu_watch
        if profiler is not None:
            profiler.wait(30)
        cpu_used = server_cpu(server) - cpu_before
        machine_after = machine_cpu_ticks()
        ticks, stolen = (after - before for after, before in zip(machine_after, machine_before))
        client_used = time.process_time() - client_before
        stats_after = await live_stats(base) if not (args.baseline or args.floor) else {}
        deadline = time.monotonic() + 5
        expected = args.people
        awaited = results.sent if args.baseline else results.acknowledged
        while time.monotonic() < deadline and any(len(results.received.get(k, [])) < expected for k in awaited):
            await asyncio.sleep(0.1)
        for t in listeners:
            t.cancel()
        for s in stalled:
            s.close()
    finally:
        server.terminate()
        with contextlib.suppress(Exception):
            server.wait(10)

    acknowledged = set(results.sent) if args.baseline else results.acknowledged
    fanout = [max(results.received[k]) - results.sent[k] for k in acknowledged
              if len(results.received.get(k, [])) >= expected]
    incomplete = sum(max(0, expected - len(results.received.get(k, []))) for k in acknowledged)
    edits = len(results.sent)
    renders = stats_after.get("renders", 0) - stats_before.get("renders", 0)
    sockets_n = len(sockets)
    return {
        "mode": "bare websockets broadcast" if args.baseline else "floor: form post and frames" if args.floor
        else "meeting room app",
        "machine_speed_ms": machine_speed_ms(),
        "steal_percent": round(100 * stolen / max(1, ticks), 1),  # CPU the hypervisor gave to others
        "database": "n/a" if args.baseline or args.floor else ("postgresql" if args.database_url else "sqlite"),
        "postgresql_checkpoint_before": checkpointed,
        "meetings": args.meetings, "people_per_meeting": args.people, "sockets": sockets_n,
        "stalled_sockets": args.meetings if args.stalled else 0,
        "rate_per_meeting": args.rate, "seed": args.seed,
        "busiest_40_ms": busiest(args.meetings, args.rate),  # edits sent within 40 ms of each other, each period "seconds": args.seconds, "setup_seconds": round(setup_seconds, 1),
        "edits": edits, "post_errors": results.errors,
        "posts_unanswered": 0 if args.baseline else edits - len(acknowledged) - results.errors,
        "post_ms_p50": round(percentile(results.post_latency, 50) * 1000, 1),
        "post_ms_p99": round(percentile(results.post_latency, 99) * 1000, 1),
        "fanout_ms_p50": round(percentile(fanout, 50) * 1000, 1),
        "fanout_ms_p99": round(percentile(fanout, 99) * 1000, 1),
        "fanout_ms_max": round(max(fanout) * 1000, 1) if fanout else None,
        "incomplete_deliveries": incomplete,
        "sockets_closed_by_server": dict(collections.Counter(results.closed)) if results.closed else 0,
        "server_cpu_percent": round(100 * cpu_used / drive_wall, 1),
        "server_cpu_ms_per_edit": round(1000 * cpu_used / max(1, edits), 2),
        "pdfs_made": len(pdf_times), "pdf_seconds_p50": round(percentile(pdf_times, 50), 2) if pdf_times else None,
        "load_generator_cpu_percent": round(100 * client_used / drive_wall, 1),
        "server_rss_mib": round(rss_after / 1024, 1),
        "kib_per_socket": round((rss_after - rss_before) / max(1, sockets_n), 1),
        "renders_per_edit": round(renders / edits, 2) if edits and renders else None,
        "load_generator_lag_ms_p99": round(percentile(results.client_lag, 99) * 1000, 1),
        "load_generator_lag_ms_max": round(max(results.client_lag, default=0) * 1000, 1),
        "deliveries_over_100_ms": sum(1 for f in fanout if f > 0.1),
        **({"per_minute": per_minute(results, acknowledged, expected, cpu_marks, args.minute)}
           if args.seconds >= 2 * args.minute else {}),
    }


async def watch_cpu(server, marks: list[tuple[float, float]], stop: asyncio.Event, minute: float) -> None:
    """The server's CPU time once a minute, for the per-minute figures of a long run."""
    while not stop.is_set():
        marks.append((time.monotonic(), server_cpu(server)))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), minute)
    marks.append((time.monotonic(), server_cpu(server)))


def per_minute(results: Results, acknowledged, expected: int, cpu_marks: list, minute: float) -> list[dict]:
    """A long run (a soak) minute by minute, by when each edit was sent, so that growth shows:
    fan-out p50/p99/max, deliveries over 100 ms, and the server's CPU per edit."""
    start = cpu_marks[0][0]
    minutes: dict[int, list[float]] = collections.defaultdict(list)
    for k in acknowledged:
        if len(results.received.get(k, [])) >= expected:
            minutes[int((results.sent[k] - start) // minute)].append(max(results.received[k]) - results.sent[k])
    sent_in: collections.Counter = collections.Counter(int((t - start) // minute) for t in results.sent.values())
    rows = []
    for n, ((t0, cpu0), (t1, cpu1)) in enumerate(zip(cpu_marks, cpu_marks[1:])):
        got = minutes.get(n, [])
        rows.append({"minute": n + 1, "edits": sent_in[n], "fanout_ms_p50": round(percentile(got, 50) * 1000, 1),
                     "fanout_ms_p99": round(percentile(got, 99) * 1000, 1),
                     "fanout_ms_max": round(max(got, default=0) * 1000, 1),
                     "over_100_ms": sum(1 for f in got if f > 0.1),
                     "server_cpu_percent": round(100 * (cpu1 - cpu0) / max(1e-9, t1 - t0), 1),
                     "server_cpu_ms_per_edit": round(1000 * (cpu1 - cpu0) / max(1, sent_in[n]), 2)})
    return rows


def machine_speed_ms() -> float:
    """A fixed pure-Python loop, timed: machines of the same kind differ (one session's was 2.5
    times slower than another's), so every result carries this figure to be compared by."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


async def watch_loop_lag(lags: list[float], stop: asyncio.Event) -> None:
    """How late the load generator's own loop runs: a delivery it notes late by this much was
    late on this side, not the server's."""
    while not stop.is_set():
        started = time.monotonic()
        await asyncio.sleep(0.005)
        lags.append(time.monotonic() - started - 0.005)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=10)
    parser.add_argument("--people", type=int, default=25, help="participants per meeting, the chair included")
    parser.add_argument("--rate", type=float, default=2.0, help="new items per second in each meeting")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--stalled", action="store_true", help="add one participant per meeting that never reads")
    parser.add_argument("--arrival", type=float, default=20.0,
                        help="seconds over which the sockets open (default: the server's ping interval)")
    parser.add_argument("--baseline", action="store_true", help="a bare websockets broadcast instead of the app")
    parser.add_argument("--floor", action="store_true",
                        help="the floor of this stack instead of the app: form posts to a Starlette app that "
                             "only writes a frame of --payload bytes to each socket (benchmarks/floor.py)")
    parser.add_argument("--payload", type=int, default=1400, help="baseline and floor message size in bytes")
    parser.add_argument("--database-url", default="", help="an empty PostgreSQL database (default: a new SQLite file)")
    parser.add_argument("--workers", type=int, default=1, help="app processes (PostgreSQL only)")
    parser.add_argument("--affinity", action="store_true",
                        help="with --workers: a process per share of the meetings, each meeting's people on "
                             "its process (as a proxy with meeting affinity would), instead of one shared port")
    parser.add_argument("--pdfs", type=int, default=0, help="people downloading a record's PDF at once, all along")
    parser.add_argument("--pdf-items", type=int, default=40, help="items in that record")
    parser.add_argument("--writer-readers", type=int, metavar="READERS", default=0,
                        help="the writer-and-readers load instead: one writer waiting for each answer, READERS "
                             "readers, --writers background writers (all in one meeting)")
    parser.add_argument("--writers", type=int, default=40, help="background writers (with --writer-readers)")
    parser.add_argument("--writer-every", type=float, default=0.25, help="seconds between the writer's edits")
    parser.add_argument("--writer-rate", type=float, default=2.5, help="edits a second of each background writer")
    parser.add_argument("--find-capacity", action="store_true",
                        help="raise the edit rate step by step on the same sockets until p99 > --target-ms or "
                             "anything is lost; report the highest rate that held")
    parser.add_argument("--target-ms", type=float, default=100.0, help="the p99 a capacity step must keep")
    parser.add_argument("--start-rate", type=float, default=10.0, help="total edits a second of the first step")
    parser.add_argument("--max-rate", type=float, default=2000.0, help="never try more than this")
    parser.add_argument("--bisect", type=int, default=3, help="steps spent narrowing down after the first failure")
    parser.add_argument("--settle", type=float, default=5.0,
                        help="seconds between the last socket opening and the first edit (the smoke test uses 0)")
    parser.add_argument("--minute", type=float, default=60.0,
                        help="a run of at least two of these seconds (a soak) also reports its figures per minute")
    parser.add_argument("--seed", type=int, default=1, help="the meetings' phases (see `phases`): runs with the same "
                                                              "seed meet the same bursts of edits")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    global SEED
    SEED = args.seed
    if args.affinity and (args.workers < 2 or not args.database_url or args.writer_readers or args.baseline
                          or args.floor):
        parser.error("--affinity needs --workers 2 or more and --database-url, for the plain run or --find-capacity")
    if args.floor and (args.baseline or args.writer_readers or args.find_capacity or args.pdfs):
        parser.error("--floor is a plain run of its own")
    if args.writer_readers or args.find_capacity:
        import modes  # the other loads (benchmarks/modes.py) use this file's parts
        figures = uvloop.run(modes.writer_readers(args) if args.writer_readers else modes.find_capacity(args))
    else:
        figures = uvloop.run(run(args))  # the server runs on uvloop too (uvicorn picks it when installed)
    width = max(len(k) for k in figures)
    for key, value in figures.items():
        if key == "per_minute":
            for row in value:
                print("  " + "  ".join(f"{k} {v}" for k, v in row.items()))
        else:
            print(f"{key:<{width}}  {value}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
