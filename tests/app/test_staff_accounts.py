"""Staff accounts run from the browser (issue 26, point 1): the first account is an administrator;
"Invite staff" makes a single-use link that expires; a new set-up link for a forgotten password;
turning an account off ends its sessions and closes its live sockets within a second; "Change
password" asks for the current one; each route refuses the roles it is not for."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import pytest
import websockets
from sqlalchemy import update

from meeting_room.domain import accounts
from meeting_room.store.db import Database
from meeting_room.store.models import now
from meeting_room.store.staff_models import StaffLink
from meeting_room.web.settings import Settings
from tests.conftest import LiveServer
from tests.helpers import Person, new_meeting, signed_in_chair

LINK = re.compile(r'value="(?:http://[^"]+)?/welcome\?token=([^"]+)"')
PASSWORD = "a long enough password"


async def _invite(admin: Person, email: str, *roles: str) -> str:
    await admin.get("/staff")
    data = {"csrf_token": admin.csrf, "email": email, **{f"role_{r}": "1" for r in roles}}
    r = await admin.post("/staff/invite", data, htmx=False)
    assert r.status_code == 200, r.text
    assert f"Send this link to {email}" in r.text
    return LINK.search(r.text).group(1)


async def _accept(person: Person, token: str, name: str = "Pat Chair", password: str = PASSWORD):
    return await person.post("/welcome", {"token": token, "name": name, "password": password},
                             htmx=False, token=False)


async def _sign_in(person: Person, email: str, password: str = PASSWORD):
    return await person.post("/login", {"email": email, "password": password}, htmx=False, token=False)


@pytest.fixture
async def admin(app, database_url):
    person = Person.in_process(app)
    await signed_in_chair(person, database_url)  # the first account: an administrator (and a chair)
    yield person
    await person.close()


async def test_the_set_up_link_makes_an_administrator(app, database_url):
    db = Database(database_url)
    secret = await accounts.new_setup_token(db)
    await db.dispose()
    person = Person.in_process(app)
    r = await person.post("/setup", {"token": secret, "name": "Ada Admin", "email": "ada@example.org",
                                     "password": PASSWORD}, htmx=False, token=False)
    assert r.status_code == 303
    page = await person.get("/staff")
    assert page.status_code == 200 and "Invite staff" in page.text and "Administrator" in page.text
    await person.close()


async def test_an_invitation_works_once(app, admin):
    token = await _invite(admin, "pat@example.org", "chair")
    pat = Person.in_process(app)
    assert "Create your account" in (await pat.get(f"/welcome?token={token}")).text
    r = await _accept(pat, token)
    assert r.status_code == 303 and r.headers["location"] == "/account"
    page = await pat.get("/account")
    assert "Pat Chair" in page.text and "Chair" in page.text and "Administrator" not in page.text
    other = Person.in_process(app)
    assert (await other.get(f"/welcome?token={token}")).status_code == 404
    r = await _accept(other, token, name="Someone Else")
    assert r.status_code == 403 and "used already" in r.text
    assert (await _sign_in(other, "pat@example.org")).status_code == 303  # Pat's own password
    await pat.close()
    await other.close()


async def test_an_invitation_expires(app, admin, database_url):
    token = await _invite(admin, "late@example.org", "chair")
    db = Database(database_url)
    async with db.write() as c:
        await c.execute(update(StaffLink.__table__).values(expires_at=now() - timedelta(minutes=1)))
    await db.dispose()
    late = Person.in_process(app)
    assert (await late.get(f"/welcome?token={token}")).status_code == 404
    assert (await _accept(late, token)).status_code == 403
    assert (await _sign_in(late, "late@example.org")).status_code == 400
    await late.close()


async def test_the_invitation_is_kept_hashed(admin, database_url):
    token = await _invite(admin, "hash@example.org", "lead")
    db = Database(database_url)
    async with db.read() as c:
        rows = (await c.execute(StaffLink.__table__.select())).all()
    await db.dispose()
    assert len(rows) == 1 and token not in repr(rows) and rows[0].roles == "lead"
    assert (rows[0].expires_at - now()) > timedelta(days=6, hours=23)


async def test_roles_are_checked_route_by_route(app, admin):
    chair, boss = Person.in_process(app), Person.in_process(app)
    assert (await _accept(chair, await _invite(admin, "c@example.org", "chair"))).status_code == 303
    assert (await _accept(boss, await _invite(admin, "b@example.org", "admin"), name="Bo Admin")).status_code == 303
    meeting_id, _ = await new_meeting(admin)
    await chair.get("/account")
    for url in ("/staff/invite", "/staff/x/turn-off", "/staff/x/setup-link"):  # a chair is no administrator
        r = await chair.post(url, {"csrf_token": chair.csrf, "email": "z@example.org", "role_admin": "1"})
        assert r.status_code == 403, url
    assert (await chair.get("/staff")).status_code == 403
    await boss.get("/account")
    assert (await boss.get("/staff")).status_code == 200
    assert (await boss.get("/meetings/new")).status_code == 403  # an administrator alone chairs nothing
    r = await boss.post("/meetings", {"csrf_token": boss.csrf, "title": "T", "family_name": "F", "children": "A",
                                      "kind": "review", "held_on": "2026-12-01"}, htmx=False)
    assert r.status_code == 403
    for url in (f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/record", f"/meetings/{meeting_id}/history"):
        r = await boss.get(url)  # nor reads a meeting's content
        assert r.status_code in (403, 404) or "What are we worried about?" not in r.text, url
    nobody = Person.in_process(app)
    assert (await nobody.get("/staff")).status_code == 303
    assert (await nobody.post("/staff/invite", {"email": "n@example.org"}, htmx=False)).status_code == 403
    for p in (chair, boss, nobody):
        await p.close()


async def test_changing_a_password_asks_for_the_current_one(app, admin, database_url):
    laptop = Person.in_process(app)
    assert (await _sign_in(laptop, "chair@example.org")).status_code == 303
    await admin.get("/account/password")
    r = await admin.post("/account/password", {"csrf_token": admin.csrf, "current": "not it at all",
                                                "password": "a brand new password"}, htmx=False)
    assert r.status_code == 400 and "current password is not right" in r.text
    r = await admin.post("/account/password", {"csrf_token": admin.csrf, "current": PASSWORD,
                                                "password": "short"}, htmx=False)
    assert r.status_code == 400 and "at least 10" in r.text
    r = await admin.post("/account/password", {"csrf_token": admin.csrf, "current": PASSWORD,
                                                "password": "a brand new password"}, htmx=False)
    assert r.status_code == 303
    assert "Your account" in (await admin.get("/account")).text  # this session goes on
    assert (await laptop.get("/account")).status_code == 303  # the other one ended
    fresh = Person.in_process(app)
    assert (await _sign_in(fresh, "chair@example.org")).status_code == 400
    assert (await _sign_in(fresh, "chair@example.org", "a brand new password")).status_code == 303
    await laptop.close()
    await fresh.close()


async def test_a_new_set_up_link_resets_a_forgotten_password(app, admin):
    pat = Person.in_process(app)
    await _accept(pat, await _invite(admin, "pat@example.org", "chair"))
    page = await admin.get("/staff")
    user_id = re.search(r'action="/staff/([^/"]+)/setup-link"', page.text).group(1)
    r = await admin.post(f"/staff/{user_id}/setup-link", {"csrf_token": admin.csrf}, htmx=False)
    token = LINK.search(r.text).group(1)
    phone = Person.in_process(app)
    assert "Choose a new password" in (await phone.get(f"/welcome?token={token}")).text
    r = await phone.post("/welcome", {"token": token, "password": "my new password here"}, htmx=False, token=False)
    assert r.status_code == 303
    assert (await pat.get("/account")).status_code == 303  # every other session ended
    assert (await _sign_in(pat, "pat@example.org")).status_code == 400
    assert (await _sign_in(pat, "pat@example.org", "my new password here")).status_code == 303
    again = await phone.post("/welcome", {"token": token, "password": "yet another password"}, htmx=False, token=False)
    assert again.status_code == 403
    await pat.close()
    await phone.close()


async def test_recent_sign_ins_are_listed(app, admin):
    page = await admin.get("/account")
    assert "Recent sign-ins" in page.text and page.text.count("UTC") == 1


@pytest.fixture
def slow_resync(database_url):
    """The hubs' own checks come only every 30 s: closing within a second is the ring's doing."""
    return Settings(database_url=database_url, resync_seconds=30.0, trusted_hosts=["testserver", "127.0.0.1"])


@pytest.mark.live
async def test_turning_an_account_off_closes_its_sockets_within_a_second(slow_resync, database_url):
    live_server = LiveServer(slow_resync)
    await live_server.start()
    admin = Person.live(live_server)
    await signed_in_chair(admin, database_url)
    pat = Person.live(live_server)
    assert (await _accept(pat, await _invite(admin, "pat@example.org", "chair"))).status_code == 303
    meeting_id, _ = await new_meeting(pat)
    ws = await websockets.connect(f"{live_server.ws_url}/meetings/{meeting_id}/ws",
                                  additional_headers={"Origin": live_server.url, "Cookie": pat.cookie_header})
    await ws.recv()  # the snapshot
    page = await admin.get("/staff")
    user_id = re.search(r'action="/staff/([^/"]+)/turn-off"', page.text).group(1)
    r = await admin.post(f"/staff/{user_id}/turn-off", {"csrf_token": admin.csrf}, htmx=False)
    assert r.status_code == 303

    async def closed() -> int:
        try:
            while True:
                await ws.recv()
        except websockets.ConnectionClosed as e:
            return e.rcvd.code if e.rcvd else None
    assert await asyncio.wait_for(closed(), 1.0) == 4401
    assert (await pat.get("/meetings")).status_code == 303  # signed out
    r = await _sign_in(pat, "pat@example.org")
    assert r.status_code == 400 and "turned off" in r.text
    assert "Turn on Pat Chair" in (await admin.get("/staff")).text  # the account (and its meetings) stay
    await admin.close()
    await pat.close()
    await live_server.stop()
