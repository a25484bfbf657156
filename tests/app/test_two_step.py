"""Two-step sign-in (issue 26, point 2): a code from the right time window works and one from the
wrong window does not; a used code cannot be used again; each recovery code works once; no
session exists between the password and the code; a setting makes it required for everyone."""

from __future__ import annotations

import re
import time

import pytest

from meeting_room.core import totp
from meeting_room.core.sealed import key_from
from meeting_room.domain import two_step
from meeting_room.store.db import Database
from meeting_room.web.settings import Settings
from tests.helpers import Person, make_chair, signed_in_chair

KEY = re.compile(r'class="totp-key">([A-Z2-7]+)<')
CODES = re.compile(r"<li><code>([a-z0-9-]+)</code></li>")
SEAL = key_from(Settings(database_url="sqlite://").secret_key)  # the key the test app seals with
T = 1_800_000_000.0  # a fixed moment, at the start of a 30-second step


async def _user_id(db: Database, email: str = "chair@example.org") -> str:
    from meeting_room.domain.accounts import USER_BY_EMAIL
    async with db.read() as c:
        return (await c.execute(USER_BY_EMAIL, {"email": email})).first().id


async def test_codes_from_the_right_window_work_once(database_url):
    await make_chair(database_url)
    db = Database(database_url)
    user_id = await _user_id(db)
    secret = await two_step.start_setup(db, SEAL, user_id)
    assert not await two_step.check_code(db, SEAL, user_id, totp.code_at(secret, T))  # not on until confirmed
    codes = await two_step.confirm_setup(db, SEAL, user_id, totp.code_at(secret, T), at=T)
    assert len(codes) == 10 and await two_step.codes_left(db, user_id) == 10
    assert not await two_step.check_code(db, SEAL, user_id, totp.code_at(secret, T), at=T)  # the set-up code is used
    assert not await two_step.check_code(db, SEAL, user_id, totp.code_at(secret, T - 60), at=T + 30)  # two steps old
    assert not await two_step.check_code(db, SEAL, user_id, totp.code_at(secret, T + 120), at=T + 30)  # from the future
    assert await two_step.check_code(db, SEAL, user_id, totp.code_at(secret, T + 60), at=T + 30)  # a fast phone clock
    assert not await two_step.check_code(db, SEAL, user_id, totp.code_at(secret, T + 60), at=T + 60)  # replayed
    assert not await two_step.check_code(db, SEAL, user_id, totp.code_at(secret, T + 30), at=T + 60)  # older than the last
    assert await two_step.check_code(db, SEAL, user_id, totp.code_at(secret, T + 90), at=T + 90)
    await db.dispose()


async def test_each_recovery_code_works_once_and_is_kept_hashed(database_url):
    await make_chair(database_url)
    db = Database(database_url)
    user_id = await _user_id(db)
    secret = await two_step.start_setup(db, SEAL, user_id)
    codes = await two_step.confirm_setup(db, SEAL, user_id, totp.code_at(secret, T), at=T)
    assert await two_step.check_code(db, SEAL, user_id, codes[0])
    assert not await two_step.check_code(db, SEAL, user_id, codes[0])
    assert await two_step.check_code(db, SEAL, user_id, " " + codes[1].upper().replace("-", " "))  # as typed
    assert await two_step.codes_left(db, user_id) == 8
    async with db.read() as c:
        from meeting_room.store.staff_models import RecoveryCode
        stored = repr((await c.execute(RecoveryCode.__table__.select())).all())
    assert not any(code in stored or code.replace("-", "") in stored for code in codes)
    await db.dispose()


async def _turn_on(person: Person) -> tuple[str, list[str]]:
    page = await person.get("/account/two-step")
    secret = KEY.search(page.text).group(1)
    r = await person.post("/account/two-step", {"csrf_token": person.csrf, "code": "123 45"}, htmx=False)
    assert r.status_code == 400 and "not right" in r.text
    r = await person.post("/account/two-step", {"csrf_token": person.csrf, "code": totp.code_at(secret, time.time())},
                          htmx=False)
    assert r.status_code == 200 and "shown only now" in r.text
    return secret, CODES.findall(r.text)


async def _password(person: Person):
    return await person.post("/login", {"email": "chair@example.org", "password": "a long enough password"},
                             htmx=False, token=False)


