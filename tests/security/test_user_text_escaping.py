"""Every piece of user text is escaped, in pages and in socket fragments: it can never become
markup, an htmx attribute or an address the browser follows."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markupsafe
import pytest

from tests.helpers import Person, add_item, admit_and_enter, join
from tests.live.client import LiveClient


def evil(label: str) -> str:
    """Text that would become an element with an htmx attribute and a handler if not escaped."""
    return f'"><i hx-get="/logout" onclick="x()">{label}</i>'


def escaped(label: str) -> str:
    """The same text as the templates escape it."""
    return str(markupsafe.escape(evil(label)))


class Tags(HTMLParser):
    """Every element and attribute a browser would build from the page."""

    def __init__(self, html: str):
        super().__init__()
        self.attributes: list[tuple[str, str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.attributes += [(tag, name, value or "") for name, value in attrs]


def nothing_became_markup(html: str, where: str) -> None:
    for tag, name, value in Tags(html).attributes:
        assert not name.startswith("on"), (where, tag, name)
        assert not (tag == "i" and name.startswith("hx-")), (where, tag, name)
        assert not re.match(r"\s*(javascript:|https?://evil)", value), (where, tag, name, value)


async def test_user_text_is_escaped_everywhere(app, meeting):
    chair, mum, meeting_id, code = meeting
    evil = Person.in_process(app)
    await join(evil, code, '<script>alert(1)</script>', "friend")
    page = await chair.get(f"/meetings/{meeting_id}")
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;" in page.text
    await add_item(mum, meeting_id, '<img src=x onerror=alert(1)> <div hx-get="/logout" hx-trigger="load">')
    for person in (chair, mum):
        html = (await person.get(f"/meetings/{meeting_id}")).text
        assert "<img src=x" not in html and '<div hx-get="/logout"' not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    await evil.close()



async def _meeting_full_of_evil_text(app, chair, mum):
    """A meeting where every field anyone types holds markup: (meeting id, the labels used)."""
    await chair.get("/meetings/new")
    r = await chair.post("/meetings", {"title": evil("title"), "family_name": evil("family"),
                                       "children": evil("child"), "kind": "review", "held_on": "2026-12-01",
                                       "detailed": "1"}, htmx=False)
    meeting_id = r.headers["location"].rsplit("/", 1)[1]
    board = await app.state.mr.boards.board(meeting_id)
    teacher = Person.in_process(app)
    await join(teacher, board.meeting.join_code, evil("name"), "professional", agency=evil("agency"))
    await admit_and_enter(chair, teacher, meeting_id, escaped("name"))  # as the page shows it
    await add_item(teacher, meeting_id, evil("item") + " https://evil.example/x javascript:alert(1)")
    await add_item(teacher, meeting_id, evil("step"), column="next", section="steps")
    step = next(i for i in (await app.state.mr.boards.board(meeting_id)).items if i.column == "next")
    changes = [(f"items/{step.id}", {"text": step.text, "version": "1", "owner": evil("owner"),
                                     "due_on": "2026-12-14", "contingency": evil("contingency")}),
               ("scales", {"question": evil("question"), "ten": evil("ten"), "zero": evil("zero")})]
    for path, form in changes:
        assert (await chair.post(f"/meetings/{meeting_id}/{path}", form)).status_code == 200, path
    scale = (await app.state.mr.boards.board(meeting_id)).current_scale
    await teacher.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": "4", "reason": evil("reason")})
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    await chair.get(f"/meetings/{meeting_id}/decide")
    for path, form in [("decisions", {"child": evil("child"), "plan": "no", "reasons": evil("reasons")}),
                       ("dissent", {"name": evil("dissenter"), "words": evil("dissent")}),
                       ("apologies", {"names": evil("apology")})]:
        r = await chair.post(f"/meetings/{meeting_id}/{path}", form, htmx=False)
        assert r.status_code == 200 and 'role="alert"' not in r.text, path
    return meeting_id, teacher


async def test_every_kind_of_user_text_is_escaped_on_every_page(app, meeting):
    chair, mum, _, _ = meeting
    meeting_id, teacher = await _meeting_full_of_evil_text(app, chair, mum)
    pages = {}
    for person, path in ((chair, "/meetings"), (chair, ""), (chair, "/screen"), (chair, "/history"),
                         (chair, "/decide"), (chair, "/access"), (teacher, ""), (chair, "/record")):
        url = path if path.startswith("/meetings") and not path.startswith("/meetings/") and path else \
            f"/meetings/{meeting_id}{path}"
        r = await person.get(url)
        assert r.status_code == 200, url
        nothing_became_markup(r.text, url)
        pages[url] = r.text
    record = pages[f"/meetings/{meeting_id}/record"]
    for label in ("title", "child", "name", "agency", "item", "step", "owner", "contingency", "question",
                  "reason", "reasons", "dissenter", "dissent", "apology"):
        assert escaped(label) in record, f"the record does not show the {label}, escaped"
    assert escaped("family") in pages["/meetings"]
    await teacher.close()


@pytest.mark.live
async def test_names_questions_and_reasons_are_escaped_in_socket_fragments(live_server, live_meeting):
    chair, mum, meeting_id, code = live_meeting
    board = await LiveClient(live_server, chair, meeting_id).connect()
    screen = await LiveClient(live_server, chair, meeting_id, view="screen").connect()
    stranger = Person.live(live_server)
    await join(stranger, code, evil("name"), "friend")
    await board.wait_for(lambda: escaped("name") in "".join(board.frames), what="the name in the lobby list")
    await admit_and_enter(chair, stranger, meeting_id, escaped("name"))
    await chair.post(f"/meetings/{meeting_id}/scales", {"question": evil("question"), "ten": "T", "zero": "Z"})
    scale = (await live_server.app.state.mr.boards.board(meeting_id)).current_scale
    await mum.post(f"/meetings/{meeting_id}/scales/{scale.id}/answer", {"value": "3", "reason": evil("reason")})
    await chair.post(f"/meetings/{meeting_id}/scales/{scale.id}/reveal")
    for client in (board, screen):
        await client.wait_for(lambda c=client: escaped("reason") in "".join(c.frames), what="the revealed reason")
        raw = "".join(client.frames)
        nothing_became_markup(raw, client.view or "board")
        for label in ("name", "question"):
            assert escaped(label) in raw, label
    for c in (board, screen):
        await c.close()
    await stranger.close()


@pytest.mark.live
async def test_socket_fragments_escape_user_text(live_server, live_meeting):
    chair, mum, meeting_id, _ = live_meeting
    board = await LiveClient(live_server, chair, meeting_id).connect()
    await add_item(mum, meeting_id, '<img src=x onerror=alert(1)><div hx-get="/x" hx-trigger="load">hi</div>')
    await board.wait_for(lambda: any("onerror" in t for t in board.items("worries")))
    raw = "".join(board.frames)
    assert "<img src=x" not in raw and '<div hx-get="/x"' not in raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw
    await board.close()

