"""The access audit: joins, admissions, sign-ins and sign-outs, record reads and every refusal
are written down (time, actor, role, meeting, action, outcome, client), never with a word a user
typed; the chair reads the meeting's log, and the operator exports everything as JSON lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from meeting_room.domain import audit
from meeting_room.store.db import Database
from tests.helpers import Person, add_item


async def entries(database_url, meeting_id=None):
    db = Database(database_url)
    try:
        found = await (audit.of_meeting(db, meeting_id) if meeting_id else audit.since(db, _long_ago()))
    finally:
        await db.dispose()
    return list(reversed(found)) if meeting_id else found


def _long_ago():
    from datetime import datetime, timezone
    return datetime(2000, 1, 1, tzinfo=timezone.utc)


async def test_access_is_written_down_without_anything_people_typed(app, meeting, database_url):
    chair, mum, meeting_id, code = meeting
    stranger = Person.in_process(app)
    await stranger.post("/join/ZZZZZZZZ", {"name": "Mallory Secretname", "connection": "mum"}, htmx=False, token=False)
    await add_item(mum, meeting_id, "Words nobody should find in the audit")
    await mum.get(f"/meetings/{meeting_id}/record")
    r = await mum.post(f"/meetings/{meeting_id}/joining", {"open": "0"})  # the chair's, not hers
    assert r.status_code == 403
    r = await stranger.post("/login", {"email": "chair@example.org", "password": "wrong password!"}, htmx=False,
                            token=False)
    assert r.status_code == 400

    logged = [(e.action, e.outcome, e.role) for e in await entries(database_url, meeting_id)]
    assert ("join", "ok", "family") in logged and ("admit", "ok", "chair") in logged
    assert ("record_view", "ok", "family") in logged and ("refused_joining", "refused", "family") in logged
    everything = await entries(database_url)
    assert ("join", "failed") in [(e.action, e.outcome) for e in everything]
    assert ("sign_in", "failed") in [(e.action, e.outcome) for e in everything]
    assert ("sign_in", "ok") in [(e.action, e.outcome) for e in everything]
    text = json.dumps([e._asdict() for e in everything], default=str)
    for typed in ("Mallory", "Secretname", "Dana", "Words nobody", "chair@example.org", "wrong password"):
        assert typed not in text, typed
    assert all(e.client for e in everything)

    page = (await chair.get(f"/meetings/{meeting_id}/access")).text
    assert "Access log" in page and "read the record" in page and "Dana (Mum)" in page and "refused" in page
    assert (await mum.get(f"/meetings/{meeting_id}/access")).status_code == 403
    await stranger.close()


async def test_the_operator_exports_the_log_as_json_lines(app, meeting, database_url, tmp_path):
    chair, mum, meeting_id, _ = meeting
    await mum.get(f"/meetings/{meeting_id}/record")
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run([sys.executable, "-m", "meeting_room", "audit", "--since", "2000-01-01"],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert {"at", "actor", "role", "meeting", "action", "outcome", "client"} <= set(lines[0])
    assert any(line["action"] == "record_view" and line["meeting"] == meeting_id for line in lines)
    bad = subprocess.run([sys.executable, "-m", "meeting_room", "audit", "--since", "yesterday"],
                         capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert bad.returncode == 2 and "2026-03-14" in bad.stderr
