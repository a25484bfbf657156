"""The state machine of the stateful fuzz test (test_fuzz_stateful.py): one meeting per example,
the truth read again after every request, how a request is made and judged, and how each example
starts (`arrive`). The rules themselves are in fuzz_rules.py; the checks of what everyone is then
shown, in the test's invariant."""

from __future__ import annotations

import re

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize

from tests.security.fuzz_checks import Words, check_shown, forbidden
from tests.security.fuzz_live import Sockets
from tests.security.fuzz_rules import PLACES, Rules
from tests.security.fuzz_world import (
    MEMBERS,
    Markers,
    close_scene,
    new_scene,
    read_truth,
    sees_everything,
    send,
    takes_part,
)


class MeetingMachine(Rules, RuleBasedStateMachine):
    world = None  # set by the test: one app for every example

    def __init__(self):
        super().__init__()
        self.markers = Markers()
        self.scene = self.world.run(new_scene(self.world, self.markers))
        self.words = Words(heading=self.scene.heading, names={v.name for v in self.scene.viewers.values() if v.name})
        self.refresh()
        self.scene.viewers["chair"].pid = next(p.id for p in self.truth.participants.values() if p.role == "chair")
        self.sockets = Sockets(self.world.state.hubs, self.scene, self.world.tally)

    def teardown(self):
        self.world.run(self.sockets.close_all())
        self.world.run(close_scene(self.world, self.scene))

    def checkpoint(self) -> None:
        """Check everything now (the test's invariant), between the steps of `arrive`."""

    def refresh(self) -> None:
        self.truth = self.world.run(read_truth(self.world, self.scene.meeting_id))
        self.words.learn(self.truth)

    # ------------------------------------------------------------ who may do what, now

    def person(self, key: str):
        return self.truth.participants.get(self.scene.viewers[key].pid)

    def is_chair(self, key: str) -> bool:
        return key == "chair" and self.truth.open

    def takes_part(self, key: str) -> bool:
        return self.truth.open and takes_part(self.person(key))

    def sees(self, key: str, thing) -> bool:
        return not thing.professionals_only or sees_everything(self.person(key))

    def act(self, key: str, path: str, data: dict | None = None, allowed: bool | None = None,
            method: str = "POST"):
        """One request by `key`, then the truth read again. Refused means a 4xx and no event
        recorded. What the answer shows is checked at once, against what `key` may see now."""
        before = self.truth.meeting.seq
        url = path if path.startswith("/join/") else self.scene.url(path)
        r = self.world.run(send(self.scene.viewers[key].person, method, url, data))
        self.refresh()
        what = f"{key} {method} {path} answered {r.status_code}"
        self.world.tally[f"{method} {re.sub(r'/[A-Za-z0-9_-]{16,}|/[A-Z0-9]{8}$', '/…', path)} {r.status_code}"] += 1
        if allowed is True:
            assert r.status_code < 400, f"{what}: {r.text[:300]}"
        elif allowed is False:
            assert 400 <= r.status_code < 500, f"{what}, but must be refused"
            assert self.truth.meeting.seq == before, f"{what}: refused, yet the meeting changed"
        check_shown(f"{key}'s answer to {method} {path}", r.text,
                    forbidden(key, self.scene.viewers[key], self.truth, self.words), self.truth, self.words)
        return r

    def item(self, pick: int):
        items = self.truth.items
        return items[pick % len(items)] if items else None

    def scale(self, pick: int):
        scales = self.truth.board.scales
        return scales[-1 - min(pick, len(scales) - 1)] if scales else None

    # ------------------------------------------------------------ a meeting under way

    @initialize(starts=st.fixed_dictionaries({key: st.sampled_from(["in"] * (12 if key.startswith("pro") else 4) + [
                    "admitted", "waiting", "removed", "turned-away", "away"]) for key in MEMBERS}),
                items=st.lists(st.tuples(st.sampled_from(["chair", *MEMBERS]), PLACES, st.booleans()),
                               min_size=1, max_size=4),
                scale=st.sampled_from(["anonymous", "named"] * 2 + [None]),
                answers=st.fixed_dictionaries({key: st.integers(0, 10) for key in ("chair", *MEMBERS)}),
                who=st.sampled_from(["everyone", "professionals", "some"]), some=st.sets(st.sampled_from(MEMBERS)),
                for_others=st.lists(st.integers(0, 10), max_size=3),
                shown=st.sampled_from([True, True, False]), private=st.sampled_from([False, False, True]))
    def arrive(self, starts, items, scale, answers, who, some, for_others, shown, private):
        """Every example starts in a meeting under way: people in it (or at the door), a few
        items (some for professionals only), mostly a scale, answered by everyone, by the
        professionals only (then no group is too small to show) or by some (also by the chair
        for people without a device), perhaps shown, and perhaps a private discussion under way.
        Hypothesis enables only some rules in each example (swarm testing): each example then
        still has something to leak. (The likeliest choice comes first: hypothesis starts there.)"""
        for key, start in starts.items():
            self.bring(key, start)
        for key, place, hidden in items:
            self.add_item(key, place)
            if hidden and self.truth.items:
                newest = max(self.truth.items, key=lambda i: (i.position, i.created_at))
                self.change_item("chair", self.truth.items.index(newest), "visibility/professionals")
        if scale is not None:
            self.open_scale("chair", scale == "anonymous", None)
            answering = {"everyone": ["chair", *MEMBERS], "professionals": ["chair", "pro", "pro2"]}.get(
                who, sorted(some))
            for key in answering:
                self.answer(key, 0, answers[key], False)
            for value in for_others if who != "professionals" else []:
                self.answer("chair", 0, value, True)
            if shown:
                self.checkpoint()  # answers given, not shown yet
                self.reveal("chair", 0)
        if private:
            self.checkpoint()
            self.private_discussion("chair", True)

    def bring(self, key: str, start: str) -> None:
        """Join, be let in and go in, as far as `start` says."""
        steps = {"away": [], "waiting": ["join"], "admitted": ["join", "admit"], "in": ["join", "admit", "enter"],
                 "removed": ["join", "admit", "enter", "remove"], "turned-away": ["join", "turn-away"]}
        for step in steps[start]:
            if step == "join":
                self.join(self.outside().index(key))
            elif step == "enter":
                self.enter(key)
            else:
                self.decide(key, "chair", step)
