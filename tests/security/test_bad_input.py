"""Bad input gets a clear 4xx and changes nothing: never a 500, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

import httpx
import pytest

from meeting_room.core.text import TextError, clean_line
from meeting_room.domain import accounts
from tests.helpers import Person, add_item

ITEM_ID = re.compile(r'id="item-([A-Za-z0-9_-]+)"')


async def test_a_sequence_number_that_is_not_a_plain_number_is_no_news(app, meeting):
    chair, mum, meeting_id, _ = meeting
    for since in ("%C2%B2", "1" * 5000, "-1", "1e3", ""):
        r = await mum.get(f"/meetings/{meeting_id}/updates?since={since}")
        assert r.status_code == 200, (since, r.status_code)


async def test_moving_a_removed_item_is_refused_plainly(app, meeting):
    chair, mum, meeting_id, _ = meeting
    assert (await add_item(chair, meeting_id, "Soon removed")).status_code == 200
    item_id = ITEM_ID.search((await chair.get(f"/meetings/{meeting_id}")).text).group(1)
    assert (await chair.post(f"/meetings/{meeting_id}/items/{item_id}/remove")).status_code == 200  # "Removed. Undo"
    for action in ("up", "down"):
        r = await chair.post(f"/meetings/{meeting_id}/items/{item_id}/{action}")
        assert r.status_code == 400 and "removed" in r.text


@pytest.mark.parametrize("path", ["/meetings/a%00b", "/meetings/a%00b/screen", "/join/AB%00CD",
                                  "/meetings/x/updates?since=%00", "/?q=%00"])
async def test_a_nul_character_in_an_address_is_refused(app, meeting, path):
    chair, _, _, _ = meeting
    r = await chair.get(path)
    assert r.status_code == 400 and "cannot be used" in r.text


async def test_a_nul_character_in_a_form_is_refused(app, meeting):
    chair, mum, meeting_id, code = meeting
    stranger = Person.in_process(app)
    r = await stranger.post("/login", {"email": "chair@example.org\x00", "password": "x\x00y"}, htmx=False,
                            token=False)
    assert r.status_code == 400
    r = await stranger.post(f"/join/{code}", {"name": "Da\x00na", "connection": "mum"}, htmx=False, token=False)
    assert r.status_code == 400
    r = await add_item(mum, meeting_id, "A \x00 in the middle")
    assert r.status_code == 400
    await stranger.close()


async def test_oversized_headers_are_refused(app):
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        r = await client.get("/", headers={"X-Padding": "a" * 20_000})
    assert r.status_code == 431


async def test_a_date_must_be_written_as_year_month_day(app, meeting):
    chair, _, _, _ = meeting
    await chair.get("/meetings/new")
    for held_on in ("20260101", "2026-W01-1", "2026-02-30"):
        r = await chair.post("/meetings", {"csrf_token": chair.csrf, "title": "Dates", "family_name": "Example",
                                           "children": "Alex", "kind": "review", "held_on": held_on}, htmx=False)
        assert r.status_code == 400, held_on


@pytest.mark.parametrize("invisible", ["\u061c", "\u180e", "\u3164", "\uffa0", "\u2800", "\u034f", "\ufe0f",
                                       "\U000e0041", "\u17b4", "\u115f", "\u200b", "\u202e", "\u2028"])
def test_invisible_and_filler_characters_are_removed_from_names(invisible):
    assert clean_line(f"Da{invisible}na", "Your name", 60) == "Dana"
    with pytest.raises(TextError):
        clean_line(invisible * 2, "Your name", 60)


def test_a_name_of_marks_alone_is_refused():
    with pytest.raises(TextError):
        clean_line("\u0301\u0301", "Your name", 60)
    assert clean_line("Zoë", "Your name", 60) == "Zoë"
    assert clean_line("  Mary   Ann\t", "Your name", 60) == "Mary Ann"


async def test_a_name_that_looks_blank_cannot_join(app, meeting):
    _, _, _, code = meeting
    person = Person.in_process(app)
    r = await person.post(f"/join/{code}", {"name": "\u3164\u3164", "connection": "mum"}, htmx=False, token=False)
    assert r.status_code == 400 and "name" in r.text.lower()
    await person.close()


async def test_a_wrong_setup_link_is_refused_before_any_password_is_hashed(app, monkeypatch):
    hashed = []
    real = accounts.hash_password

    async def counting(password):
        hashed.append(1)
        return await real(password)
    monkeypatch.setattr(accounts, "hash_password", counting)
    person = Person.in_process(app)
    r = await person.post("/setup", {"token": "not-a-real-token", "name": "Pat", "email": "pat@example.org",
                                     "password": "a long enough password"}, htmx=False, token=False)
    assert r.status_code == 403 and not hashed
    await person.close()


async def test_health_shows_live_counts_only_to_this_machine(app):
    outside = httpx.ASGITransport(app=app, client=("203.0.113.9", 4000))
    async with httpx.AsyncClient(transport=outside, base_url="http://testserver") as client:
        body = (await client.get("/healthz")).json()
    assert body == {"ok": True}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        assert "live" in (await client.get("/healthz")).json()
