"""Guessing join codes or passwords is slowed without letting one client lock others out."""

from __future__ import annotations

import asyncio
import time

from meeting_room.web.limits import Throttle
from tests.helpers import Person, make_chair


def quick(free: int, slots: int = 2) -> Throttle:
    """The real throttle with short delays, so that the test does not wait long."""
    return Throttle(free=free, window=600, max_delay=0.3, slots=slots)


async def test_wrong_codes_are_slowed_but_the_right_code_always_gets_in(app, meeting):
    _, _, _, code = meeting
    app.state.mr.code_guesses = quick(free=3)
    guesser = Person.in_process(app)
    phone = Person.in_process(app)  # another phone on the same Wi-Fi (the same address)
    for n in range(3):
        assert (await guesser.get(f"/join/ABCDEFG{n + 2}")).status_code == 404
    started = time.monotonic()
    assert (await guesser.get("/join/ABCDEFGX")).status_code == 404
    assert time.monotonic() - started >= 0.25  # past the free tries: held back
    # Cookies cannot buy more tries: the key is the address, which the client cannot choose.
    guesser.client.cookies.clear()
    started = time.monotonic()
    assert (await guesser.get("/join/ABCDEFGY")).status_code == 404
    assert time.monotonic() - started >= 0.25
    # The right code is never held back or refused, for anyone at that address.
    started = time.monotonic()
    assert (await phone.get(f"/join/{code}")).status_code == 200
    assert (await guesser.get(f"/join/{code}")).status_code == 200
    assert time.monotonic() - started < 0.25
    await guesser.close()
    await phone.close()


async def test_too_many_wrong_codes_at_once_are_refused(app, meeting):
    _, _, _, code = meeting
    app.state.mr.code_guesses = quick(free=0, slots=2)
    guesser = Person.in_process(app)
    answers = await asyncio.gather(*(guesser.get(f"/join/ABCDEFG{n + 2}") for n in range(6)))
    statuses = sorted(r.status_code for r in answers)
    assert 429 in statuses and statuses.count(404) >= 2
    assert "wait a moment" in next(r.text for r in answers if r.status_code == 429)
    assert (await guesser.get(f"/join/{code}")).status_code == 200  # and the right code still works
    await guesser.close()


async def test_wrong_passwords_for_many_accounts_do_not_lock_out_another_chair(app, database_url):
    email, password = await make_chair(database_url)
    app.state.mr.login_guesses_per_host = quick(free=3)
    app.state.mr.login_guesses_per_email = quick(free=3)
    attacker, chair = Person.in_process(app), Person.in_process(app)
    for n in range(8):  # many emails, one address
        r = await attacker.post("/login", {"email": f"someone{n}@example.org", "password": "wrong password!"},
                                htmx=False, token=False)
        assert r.status_code == 400 and "do not match" in r.text
    r = await chair.post("/login", {"email": email, "password": password}, htmx=False, token=False)
    assert r.status_code == 303  # the right password still signs in
    await attacker.close()
    await chair.close()


async def test_guessing_one_chair_s_password_is_slowed(app, database_url):
    email, _ = await make_chair(database_url)
    app.state.mr.login_guesses_per_email = quick(free=2)
    attacker = Person.in_process(app)
    for _ in range(2):
        await attacker.post("/login", {"email": email, "password": "wrong password!"}, htmx=False, token=False)
    started = time.monotonic()
    r = await attacker.post("/login", {"email": email, "password": "wrong password!"}, htmx=False, token=False)
    assert r.status_code == 400 and time.monotonic() - started >= 0.25
    await attacker.close()


def test_the_delay_grows_with_the_wrong_tries_and_is_bounded():
    throttle = Throttle(free=2, window=600, max_delay=5.0)
    delays = [throttle.delay_after(wrong) for wrong in range(1, 41)]
    assert delays[:2] == [0, 0] and delays[2] > 0
    assert delays == sorted(delays) and max(delays) == 5.0


async def test_one_person_cannot_flood_the_board(app, meeting):
    chair, mum, meeting_id, _ = meeting
    app.state.mr.item_limit.limit = 30  # the default (the test settings lift it)
    statuses = []
    for n in range(35):
        r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "section": "harm",
                                                             "text": f"Item {n}"})
        statuses.append(r.status_code)
    assert statuses[:30] == [200] * 30 and statuses[-1] == 429
    assert "wait a minute" in r.text
    # Others are not held back by it.
    r = await chair.post(f"/meetings/{meeting_id}/items", {"column": "worries", "section": "harm", "text": "Chair"})
    assert r.status_code == 200


async def test_the_waiting_room_has_a_limit(app, meeting, monkeypatch):
    from meeting_room.domain import people
    monkeypatch.setattr(people, "MAX_WAITING", 3)
    _, _, _, code = meeting
    statuses = []
    for n in range(4):
        person = Person.in_process(app)
        r = await person.post(f"/join/{code}", {"name": f"Visitor {n}", "connection": "friend"}, htmx=False,
                              token=False)
        statuses.append(r.status_code)
        await person.close()
    assert statuses == [303, 303, 303, 429]
    assert "waiting room is full" in r.text


async def test_joins_from_one_address_are_bounded(app, meeting):
    _, _, _, code = meeting
    app.state.mr.join_limit.limit = 3  # Mum joined already, from the same address
    statuses = []
    for n in range(3):
        person = Person.in_process(app)
        r = await person.post(f"/join/{code}", {"name": f"Visitor {n}", "connection": "friend"}, htmx=False,
                              token=False)
        statuses.append(r.status_code)
        await person.close()
    assert statuses == [303, 303, 429]
