"""What each role may be shown, and the checks made on everything they are shown, after every
step of the stateful fuzz test (test_fuzz_stateful.py)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from tests.security.fuzz_world import (
    MEMBERS,
    OUTSIDERS,
    Scene,
    Truth,
    Viewer,
    sees_everything,
    takes_part,
)

MARKER = re.compile(r"(?:Ti|Fa|Ch|It|Sq|Rs|Nm|Ob)!\d+!")
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
SPREAD = re.compile(r'<div class="spread">(.*?)(?:</table>|$)', re.S)
SPREAD_OF = re.compile(r'id="spread-title-([^"]+)"')
GROUP = re.compile(r"(?:Family and friends|Professionals): (\d+)")
HISTORY_ROW = re.compile(r"<li>(.*?)</li>", re.S)
WHEN = re.compile(r'<span class="when">.*?</span>', re.S)
READERS = ("chair", *MEMBERS)


@dataclass
class Words:
    """Every word typed into this meeting that the database has held, and what it belongs to."""
    heading: set[str]  # the meeting's title, the family's name, the children's names
    names: set[str]
    item_texts: dict[str, set[str]] = field(default_factory=dict)  # item id -> every text it had
    questions: dict[str, str] = field(default_factory=dict)       # scale id -> its question
    answers: dict[str, tuple[str, str]] = field(default_factory=dict)  # reason or name -> (scale, voter)
    for_names: set[str] = field(default_factory=set)             # typed by the chair for someone

    def learn(self, truth: Truth) -> None:
        """Only the markers are kept ("It!12!" of "It!12! at home"): what pages are searched for."""
        for item in truth.items:
            self.item_texts.setdefault(item.id, set()).update(one_marker(item.text))
        for scale in truth.board.scales:
            self.questions[scale.id] = one_marker(scale.question).pop()
        for vote in truth.votes:
            self.answers[one_marker(vote.reason).pop()] = (vote.scale_id, vote.voter_id)
            if vote.on_behalf:
                self.answers[one_marker(vote.on_behalf).pop()] = (vote.scale_id, vote.voter_id)
                self.for_names.add(vote.on_behalf)

    def everything(self) -> set[str]:
        texts = set().union(*self.item_texts.values()) if self.item_texts else set()
        return {*self.heading, *self.names, *texts, *self.questions.values(), *self.answers}

    def answers_to(self, scale_ids: set[str], but_not: str | None = None) -> set[str]:
        return {w for w, (scale, voter) in self.answers.items() if scale in scale_ids and voter != but_not}


def one_marker(text: str) -> set[str]:
    found = set(MARKER.findall(text))
    assert len(found) == 1, f"{text!r} should hold one marker"  # else the checks would look for nothing
    return found


def hidden_from_family(truth: Truth, words: Words) -> set[str]:
    """Professionals-only items (every text they had), and scales asked in private."""
    hidden = set()
    for item in truth.items:
        if item.professionals_only:
            hidden |= words.item_texts[item.id]
    private = {s.id for s in truth.board.scales if s.professionals_only}
    return hidden | {words.questions[s] for s in private} | words.answers_to(private)


def unrevealed(truth: Truth, words: Words, own: str | None) -> set[str]:
    """Answers to a scale not shown yet: only the one who gave them (or the chair who recorded
    them for someone) may see them."""
    return words.answers_to({s.id for s in truth.board.scales if s.status == "open"}, but_not=own)


def forbidden(key: str, viewer: Viewer, truth: Truth, words: Words) -> set[str]:
    everything = words.everything()
    if key in OUTSIDERS:
        return everything
    if key == "chair":
        return unrevealed(truth, words, own=viewer.pid)
    if key == "screen":
        if truth.open and (truth.meeting.private or truth.meeting.screen_blank):
            return everything - words.heading
        return hidden_from_family(truth, words) | unrevealed(truth, words, own=None)
    person = truth.participants.get(viewer.pid)
    if person is None or person.status in ("turned_away", "removed"):
        return everything  # never joined, turned away, removed: nothing of the meeting at all
    if not takes_part(person):
        return everything - {viewer.name}  # the waiting room greets them by name
    if sees_everything(person):
        return unrevealed(truth, words, own=person.id)
    if truth.open and truth.meeting.private:
        return everything - words.heading - {viewer.name}  # the pause screen: nothing else
    return hidden_from_family(truth, words) | unrevealed(truth, words, own=person.id)


def check_shown(what: str, text: str, banned: set[str], truth: Truth, words: Words) -> None:
    leaked = set(MARKER.findall(text)) & banned
    assert not leaked, f"{what} shows {sorted(leaked)}"
    check_anonymity(what, text, truth, words)


def check_anonymity(what: str, text: str, truth: Truth, words: Words) -> None:
    """On an anonymous scale no answer is shown beside a name, no group smaller than three is
    shown on its own, and no scale still open has its answers drawn."""
    anonymous = {s.id for s in truth.board.scales if s.anonymous}
    names = words.names | words.for_names
    secret = {w for w, (scale, _) in words.answers.items() if scale in anonymous} - words.for_names
    for row in ROW.findall(text):
        found = set(MARKER.findall(row))
        assert not (found & secret and found & names), f"{what}: an anonymous answer has a name: {row}"
    for block in SPREAD.findall(text):
        scale = SPREAD_OF.search(block)
        if scale and scale.group(1) in anonymous:
            assert "dot-name" not in block, f"{what}: a name on an anonymous scale's chart"
            small = [n for n in map(int, GROUP.findall(block)) if 0 < n < 3]
            assert not small, f"{what}: a group of {small} shown on an anonymous scale"
    for scale in truth.board.scales:
        if scale.status == "open":
            assert f"spread-title-{scale.id}" not in text, f"{what}: answers of an open scale drawn"


def check_history(text: str, truth: Truth, words: Words) -> None:
    """The chair's history: one line per event, and an answer's line says which number and why
    only once the answers were shown, and who only when names were shown."""
    rows = HISTORY_ROW.findall(text.split('<ol class="history">', 1)[1])
    assert len(rows) == len(truth.events), "the history has not one line per event"
    scales = {s.id: s for s in truth.board.scales}
    names = words.names | words.for_names
    for row, event in zip(rows, truth.events):
        if event.kind.name != "scale.answered":
            continue
        scale = scales[event.data["scale"]]
        bare = MARKER.sub("", WHEN.sub("", row))
        if scale.status == "open" or scale.anonymous:
            assert not re.search(r"\d", bare), f"history shows a number too early: {row}"
            assert event.data.get("reason") not in MARKER.findall(row), f"history shows a reason: {row}"
        if scale.anonymous:
            assert not set(MARKER.findall(row)) & names, f"history names who answered anonymously: {row}"


def check_record_json(text: str, truth: Truth) -> None:
    """The export says the same as the page: no open scale's answers, no names when hidden."""
    scales = {s.question: s for s in truth.board.scales}
    for exported in json.loads(text)["scales"]:
        scale = scales[exported["question"]]
        if scale.status == "open":
            assert not exported["answers_shown"] and not exported["answers"], "the export shows open answers"
        if scale.anonymous:
            assert all(a["name"] is None for a in exported["answers"]), "the export names anonymous answers"
            groups = [a["group"] for a in exported["answers"] if a["group"]]
            assert all(groups.count(g) >= 3 for g in groups), "the export singles out a small group"


def pages(key: str, viewer: Viewer, scene: Scene, truth: Truth) -> list[tuple[str, str]]:
    """(view, address) of what this viewer's devices ask for after a step. Reading the record
    writes an audit entry, so while the meeting is open one person a step reads it, in turn
    (and anyone may, by the `peek` rule); once it is closed, everyone does. (Every refusal is
    audited too: one outsider a step looks.)"""
    since = viewer.since
    if key == "screen":
        return [("", scene.url("/screen")),
                ("screen", scene.url(f"/updates?view=screen&since={since.get('screen', 0)}"))]
    looked = [("", scene.url()), ("page", scene.url(f"/updates?since={since.get('page', 0)}"))]
    if key in OUTSIDERS:  # each refused the same way whatever happens: one of them a step, in turn
        return looked + [("", scene.url("/record.json"))] if OUTSIDERS[truth.meeting.seq % 3] == key else []
    if not truth.open or READERS[truth.meeting.seq % len(READERS)] == key:
        looked += [("", scene.url("/record")), ("", scene.url("/record.json"))]
    return looked + [("", scene.url("/history" if key == "chair" else "/scales/mine"))]
