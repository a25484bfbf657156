"""Permission rules, cross-site protection, sessions and headers (SECURITY-TESTS.md)."""

from __future__ import annotations

import re


from tests.helpers import (Person, add_item, admit_and_enter, join, make_chair, new_meeting, participant_id,
                           signed_in_chair, waiting_id)


async def item_texts(app, meeting_id):
    board = await app.state.mr.boards.board(meeting_id)
    return [i.text for i in board.items]


async def test_security_headers_on_every_page(meeting):
    chair, mum, meeting_id, _ = meeting
    for person, url in [(chair, "/"), (chair, "/login"), (chair, "/meetings"), (chair, f"/meetings/{meeting_id}"),
                        (chair, f"/meetings/{meeting_id}/screen"), (mum, f"/meetings/{meeting_id}"),
                        (chair, "/no-such-page")]:
        r = await person.get(url)
        csp = r.headers["content-security-policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp
        assert "default-src 'self'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["cache-control"] == "no-store"


async def test_pages_have_no_inline_scripts_styles_or_event_handlers(meeting):
    chair, mum, meeting_id, _ = meeting
    for person, url in [(chair, f"/meetings/{meeting_id}"), (mum, f"/meetings/{meeting_id}"),
                        (chair, f"/meetings/{meeting_id}/screen")]:
        html = (await person.get(url)).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert not re.search(r"\sstyle=|\son[a-z]+=|hx-on|js:", html)


async def test_cross_site_posts_are_refused_and_change_nothing(app, meeting):
    _, mum, meeting_id, _ = meeting
    for headers in ({"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"}):
        r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "section": "harm",
                                                               "text": "forged"}, headers=headers)
        assert r.status_code == 403
    r = await mum.client.post(f"/meetings/{meeting_id}/items", data={"column": "worries", "text": "forged",
                              "csrf_token": mum.csrf}, headers={"origin": "https://evil.example"})
    assert r.status_code == 403
    assert "forged" not in await item_texts(app, meeting_id)


async def test_same_origin_form_with_origin_null_is_accepted(app, meeting):
    """Chromium sends Origin: null with Referrer-Policy: no-referrer; Sec-Fetch-Site decides."""
    _, mum, meeting_id, _ = meeting
    r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "section": "harm", "text": "ok"},
                       headers={"origin": "null", "sec-fetch-site": "same-origin"})
    assert r.status_code == 200


async def test_changes_without_the_session_token_are_refused(app, meeting):
    chair, mum, meeting_id, _ = meeting
    r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "no token"}, token=False)
    assert r.status_code == 403
    r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "bad token"},
                       headers={"x-csrf-token": "0" * 64})
    assert r.status_code == 403
    r = await chair.post(f"/meetings/{meeting_id}/joining", {"open": "0"}, token=False)
    assert r.status_code == 403
    assert "no token" not in await item_texts(app, meeting_id)
    assert (await app.state.mr.boards.board(meeting_id)).meeting.joining_open


async def test_state_never_changes_on_get(meeting):
    chair, _, meeting_id, _ = meeting
    for url in ("/logout", f"/meetings/{meeting_id}/items", f"/meetings/{meeting_id}/joining",
                f"/meetings/{meeting_id}/enter"):
        r = await chair.get(url)
        assert r.status_code == 405


async def test_participants_cannot_call_chair_actions(app, meeting):
    chair, mum, meeting_id, code = meeting
    await add_item(chair, meeting_id, "Chair's item")
    board = await app.state.mr.boards.board(meeting_id)
    item = board.items[0]
    me = next(p for p in board.participants if p.name == "Dana")
    other = Person.in_process(app)
    await join(other, code, "Stranger", "friend")
    stranger = await waiting_id(chair, meeting_id, "Stranger")
    for url, data in [
        (f"/meetings/{meeting_id}/people/{stranger}/admit", {}),
        (f"/meetings/{meeting_id}/people/{stranger}/turn-away", {}),
        (f"/meetings/{meeting_id}/people/{me.id}/remove", {}),
        (f"/meetings/{meeting_id}/items/{item.id}/remove", {}),
        (f"/meetings/{meeting_id}/items/{item.id}/up", {}),
        (f"/meetings/{meeting_id}/items/{item.id}/move", {"place": "next:steps"}),
        (f"/meetings/{meeting_id}/items/{item.id}", {"text": "hijacked", "version": str(item.version)}),
        (f"/meetings/{meeting_id}/joining", {"open": "0"}),
        (f"/meetings/{meeting_id}/items", {"column": "worries", "text": "for someone", "recorded_for": "Grandad"}),
    ]:
        r = await mum.post(url, data)
        assert r.status_code == 403, url
    after = await app.state.mr.boards.board(meeting_id)
    assert [i.text for i in after.items] == ["Chair's item"] and not after.removed_items
    assert after.participant(stranger).status == "waiting"
    assert after.meeting.joining_open
    assert (await mum.get(f"/meetings/{meeting_id}/history")).status_code == 403
    assert (await mum.get(f"/meetings/{meeting_id}/screen")).status_code == 403
    await other.close()


