"""Review finding 11 (first half): the practice CSV cannot carry a formula: a cell starting with
= + - @ (or a tab or carriage return) is written with a leading ', so a spreadsheet shows it as text."""

from __future__ import annotations

import csv
import io
from datetime import date
from types import SimpleNamespace

from meeting_room.web.views.practice import as_csv


def test_cells_that_start_like_a_formula_are_written_as_text():
    meeting = SimpleNamespace(case="@SUM(A1)", held_on=date(2026, 11, 20), kind="+review")
    report = SimpleNamespace(
        held=[meeting], by_kind={"-initial": [meeting]},
        figures=[SimpleNamespace(label="With danger statements", meetings=[meeting])],
        movements=[SimpleNamespace(first=4.0, latest=8.0, case="C-1", question="=HYPERLINK(\"http://x\")"),
                   SimpleNamespace(first=4.0, latest=8.0, case="C-2", question="\tHow safe?")],
        listened_median=None)
    rows = list(csv.reader(io.StringIO(as_csv(report))))
    cells = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(\"http://x\")" in cells and "'\tHow safe?" in cells
    assert "'@SUM(A1)" in cells and "'+review" in cells and "held: -initial" in cells
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells)
    assert ["With danger statements", "1", "1", "", "", ""] in rows  # numbers and plain words as they were
