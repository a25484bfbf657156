"""Join codes: drawn from `secrets`, from an alphabet without look-alikes, with enough entropy;
unknown, closed and ended codes get the same answer. (Guessing them: test_guessing.py.)"""

from __future__ import annotations

import random

from meeting_room.core import codes as meetings
from meeting_room.core.codes import CODE_ALPHABET, CODE_LENGTH, new_join_code
from tests.helpers import Person


async def test_unknown_and_closed_codes_get_the_same_answer(app, meeting):
    chair, _, meeting_id, code = meeting
    visitor = Person.in_process(app)
    unknown = await visitor.get("/join/ZZZZZZZZ")
    await chair.post(f"/meetings/{meeting_id}/joining", {"open": "0"})
    closed = await visitor.get(f"/join/{code}")
    assert unknown.status_code == closed.status_code == 404
    # The same page, but for the code each typed (kept in the box so that a typo can be fixed).
    assert unknown.text.replace("ZZZZZZZZ", "CODE") == closed.text.replace(code, "CODE")
    r = await visitor.post(f"/join/{code}", {"name": "Late", "connection": "friend"}, htmx=False, token=False)
    assert r.status_code == 404
    await chair.post(f"/meetings/{meeting_id}/joining", {"open": "1"})
    assert (await visitor.get(f"/join/{code}")).status_code == 200
    await visitor.close()



async def test_an_ended_code_gets_the_same_answer_as_an_unknown_one(app, meeting):
    chair, _, meeting_id, code = meeting
    assert (await chair.post(f"/meetings/{meeting_id}/close", htmx=False)).status_code == 303
    visitor = Person.in_process(app)
    unknown = await visitor.get("/join/ZZZZZZZZ")
    ended = await visitor.get(f"/join/{code}")
    assert unknown.status_code == ended.status_code == 404
    assert unknown.text.replace("ZZZZZZZZ", "CODE") == ended.text.replace(code, "CODE")
    tried = [await visitor.post(f"/join/{c}", {"name": "Late", "connection": "friend"}, htmx=False, token=False)
             for c in ("ZZZZZZZZ", code)]
    assert [r.status_code for r in tried] == [404, 404] and tried[0].text == tried[1].text
    await visitor.close()


def test_codes_come_from_the_secrets_module_not_a_predictable_generator(monkeypatch):
    drawn = []

    class Recording:
        @staticmethod
        def choice(alphabet):
            drawn.append(alphabet)
            return alphabet[0]
    monkeypatch.setattr(meetings, "secrets", Recording)
    assert new_join_code() == CODE_ALPHABET[0] * CODE_LENGTH and drawn == [CODE_ALPHABET] * CODE_LENGTH
    monkeypatch.undo()
    # Seeding Python's ordinary generator (as a test or a library might) does not repeat codes.
    random.seed(14)
    first = new_join_code()
    random.seed(14)
    assert new_join_code() != first


def test_codes_are_hopeless_to_guess_under_the_rate_limit():
    """At most ~0.8 wrong codes a second from one address (docs/security.md), for a day, against
    1,000 open meetings: the chance of reaching one waiting room stays below 1 in 10,000."""
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET) == 32 and CODE_LENGTH == 8
    assert not set("0O1I") & set(CODE_ALPHABET)
    tries_a_day = 0.8 * 24 * 3600
    assert tries_a_day * 1000 / len(CODE_ALPHABET) ** CODE_LENGTH < 1e-4
