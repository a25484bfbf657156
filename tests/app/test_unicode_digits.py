"""Review finding 7: "²".isdigit() is true but int("²") fails. Every number read from outside is
checked with isascii() too, so such input is a clear refusal, never a 500."""

from __future__ import annotations

from tests.app.test_two_step import _password, _turn_on
from tests.helpers import Person, signed_in_chair

SUPERSCRIPT = "\u00b2"


async def _raw_post(app, path: str, headers: list[tuple[bytes, bytes]]) -> int:
    """A request with headers exactly as given (a client library would fix the content length)."""
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"testserver"), *headers], "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    sent, status = False, []

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.start":
            status.append(message["status"])
    await app(scope, receive, send)
    return status[0]


async def test_superscript_digits_are_refused_not_a_crash(app, meeting):
    chair, mum, meeting_id, _ = meeting
    r = await chair.post(f"/meetings/{meeting_id}/agenda/next?step={SUPERSCRIPT}")
    assert r.status_code < 500, r.text
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)
    r = await mum.post(f"/meetings/{meeting_id}/feedback", {"listened": SUPERSCRIPT}, htmx=False)
    assert r.status_code == 400 and "number from 0 to 10" in r.text
    stranger = Person.in_process(app)
    r = await stranger.client.get("/login/code", headers={"cookie": f"mr_two_step=abc:{SUPERSCRIPT}:zz".encode("latin-1")})
    assert r.status_code == 403
    assert await _raw_post(app, "/login", [(b"content-length", SUPERSCRIPT.encode("latin-1"))]) == 413
    await stranger.close()


async def test_a_code_of_superscript_digits_is_just_wrong(app, database_url):
    chair = Person.in_process(app)
    await signed_in_chair(chair, database_url)
    await _turn_on(chair)
    phone = Person.in_process(app)
    assert (await _password(phone)).headers["location"] == "/login/code"
    r = await phone.post("/login/code", {"code": SUPERSCRIPT * 6}, htmx=False, token=False)
    assert r.status_code == 400 and "not right" in r.text
    for p in (chair, phone):
        await p.close()