async def test_extra_fields_are_ignored(app, meeting):
    _, mum, meeting_id, _ = meeting
    r = await mum.post(f"/meetings/{meeting_id}/items", {
        "column": "worries", "section": "harm", "text": "Mine", "role": "chair", "meeting_id": "other",
        "author_id": "someone", "author": "Chair", "recorded_for": ""})
    assert r.status_code == 200
    board = await app.state.mr.boards.board(meeting_id)
    item = board.items[0]
    assert board.participant(item.author_id).name == "Dana" and item.recorded_for is None


async def test_people_cannot_reach_another_meeting(app, database_url, meeting):
    chair, mum, meeting_id, _ = meeting
    other_chair = Person.in_process(app)
    await signed_in_chair(other_chair, database_url, email="other@example.org")
    other_id, other_code = await new_meeting(other_chair, title="Another family")
    await add_item(other_chair, other_id, "Secret of another family")
    mum_cookie = {"cookie": f"mr_p={mum.client.cookies.get('mr_p')}"}
    r = await mum.client.get(f"/meetings/{other_id}", headers=mum_cookie)
    assert r.status_code == 403 and "Secret of another family" not in r.text
    r = await mum.client.post(f"/meetings/{other_id}/items", headers={**mum_cookie, "x-csrf-token": mum.csrf},
                              data={"column": "worries", "text": "sneaky"})
    assert r.status_code == 403
    # Another chair cannot open this meeting, its screen or its history.
    for url in (f"/meetings/{meeting_id}", f"/meetings/{meeting_id}/screen", f"/meetings/{meeting_id}/history"):
        assert (await other_chair.get(url)).status_code == 403
    r = await other_chair.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "x"})
    assert r.status_code == 403
    # Items of meeting B cannot be edited through meeting A's address.
    board_b = await app.state.mr.boards.board(other_id)
    item_b = board_b.items[0]
    r = await chair.post(f"/meetings/{meeting_id}/items/{item_b.id}/remove")
    assert r.status_code == 404
    r = await chair.post(f"/meetings/{meeting_id}/items/{item_b.id}", {"text": "changed", "version": "1"})
    assert r.status_code == 404
    assert [i.text for i in (await app.state.mr.boards.board(other_id)).items] == ["Secret of another family"]
    await other_chair.close()


async def test_lobby_sees_nothing_and_cannot_write(app, meeting):
    chair, _, meeting_id, code = meeting
    await add_item(chair, meeting_id, "Only for people let in")
    waiting = Person.in_process(app)
    await join(waiting, code, "Wendy", "friend")
    page = await waiting.get(f"/meetings/{meeting_id}")
    assert "Only for people let in" not in page.text and "waiting for the chair" in page.text
    r = await waiting.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "from the lobby"})
    assert r.status_code == 403
    r = await waiting.post(f"/meetings/{meeting_id}/enter")
    assert r.status_code == 403
    await waiting.close()


async def test_a_cookie_copied_in_the_lobby_is_useless_after_admission(app, meeting):
    chair, _, meeting_id, code = meeting
    phone = Person.in_process(app)
    await join(phone, code, "Gran", "grandparent")
    copied = phone.client.cookies.get("mr_p")
    await admit_and_enter(chair, phone, meeting_id, "Gran")
    thief = Person.in_process(app)
    r = await thief.client.get(f"/meetings/{meeting_id}", headers={"cookie": f"mr_p={copied}"})
    assert r.status_code == 403 and "What are we worried about?" not in r.text
    await phone.close()
    await thief.close()


