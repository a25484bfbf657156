"""A live socket client that keeps the fragments it was sent, as a browser's page would."""

from __future__ import annotations

import asyncio
import contextlib
import time
from html import unescape
from html.parser import HTMLParser

import websockets
from lxml import html as lxml_html


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


class Page:
    """What a browser's page would hold after applying the socket's fragments the way htmx
    does (outerHTML/true, innerHTML, innerMorph, outerMorph, beforeend, delete)."""

    def __init__(self):
        self.root = lxml_html.fragment_fromstring("<div></div>")

    def apply(self, frame: str) -> None:
        for element in lxml_html.fragments_fromstring(frame):
            if not isinstance(element, lxml_html.HtmlElement):
                continue
            swap = element.attrib.pop("hx-swap-oob", "true")
            target = self.find(element.get("id"))
            if target is None:
                if swap in ("true", "outerHTML", "outerMorph", "innerHTML", "innerMorph"):
                    self.root.append(element)  # first time: the page's own copy
                continue
            if swap in ("true", "outerHTML", "outerMorph"):
                target.getparent().replace(target, element)
            elif swap in ("innerHTML", "innerMorph"):
                for child in list(target):
                    target.remove(child)
                target.text = element.text
                for child in list(element):
                    target.append(child)
            elif swap == "beforeend":
                for child in list(element):
                    target.append(child)
            elif swap == "delete":
                target.getparent().remove(target)

    def find(self, element_id: str | None):
        if not element_id:
            return None
        found = self.root.xpath(f'.//*[@id="{element_id}"]')
        return found[0] if found else None

    def texts(self, element_id: str, css_class: str) -> list[str]:
        element = self.find(element_id)
        if element is None:
            return []
        return [" ".join(e.text_content().split())
                for e in element.xpath(f'.//*[contains(concat(" ", @class, " "), " {css_class} ")]')]

    def text(self, element_id: str) -> str:
        element = self.find(element_id)
        return element.text_content() if element is not None else ""


class LiveClient:
    def __init__(self, server, person, meeting_id: str, view: str | None = None, origin: str | None = None,
                 seen: int | str | None = None):
        self.server = server
        self.seen = seen  # the sequence number its page was drawn at, as the page's socket address says
        self.person = person
        self.meeting_id = meeting_id
        self.view = view
        self.origin = origin or server.url
        self.frames: list[str] = []
        self.page = Page()
        self.seq = -1
        self.close_code: int | None = None
        self.ws = None
        self.task: asyncio.Task | None = None
        self.changed = asyncio.Event()

    @property
    def url(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in (("view", self.view), ("seen", self.seen)) if v is not None)
        query = f"?{query}" if query else ""
        return f"{self.server.ws_url}/meetings/{self.meeting_id}/ws{query}"

    @property
    def fragments(self) -> dict[str, dict]:
        """The page's top-level live elements: id -> text and attributes."""
        return {e.get("id"): {"text": e.text_content(), "attrs": dict(e.attrib)}
                for e in self.page.root if e.get("id")}

    def forget(self) -> None:
        """Like a fresh page load: nothing shown until the next snapshot."""
        self.page = Page()

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
                self.page.apply(frame)
                state = self.page.find("sync-state")
                if state is not None:
                    self.seq = int(state.get("data-seq", -1))
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
                last = [f[:300] + ("…" if len(f) > 300 else "") for f in self.frames[-3:]]
                raise AssertionError(f"timed out waiting for {what}; last frames: {last}")
            self.changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), min(remaining, 0.25))

    async def wait_closed(self, timeout: float = 5.0) -> int | None:
        await self.wait_for(lambda: self.task.done(), timeout, "the socket to close")
        return self.close_code

    def items(self, column: str) -> list[str]:
        return self.page.texts(f"items-{column}", "item-text")

    def names(self) -> list[str]:
        return self.page.texts("roster-list", "name")

    def raw(self) -> str:
        return unescape("".join(self.frames))

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.task is not None:
            with contextlib.suppress(Exception):
                await self.task


async def database_items(boards, meeting_id: str) -> dict[str, list[str]]:
    """What the database says each column shows, in the order the board draws it."""
    from meeting_room.core.vocabulary import COLUMNS
    board = await boards.board(meeting_id)
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
