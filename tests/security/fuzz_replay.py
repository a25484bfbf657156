"""The history replays to the current state: the meeting's events, folded from the first, give
the items, people, scales, answers and meeting flags the database holds now. The app keeps no
replay of its own (history.py only words the events), so the fold is here, small and strict:
an event of a kind it does not know fails the test rather than being skipped."""

from __future__ import annotations

from dataclasses import dataclass, field

from meeting_room.core.vocabulary import AGREEMENT_ANSWERS
from meeting_room.core.vocabulary import SCALE_PROMPTS as PROMPTS
from tests.security.fuzz_world import Truth


@dataclass
class Replayed:
    items: dict[str, dict] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)       # participant -> status
    scales: dict[str, dict] = field(default_factory=dict)
    votes: dict[tuple, tuple] = field(default_factory=dict)    # (scale, voter, for whom) -> (number, why)
    agreements: dict[tuple, str] = field(default_factory=dict)  # (item, person) -> agree, disagree, unsure
    meeting: dict = field(default_factory=lambda: {"private": False, "status": "open", "screen_blank": False,
                                                   "joining_open": True})


def _item_added(r: Replayed, d: dict, actor: str | None) -> None:
    # Whatever is added during a private discussion is for professionals only.
    r.items[d["item"]] = {"text": d["text"], "column": d["column"], "section": d["section"],
                          "professionals_only": r.meeting["private"], "removed": False}


def _item_edited(r: Replayed, d: dict, actor: str | None) -> None:
    item = r.items[d["item"]]
    assert item["text"] == d["before"], "an edit's 'before' is not what the item said"
    item["text"] = d["after"]


def _removed(flag: bool):
    def fold(r: Replayed, d: dict, actor: str | None) -> None:
        item = r.items[d["item"]]
        assert item["text"] == d["text"] and item["removed"] != flag, "a removal that does not fit the item"
        item["removed"] = flag
    return fold


def _item_moved(r: Replayed, d: dict, actor: str | None) -> None:
    item = r.items[d["item"]]
    assert [item["column"], item["section"]] == d["from"], "a move from where the item was not"
    item["column"], item["section"] = d["to"]


def _person(r: Replayed, d: dict, actor: str | None) -> None:
    assert r.people[d["participant"]] == d["before"], "a decision about someone not where they were"
    r.people[d["participant"]] = d["after"]


def _scale_opened(r: Replayed, d: dict, actor: str | None) -> None:
    for scale in r.scales.values():  # a new question puts the shown one away (no event of its own)
        if scale["status"] == "revealed":
            scale["status"] = "closed"
    r.scales[d["scale"]] = {"question": d["question"], "anonymous": d["anonymous"], "status": "open",
                            "professionals_only": r.meeting["private"], "prompt": None}


def _answered(r: Replayed, d: dict, actor: str | None) -> None:
    key = (d["scale"], actor, d["for"] or "")
    assert r.votes.get(key, (None,))[0] == d["before"], "an answer's 'before' is not the answer it changed"
    r.votes[key] = (d["value"], d["reason"] or "")


def _scale(**values):
    def fold(r: Replayed, d: dict, actor: str | None) -> None:
        r.scales[d["scale"]].update(values)
    return fold


def _meeting(**values):
    def fold(r: Replayed, d: dict, actor: str | None) -> None:
        r.meeting.update(values)
    return fold


FOLDS = {
    "meeting.created": lambda r, d, a: None,
    "participant.waiting": lambda r, d, a: r.people.__setitem__(d["participant"], "waiting"),
    "participant.admitted": _person, "participant.turned_away": _person, "participant.removed": _person,
    "item.added": _item_added, "item.edited": _item_edited, "item.removed": _removed(True),
    "item.restored": _removed(False), "item.moved": _item_moved,
    "item.reordered": lambda r, d, a: None,  # the order is not replayed; the rest of the item is
    "item.agreement": lambda r, d, a: r.agreements.__setitem__((d["item"], a), d["answer"]),
    "item.visibility": lambda r, d, a: r.items[d["item"]].update(professionals_only=d["professionals_only"]),
    "scale.opened": _scale_opened, "scale.answered": _answered, "scale.revealed": _scale(status="revealed"),
    "scale.closed": _scale(status="closed"),
    "scale.anonymity": lambda r, d, a: r.scales[d["scale"]].update(anonymous=d["anonymous"]),
    "scale.prompt": lambda r, d, a: r.scales[d["scale"]].update(prompt=PROMPTS.get(d["prompt"] or "")),
    "meeting.private_started": _meeting(private=True), "meeting.private_ended": _meeting(private=False),
    "meeting.screen": lambda r, d, a: r.meeting.update(screen_blank=d["blank"]),
    "meeting.joining": lambda r, d, a: r.meeting.update(joining_open=d["open"]),
    "meeting.closed": _meeting(status="closed", joining_open=False),
}


def replay(truth: Truth) -> Replayed:
    assert [e.seq for e in truth.events] == list(range(1, truth.meeting.seq + 1)), "the history has gaps"
    replayed = Replayed()
    for event in truth.events:
        FOLDS[event.kind.name](replayed, event.data, event.actor_id)
    return replayed


def now_held(truth: Truth) -> Replayed:
    """The same shape, read from the database as it is now."""
    m = truth.meeting
    return Replayed(
        items={i.id: {"text": i.text, "column": i.column, "section": i.section,
                      "professionals_only": i.professionals_only, "removed": i.removed} for i in truth.items},
        people={p.id: p.status for p in truth.participants.values() if p.role != "chair"},
        scales={s.id: {"question": s.question, "anonymous": s.anonymous, "status": s.status,
                       "professionals_only": s.professionals_only, "prompt": s.prompt} for s in truth.board.scales},
        votes={(v.scale_id, v.voter_id, v.on_behalf): (v.value, v.reason) for v in truth.votes},
        agreements={(item, person): answer for item, spread in truth.board.agreements.items()
                    for answer in AGREEMENT_ANSWERS for person in spread.of(answer)},
        meeting={"private": m.private, "status": m.status, "screen_blank": m.screen_blank,
                 "joining_open": m.joining_open})


def check_replays(truth: Truth) -> None:
    replayed, held = replay(truth), now_held(truth)
    for part in ("meeting", "people", "items", "scales", "votes", "agreements"):
        assert getattr(replayed, part) == getattr(held, part), f"the history does not replay to the {part}"
