"""The form-token middleware on bare ASGI scopes: no app, no server, no database."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from meeting_room.web.csrf import REFUSAL, CsrfMiddleware, token_for

KEY = "k" * 40


async def reached_app(scope, receive, send):
    """The app behind the middleware: answers 200 with the body it was given."""
    message = await receive()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": message.get("body", b"")})


async def call(method="POST", path="/meetings/m/items", cookies="", headers=(), body=b"",
               content_type="application/x-www-form-urlencoded", chunks=1):
    middleware = CsrfMiddleware(reached_app, secret_key=KEY, session_cookies=("mr_chair", "mr_p"),
                                starts_session=lambda p: p in {"/login"})
    raw = [(b"cookie", cookies.encode())] if cookies else []
    raw += [(b"content-type", content_type.encode())] + [(k.encode(), v.encode()) for k, v in headers]
    scope = {"type": "http", "method": method, "path": path, "headers": raw, "query_string": b""}
    size = max(1, len(body) // chunks + 1)
    parts = [body[i:i + size] for i in range(0, len(body), size)] or [b""]
    messages = [{"type": "http.request", "body": p, "more_body": n < len(parts) - 1} for n, p in enumerate(parts)]
    sent = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)
    await middleware(scope, receive, send)
    status = sent[0]["status"]
    return status, b"".join(m.get("body", b"") for m in sent[1:])


async def test_without_a_session_cookie_nothing_is_asked():
    assert (await call(body=b"text=hi"))[0] == 200


async def test_a_session_needs_its_token_in_the_header_or_the_form():
    token = token_for(KEY, "secret-1")
    assert (await call(cookies="mr_p=secret-1", body=b"text=hi"))[0] == 403
    assert (await call(cookies="mr_p=secret-1", headers=[("x-csrf-token", token)]))[0] == 200
    assert (await call(cookies="mr_p=secret-1", headers=[("x-csrf-token", token_for(KEY, "other"))]))[0] == 403
    body = urlencode({"text": "hi", "csrf_token": token}).encode()
    status, echoed = await call(cookies="mr_p=secret-1", body=body, chunks=3)
    assert status == 200 and echoed == body  # the handler still reads the whole body, once


async def test_a_multipart_form_carries_its_token_too():
    token = token_for(KEY, "secret-2")
    boundary = "xyz"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
            f"--{boundary}--\r\n").encode()
    status, _ = await call(cookies="mr_chair=secret-2", body=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert status == 200


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
async def test_safe_methods_and_session_starting_paths_are_left_alone(method):
    assert (await call(method=method, cookies="mr_chair=s"))[0] == 200
    assert (await call(path="/login", cookies="mr_chair=stale"))[0] == 200


async def test_a_refusal_says_what_to_do():
    status, body = await call(cookies="mr_chair=s", headers=[("hx-request", "true")], body=b"x=1")
    assert status == 403 and body.decode() == REFUSAL
    status, _ = await call(cookies="mr_chair=s", body=b"\xff\xfe garbage", content_type="multipart/form-data")
    assert status == 403  # a form that cannot be read carries no token
