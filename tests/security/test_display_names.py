"""Display names are neutralised: every format, control, direction and filler character is
removed (by Unicode category, not a hand list), and a name of nothing visible is refused."""

from __future__ import annotations

import functools
import sys
import unicodedata

import pytest

from meeting_room.core.text import TextError, clean_line
from tests.helpers import Person, join

# Unicode categories no name needs: controls, formats (direction marks, zero-width joiners…),
# surrogates, line and paragraph separators. Private-use and unassigned code points are sampled
# (there are ~970,000 of them).
DROPPED = {"Cc", "Cf", "Cs", "Zl", "Zp"}
SAMPLED = {"Co", "Cn"}
KEPT_AS_SPACE = set("\t\n\r")
REFUSED = "\x00"  # refused outright, not removed: PostgreSQL cannot store it (test_bad_input.py)


@functools.cache
def by_category() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for c in range(sys.maxunicode + 1):
        found.setdefault(unicodedata.category(chr(c)), []).append(chr(c))
    return found


def code_points(categories: set[str], every: int = 1) -> list[str]:
    return [ch for category in sorted(categories) for ch in by_category()[category][::every]
            if ch not in KEPT_AS_SPACE and ch != REFUSED]


async def test_invisible_and_direction_characters_are_removed_from_names(app, meeting):
    chair, _, meeting_id, code = meeting
    phone = Person.in_process(app)
    await join(phone, code, "Da\u202ena\u200b", "mum")
    board = await app.state.mr.boards.board(meeting_id)
    assert any(p.name == "Dana" for p in board.people("waiting"))
    await phone.close()



def test_every_control_format_and_direction_character_is_removed_by_category():
    chars = code_points(DROPPED) + code_points(SAMPLED, every=997)
    assert len(chars) > 2000  # 65 controls, ~170 formats, 2,048 surrogates, the separators…
    kept = [f"U+{ord(ch):04X}" for ch in chars if clean_line(f"Da{ch}na", "Your name", 60) != "Dana"]
    assert not kept, f"left in names: {kept[:20]}"


@pytest.mark.parametrize("category", sorted(DROPPED))
def test_a_name_of_such_characters_alone_is_refused(category):
    chars = code_points({category})[:40]
    with pytest.raises(TextError):
        clean_line("".join(chars), "Your name", 60)


async def test_a_name_that_shows_nothing_cannot_join(app, meeting):
    _, _, meeting_id, code = meeting
    person = Person.in_process(app)
    for name in ("\u200b\u200d\u2060", "\u202e\u2066\u2069", "\u3164\u115f", "\u00ad\ufeff"):
        r = await person.post(f"/join/{code}", {"name": name, "connection": "mum"}, htmx=False, token=False)
        assert r.status_code == 400 and "name" in r.text.lower(), repr(name)
    await join(person, code, "\u202eanaD\u202c", "mum")  # (a name written backwards by an override)
    names = [p.name for p in (await app.state.mr.boards.board(meeting_id)).people("waiting")]
    assert names == ["anaD"]
    await person.close()