async def test_signing_in_with_a_code_after_the_password(app, database_url):
    chair = Person.in_process(app)
    await signed_in_chair(chair, database_url)
    secret, codes = await _turn_on(chair)
    assert len(codes) == 10
    phone = Person.in_process(app)
    r = await _password(phone)
    assert r.status_code == 303 and r.headers["location"] == "/login/code"
    assert (await phone.get("/meetings")).status_code == 303  # no session yet
    assert "Type the code from your app" in (await phone.get("/login/code")).text
    r = await phone.post("/login/code", {"code": "999999" if totp.code_at(secret, time.time()) != "999999" else "888888"},
                         htmx=False, token=False)
    assert r.status_code == 400
    good = totp.code_at(secret, time.time() + 30)  # the next step's code (the set-up code's step is used)
    r = await phone.post("/login/code", {"code": good}, htmx=False, token=False)
    assert r.status_code == 303 and r.headers["location"] == "/meetings"
    assert (await phone.get("/meetings")).status_code == 200
    other = Person.in_process(app)
    await _password(other)
    assert (await other.post("/login/code", {"code": good}, htmx=False, token=False)).status_code == 400  # replayed
    assert (await other.post("/login/code", {"code": codes[0]}, htmx=False, token=False)).status_code == 303
    third = Person.in_process(app)
    await _password(third)
    assert (await third.post("/login/code", {"code": codes[0]}, htmx=False, token=False)).status_code == 400
    nobody = Person.in_process(app)  # no ticket, or a forged one: nothing
    assert (await nobody.post("/login/code", {"code": codes[1]}, htmx=False, token=False)).status_code == 403
    nobody.client.cookies.set("mr_two_step", "x:9999999999:forged", path="/login")
    assert (await nobody.post("/login/code", {"code": codes[1]}, htmx=False, token=False)).status_code == 403
    for p in (chair, phone, other, third, nobody):
        await p.close()


class TestRequired:
    @pytest.fixture
    def settings(self, database_url) -> Settings:
        return Settings(database_url=database_url, trusted_hosts=["testserver"], two_step_required=True)

    async def test_someone_without_an_app_sets_one_up_as_they_sign_in(self, app, database_url):
        await make_chair(database_url)
        person = Person.in_process(app)
        r = await _password(person)
        assert r.headers["location"] == "/login/code"
        page = await person.get("/login/code")
        assert "Set up two-step sign-in" in page.text and "QR code" in page.text
        assert (await person.get("/meetings")).status_code == 303
        secret = KEY.search(page.text).group(1)
        r = await person.post("/login/code", {"code": totp.code_at(secret, time.time())}, htmx=False, token=False)
        assert r.status_code == 200 and len(CODES.findall(r.text)) == 10
        assert (await person.get("/meetings")).status_code == 200
        await person.close()


async def _stored(db: Database, user_id: str):
    from meeting_room.domain.accounts import USERS
    async with db.read() as c:
        return await c.get(USERS, user_id)


async def test_the_apps_secret_is_kept_sealed_and_bound_to_its_account(database_url):
    from meeting_room.domain.accounts import USERS
    await make_chair(database_url)
    await make_chair(database_url, email="bo@example.org")
    db = Database(database_url)
    user_id, bo_id = await _user_id(db), await _user_id(db, "bo@example.org")
    secret = await two_step.start_setup(db, SEAL, user_id)
    assert secret not in (await _stored(db, user_id)).totp_pending
    codes = await two_step.confirm_setup(db, SEAL, user_id, totp.code_at(secret, T), at=T)
    stored = (await _stored(db, user_id)).totp_secret
    assert stored.startswith("s1:") and secret not in stored
    # Copied to another account, it opens nothing: it is bound to its own.
    async with db.write() as c:
        await c.set(USERS, bo_id, totp_secret=stored)
    assert not await two_step.check_code(db, SEAL, bo_id, totp.code_at(secret, T + 30), at=T + 30)
    # Under another secret key the app's codes stop working; a recovery code still does.
    other = key_from("another secret key, at least thirty-two characters")
    assert not await two_step.check_code(db, other, user_id, totp.code_at(secret, T + 30), at=T + 30)
    assert await two_step.check_code(db, other, user_id, codes[0], at=T + 30)
    assert await two_step.check_code(db, SEAL, user_id, totp.code_at(secret, T + 30), at=T + 30)
    await db.dispose()


async def test_a_secret_kept_before_sealing_still_works_and_is_sealed_at_its_next_use(database_url):
    from meeting_room.domain.accounts import USERS
    await make_chair(database_url)
    db = Database(database_url)
    user_id, secret = await _user_id(db), totp.new_secret()
    async with db.write() as c:
        await c.set(USERS, user_id, totp_secret=secret)  # as the last version kept it
    assert await two_step.check_code(db, SEAL, user_id, totp.code_at(secret, T), at=T)
    stored = (await _stored(db, user_id)).totp_secret
    assert stored.startswith("s1:") and secret not in stored
    assert await two_step.check_code(db, SEAL, user_id, totp.code_at(secret, T + 30), at=T + 30)
    await db.dispose()
