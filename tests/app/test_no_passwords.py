"""With password sign-in off (the council signs in with its own accounts), nothing sets or uses a
password: an invitation makes the account without one and signs nobody in; a set-up link for a
forgotten password is neither made nor accepted; "Change password" is refused."""

from __future__ import annotations

import re

import pytest

from meeting_room.domain import accounts
from meeting_room.store.db import Database
from meeting_room.store.models import User
from meeting_room.web.security import CHAIR_COOKIE
from meeting_room.web.settings import Settings
from tests.app.test_staff_accounts import PASSWORD, _invite
from tests.helpers import Person, make_chair


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(database_url=database_url, trusted_hosts=["testserver"], password_sign_in=False,
                    oidc_issuer="https://login.northshire.gov.uk", oidc_client_id="meeting-room")


@pytest.fixture
async def admin(app, database_url):
    """The first account, signed in as its council sign-in would leave it (a session)."""
    email, _ = await make_chair(database_url)
    db = Database(database_url)
    async with db.read() as c:
        user = (await c.execute(accounts.USER_BY_EMAIL, {"email": email})).first()
    secret = await accounts.start_session(db, user.id)
    await db.dispose()
    person = Person.in_process(app)
    person.client.cookies.set(CHAIR_COOKIE, secret)
    await person.get("/staff")
    yield person
    await person.close()


async def _password_of(database_url: str, email: str) -> str:
    db = Database(database_url)
    async with db.read() as c:
        row = (await c.execute(accounts.USER_BY_EMAIL, {"email": email})).first()
    await db.dispose()
    return row.password_hash


async def test_an_invitation_makes_an_account_without_a_password_and_signs_nobody_in(app, admin, database_url):
    token = await _invite(admin, "pat@northshire.gov.uk", "chair")
    pat = Person.in_process(app)
    page = (await pat.get(f"/welcome?token={token}")).text
    assert "No password is needed here" in page and 'name="password"' not in page
    r = await pat.post("/welcome", {"token": token, "name": "Pat Chair", "password": PASSWORD}, htmx=False, token=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?ready=1"
    assert CHAIR_COOKIE not in r.headers.get("set-cookie", "")
    assert "Your account is ready" in (await pat.get("/login?ready=1")).text
    assert not (await _password_of(database_url, "pat@northshire.gov.uk")).startswith("$argon2")
    assert (await pat.post("/login", {"email": "pat@northshire.gov.uk", "password": PASSWORD},
                           htmx=False, token=False)).status_code == 403
    await pat.close()


async def test_no_set_up_link_and_no_password_change(app, admin, database_url):
    page = (await admin.get("/staff")).text
    assert "/setup-link" not in page
    users = re.findall(r'action="/staff/([^/"]+)/turn-off"', page)
    for user_id in users + ["someone"]:
        r = await admin.post(f"/staff/{user_id}/setup-link", {"csrf_token": admin.csrf}, htmx=False)
        assert r.status_code == 403 and "welcome?token" not in r.text
    assert "Change password" not in (await admin.get("/account")).text
    assert (await admin.get("/account/password")).status_code == 403
    r = await admin.post("/account/password", {"csrf_token": admin.csrf, "current": "a long enough password",
                                               "password": "a brand new password"}, htmx=False)
    assert r.status_code == 403
    assert (await _password_of(database_url, "chair@example.org")).startswith("$argon2")  # unchanged


async def test_a_reset_link_made_before_passwords_were_turned_off_does_not_work(app, admin, database_url):
    from meeting_room.domain import staff
    db = Database(database_url)
    async with db.read() as c:
        me = (await c.execute(accounts.USER_BY_EMAIL, {"email": "chair@example.org"})).first()
    async with db.write() as c:
        other = await c.insert(User.__table__, name="Bo", email="bo@northshire.gov.uk", password_hash="x", roles="chair")
    secret, _ = await staff.new_setup_link(db, me, other.id, 7)
    await db.dispose()
    bo = Person.in_process(app)
    r = await bo.get(f"/welcome?token={secret}")
    assert r.status_code == 404 and "Passwords are not used here" in r.text
    r = await bo.post("/welcome", {"token": secret, "password": "bo's new password"}, htmx=False, token=False)
    assert r.status_code == 403 and (await _password_of(database_url, "bo@northshire.gov.uk")) == "x"
    await bo.close()
