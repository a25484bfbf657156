"""A person using the app over HTTP (in-process or against a live server), with their own cookies."""

from __future__ import annotations

import re

import httpx

from meeting_room.domain import accounts
from meeting_room.store.db import Database

CSRF = re.compile(r'data-csrf="([^"]*)"')
CODE = re.compile(r'class="join-code">([A-Z0-9-]+)<')
MEETING = re.compile(r"/meetings/([A-Za-z0-9_-]{10,})")


class Person:
    def __init__(self, client: httpx.AsyncClient):
        self.client = client
        self.csrf = ""
        self.last: httpx.Response | None = None

    @classmethod
    def in_process(cls, app) -> "Person":
        transport = httpx.ASGITransport(app=app)
        return cls(httpx.AsyncClient(transport=transport, base_url="http://testserver"))

    @classmethod
    def live(cls, server) -> "Person":
        return cls(httpx.AsyncClient(base_url=server.url))

    async def close(self) -> None:
        await self.client.aclose()

    def _remember(self, response: httpx.Response) -> httpx.Response:
        self.last = response
        found = CSRF.search(response.text) if "text/html" in response.headers.get("content-type", "") else None
        if found and found.group(1):
            self.csrf = found.group(1)
        return response

    async def get(self, url: str, **kw) -> httpx.Response:
        return self._remember(await self.client.get(url, **kw))

    async def post(self, url: str, data: dict | None = None, htmx: bool = True, token: bool = True,
                   headers: dict | None = None, **kw) -> httpx.Response:
        h = {"sec-fetch-site": "same-origin"}
        if htmx:
            h["hx-request"] = "true"
        if token and self.csrf:
            h["x-csrf-token"] = self.csrf
        h.update(headers or {})
        return self._remember(await self.client.post(url, data=data or {}, headers=h, **kw))

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.client.cookies.jar)


async def make_chair(database_url: str, email: str = "chair@example.org", name: str = "Chris Chair",
                     password: str = "a long enough password") -> tuple[str, str]:
    db = Database(database_url)
    try:
        await accounts.create_chair(db, name, email, password)
    finally:
        await db.dispose()
    return email, password


async def signed_in_chair(person: Person, database_url: str, **kw) -> Person:
    email, password = await make_chair(database_url, **kw)
    r = await person.post("/login", {"email": email, "password": password}, htmx=False, token=False)
    assert r.status_code == 303, r.text
    await person.get("/meetings")
    return person


async def new_meeting(chair: Person, title: str = "Review for Alex", detailed: bool = True) -> tuple[str, str]:
    """Create a meeting as the chair; returns (meeting id, join code)."""
    await chair.get("/meetings/new")
    data = {"csrf_token": chair.csrf, "title": title, "family_name": "Example", "children": "Alex",
            "kind": "review", "held_on": "2026-12-01"}
    if detailed:
        data["detailed"] = "1"
    r = await chair.post("/meetings", data, htmx=False)
    assert r.status_code == 303, r.text
    meeting_id = MEETING.search(r.headers["location"]).group(1)
    page = await chair.get(f"/meetings/{meeting_id}")
    code = CODE.search(page.text).group(1).replace("-", "")
    return meeting_id, code


async def join(person: Person, code: str, name: str, connection: str = "mum", agency: str = "") -> str:
    r = await person.post(f"/join/{code}", {"name": name, "connection": connection, "agency": agency},
                          htmx=False, token=False)
    assert r.status_code == 303, r.text
    meeting_id = MEETING.search(r.headers["location"]).group(1)
    await person.get(f"/meetings/{meeting_id}")
    return meeting_id


async def participant_id(person: Person, meeting_id: str) -> str:
    page = await person.get(f"/meetings/{meeting_id}")
    return re.search(r'data-me="([^"]+)"', page.text).group(1)


async def waiting_id(chair: Person, meeting_id: str, name: str) -> str:
    page = await chair.get(f"/meetings/{meeting_id}")
    found = re.search(r'id="waiting-([^"]+)">\s*<span class="name">' + re.escape(name), page.text)
    assert found, f"{name} is not waiting"
    return found.group(1)


async def admit_and_enter(chair: Person, person: Person, meeting_id: str, name: str) -> None:
    pid = await waiting_id(chair, meeting_id, name)
    r = await chair.post(f"/meetings/{meeting_id}/people/{pid}/admit")
    assert r.status_code == 204, r.text
    await person.get(f"/meetings/{meeting_id}")
    r = await person.post(f"/meetings/{meeting_id}/enter")
    assert r.status_code == 200, r.text
    assert "What are we worried about?" in r.text or "House of Worries" in r.text  # (a child: the houses)


async def add_item(person: Person, meeting_id: str, text: str, column: str = "worries",
                   section: str = "harm", **extra) -> httpx.Response:
    return await person.post(f"/meetings/{meeting_id}/items",
                             {"column": column, "section": section, "text": text, **extra})


async def meeting_with_mum(new_person, database_url: str):
    """A chair, a meeting and an admitted mum: (chair, mum, meeting id, join code)."""
    chair, mum = new_person(), new_person()
    await signed_in_chair(chair, database_url)
    meeting_id, code = await new_meeting(chair)
    await join(mum, code, "Dana", "mum")
    await admit_and_enter(chair, mum, meeting_id, "Dana")
    return chair, mum, meeting_id, code