async def test_turned_away_person_cannot_get_in(app, meeting):
    chair, _, meeting_id, code = meeting
    phone = Person.in_process(app)
    await join(phone, code, "Tom", "friend")
    pid = await waiting_id(chair, meeting_id, "Tom")
    assert (await chair.post(f"/meetings/{meeting_id}/people/{pid}/turn-away")).status_code == 204
    page = await phone.get(f"/meetings/{meeting_id}")
    assert page.status_code == 403
    await phone.close()


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


async def test_invisible_and_direction_characters_are_removed_from_names(app, meeting):
    chair, _, meeting_id, code = meeting
    phone = Person.in_process(app)
    await join(phone, code, "Da\u202ena\u200b", "mum")
    board = await app.state.mr.boards.board(meeting_id)
    assert any(p.name == "Dana" for p in board.people("waiting"))
    await phone.close()


async def test_chair_sessions_rotate_at_login_and_end_at_logout(app, database_url):
    email, password = await make_chair(database_url)
    person = Person.in_process(app)
    await person.post("/login", {"email": email, "password": password}, htmx=False, token=False)
    first = person.client.cookies.get("mr_chair")
    await person.post("/login", {"email": email, "password": password}, htmx=False, token=False)
    second = person.client.cookies.get("mr_chair")
    assert first and second and first != second
    stale = Person.in_process(app)
    r = await stale.client.get("/meetings", headers={"cookie": f"mr_chair={first}"})
    assert r.status_code == 303  # the old session ended at the new login
    page = await person.get("/meetings")
    assert page.status_code == 200
    r = await person.post("/logout", {}, htmx=False)
    assert r.status_code == 303
    r = await stale.client.get("/meetings", headers={"cookie": f"mr_chair={second}"})
    assert r.status_code == 303
    set_cookie = (await person.client.post("/login", data={"email": email, "password": password})).headers["set-cookie"]
    assert "HttpOnly" in set_cookie and "samesite=lax" in set_cookie.lower()
    await person.close()
    await stale.close()


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


async def test_server_errors_show_a_plain_page_and_log_no_details(app, meeting, monkeypatch, caplog):
    _, mum, meeting_id, _ = meeting

    async def broken(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM somewhere")
    monkeypatch.setattr(app.state.mr.items, "add", broken)
    transport_client = mum.client
    transport_client._transport.raise_app_exceptions = False
    r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "x"}, htmx=False)
    assert r.status_code == 500
    assert "SELECT" not in r.text and "Traceback" not in r.text and "Something went wrong" in r.text
    assert r.headers["content-security-policy"].startswith("default-src 'self'")
    assert "RuntimeError" in caplog.text and "SELECT secret" not in caplog.text


async def test_members_see_whose_item_and_can_edit_only_their_own(app, meeting):
    chair, mum, meeting_id, code = meeting
    await add_item(chair, meeting_id, "Chair wrote this")
    await add_item(mum, meeting_id, "Mum wrote this")
    board = await app.state.mr.boards.board(meeting_id)
    chairs = next(i for i in board.items if i.text == "Chair wrote this")
    mums = next(i for i in board.items if i.text == "Mum wrote this")
    assert (await mum.get(f"/meetings/{meeting_id}/items/{chairs.id}/edit")).status_code == 403
    r = await mum.post(f"/meetings/{meeting_id}/items/{chairs.id}", {"text": "mine now", "version": "1"})
    assert r.status_code == 403
    form = await mum.get(f"/meetings/{meeting_id}/items/{mums.id}/edit")
    assert form.status_code == 200 and "Change this item" in form.text
    r = await mum.post(f"/meetings/{meeting_id}/items/{mums.id}", {"text": "Mum wrote this, then changed it",
                                                                    "version": "1"})
    assert r.status_code == 200
    r = await chair.post(f"/meetings/{meeting_id}/items/{mums.id}", {"text": "Chair tidied it", "version": "2"})
    assert r.status_code == 200
    texts = await item_texts(app, meeting_id)
    assert "Chair tidied it" in texts and "Chair wrote this" in texts
    assert await participant_id(mum, meeting_id) == mums.author_id
