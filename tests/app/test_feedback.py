"""Issue 23, point 7: "How can we make this better for you?" after the close: optional, anonymous
(no participant stored with an answer), one answer per person, hidden from the chair below three."""

from __future__ import annotations

import html

from sqlalchemy import select

from meeting_room.store.db import Database
from meeting_room.store.record_tables import FeedbackAnswer
from tests.helpers import Person, admit_and_enter, join


async def test_feedback_is_anonymous_once_each_and_hidden_below_three(app, meeting, database_url):
    chair, mum, meeting_id, code = meeting
    dad, teacher = Person.in_process(app), Person.in_process(app)
    await join(dad, code, "Mark", "dad")
    await admit_and_enter(chair, dad, meeting_id, "Mark")
    await join(teacher, code, "Ms Patel", "professional", "school")
    await admit_and_enter(chair, teacher, meeting_id, "Ms Patel")
    url = f"/meetings/{meeting_id}/feedback"
    assert (await mum.post(url, {"worked": "Too soon"}, htmx=False)).status_code == 403  # still open
    await chair.post(f"/meetings/{meeting_id}/close", htmx=False)

    page = (await mum.get(f"/meetings/{meeting_id}/record")).text
    assert "How can we make this better for you?" in page and "How much did you feel listened to?" in page
    assert (await mum.post(url, {}, htmx=False)).status_code == 400  # nothing answered: nothing saved
    assert (await mum.post(url, {"listened": "11"}, htmx=False)).status_code == 400
    r = await mum.post(url, {"worked": "Being asked first", "worried": "The police", "listened": "7"}, htmx=False)
    assert r.status_code == 200 and "Thank you. Your answers are saved without your name." in r.text
    assert (await mum.post(url, {"worked": "Twice"}, htmx=False)).status_code == 400  # one answer each
    assert (await dad.post(url, {"better": "Shorter words", "listened": "3"}, htmx=False)).status_code == 200

    chair_page = (await chair.get(f"/meetings/{meeting_id}/record")).text
    assert "2 people have answered. Answers are shown once three or more" in chair_page
    assert "Being asked first" not in chair_page and "Shorter words" not in chair_page
    assert (await teacher.post(url, {"worked": "Clear plan", "listened": "9"}, htmx=False)).status_code == 200
    chair_page = html.unescape((await chair.get(f"/meetings/{meeting_id}/record")).text)
    assert "3 people answered" in chair_page and "0 to 10: 3, 7, 9 (the middle answer is 7)" in chair_page
    for words in ("Being asked first", "The police", "Shorter words", "Clear plan"):
        assert words in chair_page
    # never who said what: no answer row names a person, and the history names nobody
    db = Database(database_url)
    try:
        async with db.read() as c:
            rows = (await c.execute(select(FeedbackAnswer.__table__))).all()
    finally:
        await db.dispose()
    assert len(rows) == 3 and set(FeedbackAnswer.__table__.c.keys()) == {"id", "meeting_id", "worked", "worried",
                                                                          "better", "listened"}
    history = html.unescape((await chair.get(f"/meetings/{meeting_id}/history")).text)
    assert "Someone answered" not in history  # no timed line to match with a record read (review finding 6)
    assert "Being asked first" not in history
    for person in (dad, teacher):
        await person.close()
