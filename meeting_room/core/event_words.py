"""The words of the chair's history: helpers for each event kind's sentence (`Kind.says`)."""

from __future__ import annotations

from typing import Callable

from meeting_room.core.vocabulary import COLUMN_BY_KEY, SECTION_LABELS


def place(column: str | None, section: str | None = None) -> str:
    heading = COLUMN_BY_KEY[column].heading if column in COLUMN_BY_KEY else "the board"
    return f"{heading} ({SECTION_LABELS[section]})" if section in SECTION_LABELS else heading


def quote(text: str | None, limit: int = 160) -> str:
    text = " ".join((text or "").split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def fixed(words: str) -> Callable[[dict, Callable], str]:
    return lambda data, name: words


AGREED = {"agree": "agree with", "disagree": "disagree with", "unsure": "are not sure about"}


def answered(d: dict) -> str:
    value = d.get("value")
    if not isinstance(value, int):
        return f"gave an answer ({value})" if value else "gave an answer"
    changed = f", changed from {d['before']}" if isinstance(d.get("before"), int) else ""
    for_whom = f" for {d['for']}" if d.get("for") else ""
    reason = f": {quote(d.get('reason'))}" if d.get("reason") else ""
    return f"answered {value}{for_whom}{changed}{reason}"


def took(data: dict) -> str:
    """" (“Welcome” took 4 minutes)": the time spent on the step just left."""
    seconds = data.get("seconds")
    if not isinstance(seconds, int) or not data.get("left"):
        return ""
    minutes = round(seconds / 60)
    spent = "under a minute" if minutes < 1 else "1 minute" if minutes == 1 else f"{minutes} minutes"
    return f" (“{data['left']}” took {spent})"


def record_step(data: dict, name: Callable) -> str:
    """The record issued, or a correction asked for."""
    if "number" in data:
        return f"issued the record, version {data.get('number')}"
    return f"asked for a correction of version {data.get('version')}: {quote(data.get('words'))}"


def invitation_step(d: dict, name: Callable) -> str:
    """Issue 24: the chair invited someone, withdrew an invitation, or admitted all who were invited."""
    if "admitted" in d:
        return (f"admitted all who were invited ({d.get('admitted', 0)} let in now, "
                f"{d.get('ahead', 0)} to come straight in when they arrive)")
    if d.get("withdrawn"):
        return f"withdrew the invitation of {d.get('name', '')}: their link stopped working"
    return f"invited {d.get('name', '')}, with a personal link"


def invitation_used(d: dict, name: Callable) -> str:
    if d.get("second_device"):
        return "opened an invitation link on a second device, and waited to be let in"
    if d.get("ahead"):
        return "opened their invitation link, and came straight in (the chair had let them in)"
    return "opened their invitation link"
