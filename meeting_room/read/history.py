"""The meeting's history in plain sentences, for the chair: no event codes, no JSON.

Pure: it takes the events the domain lets the chair see (answers hidden as the scale requires)
and the people of the meeting, and returns one line per event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from meeting_room.core.vocabulary import COLUMN_BY_KEY, SECTION_LABELS
from meeting_room.core.vocabulary import SCALE_PROMPTS as PROMPTS


@dataclass(frozen=True)
class Line:
    when: str       # "Tue 1 Dec, 10:42"
    who: str        # "Dana (Mum)", or "" when nobody may be named
    what: str       # "added to What's working well: …"
    before: str = ""
    after: str = ""


def when(moment: datetime) -> str:
    return moment.strftime("%a %-d %b, %H:%M")


def _place(column: str | None, section: str | None = None) -> str:
    heading = COLUMN_BY_KEY[column].heading if column in COLUMN_BY_KEY else "the board"
    return f"{heading} ({SECTION_LABELS[section]})" if section in SECTION_LABELS else heading


def _quote(text: str | None, limit: int = 160) -> str:
    text = " ".join((text or "").split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


FIXED = {
    "participant.waiting": "asked to join and waited to be let in",
    "scale.revealed": "showed everyone's answers",
    "scale.closed": "put the scale away and showed the columns",
    "meeting.private_started": "started a private discussion (family devices paused)",
    "meeting.private_ended": "ended the private discussion",
    "meeting.closed": "closed the meeting",
    "scale.safety_seen": "saw to the talk about immediate safety that a low answer called for",
    "decision.next_meeting": "set the date of the next meeting",
}
SCREEN = {  # issue 24
    ("meeting.screen_focus", False): "showed all columns on the shared screen",
    ("meeting.screen_professionals", True): "kept the shared screen on for professionals",
    ("meeting.screen_professionals", False): "paused the shared screen for the private discussion",
}


def sentence(kind: str, data: dict, name: Callable[[str | None], str]) -> tuple[str, str, str]:
    """What happened, and the words before and after where words changed."""
    if kind in FIXED:
        return FIXED[kind], "", ""
    if kind == "participant.co_chair":
        who = name(data.get("participant"))
        return (f"made {who} co-chair" if data.get("co_chair") else f"stopped {who} being co-chair"), "", ""
    if kind in ("meeting.screen_focus", "meeting.screen_professionals"):
        if data.get("column"):
            return f"let “{_place(data['column'])}” take the shared screen", "", ""
        return SCREEN[(kind, bool(data.get("keep")))], "", ""
    if kind.startswith("item."):
        return _about_an_item(kind, data)
    if kind.startswith("scale."):
        return _about_a_scale(kind, data), "", ""
    if kind == "meeting.created":
        return f"created the meeting “{data.get('title', '')}”", "", ""
    if kind == "meeting.joining":
        return ("let people join with the code" if data.get("open") else "stopped people joining"), "", ""
    if kind in ("participant.admitted", "participant.turned_away", "participant.removed", "participant.outside",
                "participant.back"):
        verb = {"participant.admitted": "let {} in", "participant.turned_away": "turned {} away",
                "participant.removed": "removed {} from the meeting",
                "participant.outside": "asked {} to wait outside", "participant.back": "brought {} back in"}[kind]
        return verb.format(name(data.get("participant"))), "", ""
    if kind == "participant.moment":
        return ("said they needed a moment" if data.get("needed") else "said the moment had passed"), "", ""
    if kind == "decision.recorded":
        return f"recorded the decision for {data.get('child', '')}", "", ""
    if kind == "decision.dissent":
        return f"wrote down that {data.get('name', '')} disagrees: {_quote(data.get('words'))}", "", ""
    return "made a change", "", ""


def _about_an_item(kind: str, data: dict) -> tuple[str, str, str]:
    place = _place(data.get("column"))
    if kind == "item.added":
        who_for = f" for {data['recorded_for']}" if data.get("recorded_for") else ""
        return f"added to {_place(data.get('column'), data.get('section'))}{who_for}: {_quote(data.get('text'))}", "", ""
    if kind == "item.edited":
        return f"changed an item in {place}", data.get("before") or "", data.get("after") or ""
    if kind == "item.moved":
        source, target = data.get("from") or [None, None], data.get("to") or [None, None]
        return f"moved an item from {_place(*source)} to {_place(*target)}", "", ""
    said = {"agree": "agree with", "disagree": "disagree with", "unsure": "are not sure about"}
    return {
        "item.removed": f"removed from {place}: {_quote(data.get('text'))}",
        "item.restored": f"put back in {place}: {_quote(data.get('text'))}",
        "item.reordered": f"moved an item {data.get('direction', '')} in {place}",
        "item.planned": f"said who will do a next step and by when in {place}",
        "item.reviewed": "said how a step from the last meeting went: " + {
            "done": "done", "in_progress": "in progress", "not_done": "not done"}.get(data.get("review"), ""),
        "item.agreement": f"said they {said.get(data.get('answer'), 'answered about')} a statement in {place}",
        "item.visibility": f"made an item in {place} " + ("for professionals only" if data.get("professionals_only")
                                                          else "visible to everyone"),
    }.get(kind, "changed an item"), "", ""


def _about_a_scale(kind: str, data: dict) -> str:
    if kind == "scale.opened":
        return f"asked everyone: {_quote(data.get('question'))}" + (" (names hidden)" if data.get("anonymous") else "")
    if kind == "scale.answered":
        value = data.get("value")
        if not isinstance(value, int):
            return f"gave an answer ({value})" if value else "gave an answer"
        changed = f", changed from {data['before']}" if isinstance(data.get("before"), int) else ""
        for_whom = f" for {data['for']}" if data.get("for") else ""
        reason = f": {_quote(data.get('reason'))}" if data.get("reason") else ""
        return f"answered {value}{for_whom}{changed}{reason}"
    if kind == "scale.prompt":
        return (f"put a question on the screen: {_quote(PROMPTS.get(data['prompt'], data['prompt']))}"
                if data.get("prompt") else "took the question off the screen")
    if kind == "scale.anonymity":
        return "hid the names on the scale" if data.get("anonymous") else "showed the names on the scale"
    return "changed the scale"


def lines(events, describe_person: Callable[[str | None], str]) -> list[Line]:
    """One plain line per event, oldest first."""
    out = []
    for event in events:
        what, before, after = sentence(event.kind.name, event.data, describe_person)
        who = describe_person(event.actor_id) if event.actor_id else ""
        out.append(Line(when=when(event.created_at), who=who, what=what, before=before, after=after))
    return out
