"""The access audit under a flood (issue 25): a stranger's refusals are counted, not written one
row each; a meeting id that names no meeting goes in as a fixed marker, never as the visitor's
words, at any length, on SQLite and PostgreSQL; and the chair's access page keeps admissions and
removals in sight however many refusals there were."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

from meeting_room.domain import audit
from meeting_room.store.db import Database
from tests.helpers import Person

FLOOD = 520  # more than the 500 entries the chair's page shows


async def all_entries(database_url):
    db = Database(database_url)
    try:
        return await audit.since(db, audit.now() - audit.REPEAT_WINDOW)
    finally:
        await db.dispose()


async def test_a_flood_of_refusals_is_counted_in_one_entry_and_the_chair_still_sees_who_came_in(
        app, meeting, database_url):
    chair, mum, meeting_id, _ = meeting
    stranger = Person.in_process(app)
    for _ in range(FLOOD):
        assert (await stranger.get(f"/meetings/{meeting_id}/record")).status_code == 403
    refusals = [e for e in await all_entries(database_url)
                if e.meeting_id == meeting_id and e.outcome == "refused" and e.actor == ""]
    assert len(refusals) == 1 and refusals[0].count == FLOOD and refusals[0].last_at >= refusals[0].at

    page = (await chair.get(f"/meetings/{meeting_id}/access")).text
    assert "let someone in" in page and "asked to join" in page and "Dana (Mum)" in page
    assert f"{FLOOD} refusals hidden" in page and "tried: record page</td>" not in page
    refused = (await chair.get(f"/meetings/{meeting_id}/access?show=refusals")).text
    assert f"({FLOOD} times)" in refused and "tried: record page</td>" in refused and "let someone in</td>" not in refused
    admits = (await chair.get(f"/meetings/{meeting_id}/access?show=admit")).text
    assert "let someone in" in admits and "asked to join</td>" not in admits and "refusals hidden" not in admits
    assert '<option value="admit" selected>' in admits
    assert (await mum.get(f"/meetings/{meeting_id}/access?show=refusals")).status_code == 403
    await stranger.close()


async def test_a_client_cannot_grow_the_log_by_varying_what_it_is_refused(database_url, app):
    db = Database(database_url)
    try:
        for n in range(3 * audit.ROWS_PER_HOUR):
            for _ in range(2):
                await audit.write(db, action=f"refused_thing_{n}", outcome="refused", meeting_id="nowhere",
                                  client="203.0.113.9")
        rows = [e for e in await audit.since(db, audit.now() - audit.REPEAT_WINDOW) if e.client == "203.0.113.9"]
    finally:
        await db.dispose()
    assert len(rows) == audit.ROWS_PER_HOUR + 1
    other = next(e for e in rows if e.action == audit.OTHER_REFUSALS)
    assert sum(e.count for e in rows) == 6 * audit.ROWS_PER_HOUR and other.count == 4 * audit.ROWS_PER_HOUR


async def test_a_strangers_words_in_the_address_never_reach_the_audit(app, meeting, database_url, tmp_path, caplog):
    chair, _, meeting_id, _ = meeting
    stranger = Person.in_process(app)
    long_id = "x" * 300
    caplog.set_level(logging.ERROR, logger="meeting_room.audit")
    for path in ("/meetings/my%20typed%20words%20here/record", f"/meetings/{long_id}/record",
                 f"/meetings/{long_id}y/joining", "/meetings/another%20secret%20phrase/record"):
        r = await stranger.get(path) if path.endswith("record") else await stranger.post(path, {"open": "0"})
        assert r.status_code in (403, 404), path
    assert "could not write an audit entry" not in caplog.text  # every refusal was written, on both databases
    marked = [e for e in await all_entries(database_url) if e.meeting_id == audit.NO_SUCH_MEETING]
    assert sum(e.count for e in marked) == 4 and len(marked) == 2  # record twice (counted), joining twice
    env = {**os.environ, "DATABASE_URL": database_url}
    exported = subprocess.run([sys.executable, "-m", "meeting_room", "audit"], capture_output=True, text=True,
                              env=env, cwd=tmp_path, timeout=60)
    assert exported.returncode == 0, exported.stderr
    for typed in ("typed", "words", "secret", "phrase", "xxxxxxxx"):
        assert typed not in exported.stdout, typed
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    assert {"count", "last_at"} <= set(lines[0]) and any(line["meeting"] == audit.NO_SUCH_MEETING for line in lines)
    assert any(line["meeting"] == meeting_id for line in lines)  # a real meeting's id is kept
    await stranger.close()
