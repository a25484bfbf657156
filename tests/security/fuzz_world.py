"""The stateful fuzz test's world (see test_fuzz_stateful.py): one app per test, run on an event
loop of its own; a meeting with its cast per example; and the truth, read straight from the
database after every step."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import dataclasses
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

import httpx

from meeting_room.core.events import Happened
from meeting_room.read.boards import EVENTS_AFTER, MEETINGS, VOTES_OF, Board, load_board
from meeting_room.web.app import create_app
from meeting_room.web.limits import Throttle
from meeting_room.web.security import PARTICIPANT_COOKIE
from tests.helpers import (
    CODE,
    MEETING,
    Person,
    admit_and_enter,
    join,
    new_meeting,
    signed_in_chair,
)

SEQ = re.compile(r'id="sync-state" hidden data-seq="(\d+)"')
# Who may be asked to act or to look: the chair, four people who join, and three who never belong.
MEMBERS = ("mum", "child", "pro", "pro2")
OUTSIDERS = ("stranger", "foreign", "other_chair")
CONNECTIONS = {"mum": ("mum", ""), "child": ("child", ""), "pro": ("professional", "school"),
               "pro2": ("professional", "health")}


def takes_part(person) -> bool:
    """The test's own rule, not the app's: let in by the chair, and gone through the door."""
    return person is not None and person.status == "admitted" and person.entered


def sees_everything(person) -> bool:
    """The chair and professionals; never a family member or a child."""
    return person is not None and person.role in ("chair", "professional")


class Markers:
    """Every word typed is unique and ends with "!": "It!12!" is never part of "It!123!", and no
    token, id or template has that shape, so a leak is a substring test."""

    def __init__(self):
        self.count = 0

    def new(self, kind: str) -> str:
        self.count += 1
        return f"{kind}!{self.count}!"


@dataclass
class Viewer:
    """Someone who looks: their client, and the sequence number their page last showed."""
    key: str
    person: Person
    name: str = ""                 # their name as typed when they join (members only)
    pid: str | None = None         # their participant, once they joined (members only)
    since: dict[str, int] = field(default_factory=dict)  # view -> the seq their page shows


@dataclass
class Truth:
    """The meeting as the database holds it now, read in one snapshot."""
    board: Board
    votes: list
    events: list[Happened]
    participants: dict[str, object]

    @property
    def meeting(self):
        return self.board.meeting

    @property
    def open(self) -> bool:
        return self.meeting.status == "open"

    @property
    def items(self) -> list:
        """Live and removed, in the order they were added: the same on every replay of an example
        (their ids are random), so that a rule's choice picks the same item again."""
        return sorted(self.board.items + self.board.removed_items, key=lambda i: (i.created_at, i.position))


async def read_truth(world: "World", meeting_id: str) -> Truth:
    params = {"meeting_id": meeting_id}
    async with world.state.db.snapshot() as c:
        board = await load_board(c, await c.get(MEETINGS, meeting_id))
        votes = (await c.execute(VOTES_OF, params)).all()
        events = [Happened.of(e) for e in await c.execute(EVENTS_AFTER, {**params, "after": 0})]
    return Truth(board=board, votes=votes, events=events, participants=board.people_by_id)


async def send(person: Person, method: str, url: str, data: dict | None = None) -> httpx.Response:
    """Every request of the test goes through here: nothing may ever answer 5xx."""
    r = await (person.get(url) if method == "GET" else person.post(url, data or {}))
    assert r.status_code < 500, f"{method} {url} answered {r.status_code}: {r.text[:300]}"
    return r


