"""A live socket client that keeps the fragments it was sent, as a browser's page would."""

from __future__ import annotations

import asyncio
import contextlib
import time
from html import unescape
from html.parser import HTMLParser

import websockets


class FragmentParser(HTMLParser):
    """Splits a frame into its top-level fragments: id -> item texts, names and raw text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.current: str | None = None
        self.fragments: dict[str, dict] = {}
        self.capture: str | None = None
        self.capture_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"input", "img", "br", "meta", "link"}:
            if self.depth == 0 and attrs.get("id"):
                self.fragments[attrs["id"]] = {"items": [], "names": [], "text": "", "attrs": attrs}
            return
        if self.depth == 0:
            self.current = attrs.get("id")
            self.fragments[self.current] = {"items": [], "names": [], "text": "", "attrs": attrs}
        self.depth += 1
        classes = (attrs.get("class") or "").split()
        if "item-text" in classes:
            self.capture, self.capture_depth = "items", self.depth
            self.fragments[self.current]["items"].append("")
        elif "name" in classes:
            self.capture, self.capture_depth = "names", self.depth
            self.fragments[self.current]["names"].append("")

    def handle_endtag(self, tag):
        if tag in {"input", "img", "br", "meta", "link"}:
            return
        if self.capture and self.depth == self.capture_depth:
            self.capture = None
        self.depth -= 1

    def handle_data(self, data):
        if self.current is None:
            return
        fragment = self.fragments[self.current]
        fragment["text"] += data
        if self.capture:
            fragment[self.capture][-1] += data


def parse(frame: str) -> dict[str, dict]:
    parser = FragmentParser()
    parser.feed(frame)
    parser.close()
    return parser.fragments


class LiveClient:
    def __init__(self, server, person, meeting_id: str, view: str | None = None, origin: str | None = None):
        self.server = server
        self.person = person
        self.meeting_id = meeting_id
        self.view = view
        self.origin = origin or server.url
        self.frames: list[str] = []
        self.fragments: dict[str, dict] = {}
        self.seq = -1
        self.close_code: int | None = None
        self.ws = None
        self.task: asyncio.Task | None = None
        self.changed = asyncio.Event()

    @property
    def url(self) -> str:
        query = f"?view={self.view}" if self.view else ""
        return f"{self.server.ws_url}/meetings/{self.meeting_id}/ws{query}"

    async def connect(self) -> "LiveClient":
        headers = {"Origin": self.origin, "Cookie": self.person.cookie_header}
        self.ws = await websockets.connect(self.url, additional_headers=headers, max_size=2**20)
        self.close_code = None
        self.task = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                self.frames.append(frame)
                for key, fragment in parse(frame).items():
                    self.fragments[key] = fragment
                    if key == "sync-state":
                        self.seq = int(fragment["attrs"].get("data-seq", -1))
                self.changed.set()
        except websockets.ConnectionClosed:
            pass
        finally:
            self.close_code = self.ws.close_code
            self.changed.set()

    async def wait_for(self, predicate, timeout: float = 5.0, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {what}; last frames: {self.frames[-3:]}")
            self.changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(remaining, 0.25))

    async def wait_closed(self, timeout: float = 5.0) -> int | None:
        await self.wait_for(lambda: self.task.done(), timeout, "the socket to close")
        return self.close_code

    def items(self, column: str) -> list[str]:
        fragment = self.fragments.get(f"items-{column}")
        return [" ".join(t.split()) for t in fragment["items"]] if fragment else []

    def names(self) -> list[str]:
        fragment = self.fragments.get("roster-list")
        return [" ".join(t.split()) for t in fragment["names"]] if fragment else []

    def raw(self) -> str:
        return unescape("".join(self.frames))

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.task is not None:
            with contextlib.suppress(Exception):
                await self.task


def visible_texts(html: str, column: str) -> list[str]:
    """The item texts of one column as a fresh page shows them."""
    block = parse_page_block(html, f"items-{column}")
    return [" ".join(t.split()) for t in block["items"]]


def parse_page_block(html: str, element_id: str) -> dict:
    start = html.index(f'id="{element_id}"')
    start = html.rindex("<", 0, start)
    parser = FragmentParser()
    parser.feed(html[start:])
    return parser.fragments[element_id]




async def database_items(meetings, meeting_id: str) -> dict[str, list[str]]:
    """What the database says each column shows, in the order the board draws it."""
    from meeting_room.vocabulary import COLUMNS
    board = await meetings.board(meeting_id)
    shown: dict[str, list[str]] = {}
    for column in COLUMNS:
        texts: list[str] = []
        if board.meeting.detailed:
            for section in column.sections:
                texts += [i.text for i in board.items_in(column.key, section.key)]
            texts += [i.text for i in board.items_in(column.key, None)]
        else:
            texts = [i.text for i in board.items_in(column.key, any_section=True)]
        shown[column.key] = [" ".join(t.split()) for t in texts]
    return shown
