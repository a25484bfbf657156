"""The "Practice" page for practice leads (issue 26, point 5): their team's closed meetings in a date
range, each figure with the meetings behind it, a chart drawn on the server with its table beside
it, and the same as CSV. Cases by reference only: no child's or family member's name."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from starlette.requests import Request
from starlette.responses import Response

from meeting_room.core.errors import Invalid, NotAllowed
from meeting_room.core.staff_roles import has_role
from meeting_room.core.text import parse_day
from meeting_room.read.practice import practice
from meeting_room.web.views.common import app_state, render, signed_in_chair


async def _report(request: Request):
    who = await signed_in_chair(request)
    if not has_role(who.user, "lead"):
        raise NotAllowed("The practice page is for practice leads.")
    if not who.user.team_id:
        raise NotAllowed("You are not in a team yet. Ask your administrator.")
    today = date.today()
    start = parse_day(request.query_params.get("from") or (today - timedelta(days=365)).isoformat(), "the first day")
    end = parse_day(request.query_params.get("to") or today.isoformat(), "the last day")
    if end < start:
        raise Invalid("The last day must not be before the first day.")
    return who, start, end, await practice(app_state(request).db, who.user.team_id, start, end)


async def practice_page(request: Request) -> Response:
    who, start, end, report = await _report(request)
    return render(request, "practice.html", {"report": report, "start": start, "end": end}, who=who)


async def practice_csv(request: Request) -> Response:
    _, start, end, report = await _report(request)
    return Response(as_csv(report), media_type="text/csv; charset=utf-8", headers={
        "content-disposition": f'attachment; filename="practice-{start}-to-{end}.csv"'})


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell a spreadsheet will not run: text starting like a formula gets a leading '."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


class _SafeRows:
    """A csv writer whose every text cell goes through `safe_cell` (typed words: a scale's question)."""

    def __init__(self, out):
        self.rows = csv.writer(out)

    def writerow(self, row) -> None:
        self.rows.writerow([safe_cell(v) for v in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def as_csv(report) -> str:
    out = io.StringIO()
    rows = _SafeRows(out)
    rows.writerow(["figure", "meetings", "of meetings held", "case reference", "date", "type"])
    for kind, held in report.by_kind.items():
        rows.writerow([f"held: {kind}", len(held), len(report.held), "", "", ""])
    for figure in report.figures:
        rows.writerow([figure.label, len(figure.meetings), len(report.held), "", "", ""])
        rows.writerows([figure.label, "", "", m.case, m.held_on.isoformat(), m.kind] for m in figure.meetings)
    rows.writerow(["scale movement", "first middle answer", "latest middle answer", "case reference", "", "question"])
    rows.writerows(["scale movement", f"{m.first:g}", f"{m.latest:g}", m.case, "", m.question] for m in report.movements)
    if report.listened_median is not None:
        rows.writerow(["felt listened to (middle answer, 0-10)", f"{report.listened_median:g}", len(report.listened_at),
                       "", "", f"{len(report.listened)} answers"])
    return out.getvalue()
