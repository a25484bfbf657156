"""Issue 23: agendas and purposes are data, in plain words."""

from meeting_room.core.agendas import (
    AGENDAS,
    DEFAULT_PURPOSE,
    PURPOSES,
    STEP_MAX,
    STEPS_MAX,
)
from meeting_room.core.glossary import terms_in
from meeting_room.core.meeting_types import decision_style, initials
from meeting_room.core.vocabulary import MEETING_KIND_LABELS


def test_every_type_has_an_agenda_in_plain_words():
    assert set(AGENDAS) == set(MEETING_KIND_LABELS)
    for kind, steps in AGENDAS.items():
        assert 3 <= len(steps) <= STEPS_MAX and all(len(s) <= STEP_MAX for s in steps), kind
        assert terms_in(" ".join(steps)) == [], kind
    for text in [*PURPOSES.values(), DEFAULT_PURPOSE]:
        assert terms_in(text) == [], text


def test_questions_follow_the_type_and_initials_are_initials():
    assert [decision_style(k) for k in ("initial", "review", "core_group", "family_network", "case_mapping")] == [
        "conference", "conference", "core_group", "family_plan", "outcome"]
    assert initials("J.S., AB and K") and initials("") and not initials("Jayden") and not initials("J.S., Tom")