class World:
    """One app for the whole test, on its own event loop: hypothesis drives its rules
    synchronously, and each step runs its requests to the end on this loop."""

    def __init__(self, settings, database_url: str):
        self.loop = asyncio.new_event_loop()
        # The test joins hundreds of people from one address, and joins closed meetings on purpose.
        self.app = create_app(dataclasses.replace(settings, joins_per_address=1 << 30, items_per_minute=1 << 30))
        self.state = self.app.state.mr
        self.state.code_guesses = Throttle(free=1 << 30, window=600, slots=1 << 30)
        # The join link's QR code is drawn on every chair page, at a few ms each: the same
        # address always gives the same picture, so the test draws each one once.
        self.state.env.filters["qr"] = functools.lru_cache(maxsize=64)(self.state.env.filters["qr"])
        self.database_url = database_url
        self.lifespan = self.app.router.lifespan_context(self.app)
        self.tally: Counter[str] = Counter()  # what was tried and how it was answered, over all examples

    def run(self, coroutine):
        return self.loop.run_until_complete(coroutine)

    def person(self) -> Person:
        return Person.in_process(self.app)

    async def start(self) -> None:
        await self.lifespan.__aenter__()
        self.chair = await signed_in_chair(self.person(), self.database_url)
        self.other_chair = await signed_in_chair(self.person(), self.database_url, email="other@example.org",
                                                 name="Olive Other")
        # Someone let in to another meeting, whose cookie is then tried on this one.
        other_id, code = await new_meeting(self.chair, title="Another family's meeting")
        self.foreign = self.person()
        await join(self.foreign, code, "Fola Foreign", "mum")
        await admit_and_enter(self.chair, self.foreign, other_id, "Fola Foreign")
        self.foreign_cookie = next(c for c in self.foreign.client.cookies.jar if c.name == PARTICIPANT_COOKIE)

    async def stop(self) -> None:
        for person in (self.chair, self.other_chair, self.foreign):
            await person.close()
        await self.lifespan.__aexit__(None, None, None)


@contextlib.contextmanager
def world_for(settings, database_url: str):
    world = World(settings, database_url)
    try:
        world.run(world.start())
        yield world
    finally:
        with contextlib.suppress(Exception):  # (the test's own failure is the one to see)
            world.run(world.stop())
        world.loop.close()


@dataclass
class Scene:
    """One example's meeting: its id and code, and everyone who may act or look."""
    meeting_id: str
    code: str
    heading: set[str]  # its title, the family's name and the children's: "Ti!1!", "Fa!2!", "Ch!3!"
    viewers: dict[str, Viewer]

    def url(self, path: str = "") -> str:
        return f"/meetings/{self.meeting_id}{path}"


async def new_meeting_of(chair: Person, heading: tuple[str, str, str]) -> tuple[str, str]:
    """A meeting with this title, family name and children (tests.helpers.new_meeting, but named
    by markers too): its id and join code."""
    await chair.get("/meetings/new")
    title, family, children = heading
    r = await chair.post("/meetings", {"csrf_token": chair.csrf, "title": title, "family_name": family,
                                       "children": children, "kind": "review", "held_on": "2026-12-01",
                                       "detailed": "1"}, htmx=False)
    assert r.status_code == 303, r.text
    meeting_id = MEETING.search(r.headers["location"]).group(1)
    return meeting_id, CODE.search((await chair.get(f"/meetings/{meeting_id}")).text).group(1).replace("-", "")


async def new_scene(world: World, markers: Markers) -> Scene:
    heading = (markers.new("Ti"), markers.new("Fa"), markers.new("Ch"))
    meeting_id, code = await new_meeting_of(world.chair, heading)
    viewers = {"chair": Viewer("chair", world.chair), "screen": Viewer("screen", world.chair),
               "other_chair": Viewer("other_chair", world.other_chair),
               "stranger": Viewer("stranger", world.person())}
    foreign = world.person()  # a fresh client holding only the other meeting's cookie, sent here
    stolen = copy.copy(world.foreign_cookie)
    stolen.path = f"/meetings/{meeting_id}"
    foreign.client.cookies.jar.set_cookie(stolen)
    sent = foreign.client.build_request("GET", f"http://testserver/meetings/{meeting_id}").headers.get("cookie", "")
    assert f"{PARTICIPANT_COOKIE}={world.foreign_cookie.value}" in sent
    foreign.csrf = world.foreign.csrf  # the form token of that cookie's session
    viewers["foreign"] = Viewer("foreign", foreign)
    for key in MEMBERS:
        viewers[key] = Viewer(key, world.person(), name=markers.new("Nm"))
    return Scene(meeting_id, code, set(heading), viewers)


async def close_scene(world: World, scene: Scene) -> None:
    for viewer in scene.viewers.values():
        if viewer.person not in (world.chair, world.other_chair):
            await viewer.person.close()


def remember_seq(viewer: Viewer, view: str, response: httpx.Response) -> None:
    """What a page does with an update: it shows the sequence number it carries."""
    found = SEQ.search(response.text) if response.status_code == 200 else None
    if found:
        viewer.since[view] = int(found.group(1))
