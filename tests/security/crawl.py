"""Every address of a meeting, taken from the app's own routing table, with sample parameters,
so that a test can try all of them as one person. A new route must be added to `POSTS` or
`GETS` (the tests check that none is missing), so no new address escapes these checks."""

from __future__ import annotations

from sqlalchemy import select
from starlette.routing import Route

from meeting_room.store.models import AuditEntry, ChairSession
from meeting_room.web.csrf import REFUSAL

M = "/meetings/{meeting_id}"

# What each change needs to be a valid request, so that a refusal comes from who is asking.
POSTS = {
    f"{M}/enter": ({}, {}),
    f"{M}/items": ({}, {"column": "worries", "section": "harm", "text": "Sneaked in"}),
    f"{M}/items/{{item_id}}": ({}, {"text": "Sneakily changed", "version": "1"}),
    f"{M}/items/{{item_id}}/{{action}}": ({"action": "remove"}, {}),
    f"{M}/items/{{item_id}}/agreement/{{answer}}": ({"answer": "agree"}, {}),
    f"{M}/items/{{item_id}}/visibility/{{value}}": ({"value": "professionals"}, {}),
    f"{M}/items/{{item_id}}/review/{{value}}": ({"value": "done"}, {}),
    f"{M}/private/{{action}}": ({"action": "start"}, {}),
    f"{M}/next": ({}, {}),
    f"{M}/people/{{participant_id}}/{{action}}": ({"action": "admit"}, {}),
    f"{M}/people/{{participant_id}}/moment-passed": ({}, {}),
    f"{M}/joining": ({}, {"open": "0"}),
    f"{M}/moment": ({}, {"needed": "1"}),
    f"{M}/scales": ({}, {"question": "Sneaky question", "ten": "Ten", "zero": "Zero"}),
    f"{M}/scales/{{scale_id}}/answer": ({}, {"value": "5", "reason": "Sneaky"}),
    f"{M}/scales/{{scale_id}}/{{action}}": ({"action": "reveal"}, {}),
    f"{M}/decisions": ({}, {"child": "Alex", "plan": "no", "reasons": "Sneaky"}),
    f"{M}/dissent": ({}, {"name": "Someone", "words": "Sneaky"}),
    f"{M}/next-meeting": ({}, {"date": "2027-01-01"}),
    f"{M}/apologies": ({}, {"names": "Someone"}),
    f"{M}/screen/{{action}}": ({"action": "blank"}, {}),
    f"{M}/screen/focus": ({}, {"column": "worries"}),
    f"{M}/screen/professionals": ({}, {"keep": "1"}),
    f"{M}/close": ({}, {}),
    # issue 23
    f"{M}/decide": ({}, {"child-1": "Alex", "plan-1": "no", "reasons-1": "Sneaky", "apologies": "Sneaky"}),
    f"{M}/agenda": ({}, {"steps": "Sneaky step"}),
    f"{M}/agenda/{{how}}": ({"how": "next"}, {}),
    f"{M}/record/issue": ({}, {}),
    f"{M}/record/items/{{item_id}}": ({}, {"text": "Sneakily corrected"}),
    f"{M}/record/wording/{{part}}/{{part_id}}": ({"part": "apologies", "part_id": "none"}, {"text": "Sneaky"}),
    f"{M}/record/corrections": ({}, {"words": "Sneaky"}),
    f"{M}/record/corrections/{{correction_id}}/{{answer}}": ({"correction_id": "none", "answer": "decline"},
                                                            {"answer": "Sneaky"}),
    f"{M}/feedback": ({}, {"worked": "Sneaky", "listened": "5"}),
    f"{M}/hold": ({}, {"reason": "Sneaky hold"}),
    f"{M}/hold/lift": ({}, {}),
    # issue 22: the child at the centre
    f"{M}/people/{{participant_id}}/board/{{value}}": ({"value": "full"}, {}),
    f"{M}/child-question/{{value}}": ({"value": "on"}, {}),
    f"{M}/child/{{participant_id}}/items": ({}, {"column": "worries", "text": "Sneaked in"}),
    f"{M}/pictures": ({}, {"child": "Alex", "description": "Sneaky"}),
    f"{M}/pictures/{{picture_id}}/remove": ({"picture_id": "none"}, {}),
    f"{M}/pictures/{{picture_id}}/visibility/{{value}}": ({"picture_id": "none", "value": "professionals"}, {}),
    # issue 24: invitations (the link itself starts a session, like joining by code)
    f"{M}/invite": ({}, {"name": "Sneaky", "connection": "mum"}),
    f"{M}/invite/admit-all": ({}, {}),
    f"{M}/invite/{{invitation_id}}/{{action}}": ({"invitation_id": "none", "action": "withdraw"}, {}),
    f"{M}/i/{{secret}}": ({"secret": "not-a-real-link"}, {}),
    # issue 24: family time
    f"{M}/family-time/{{action}}": ({"action": "start"}, {}),
    f"{M}/screen/family": ({}, {"keep": "0"}),
}
# Changes any admitted person may make (to their own words); every other change is the chair's.
MEMBER_POSTS = {f"{M}/enter", f"{M}/moment", f"{M}/items", f"{M}/items/{{item_id}}", f"{M}/items/{{item_id}}/agreement/{{answer}}",
                f"{M}/scales/{{scale_id}}/answer", f"{M}/record/corrections", f"{M}/feedback",
                # the chair's and professionals' (refused to family: tests/app/test_child_view.py, test_child_pictures.py)
                f"{M}/child/{{participant_id}}/items", f"{M}/pictures",
                f"{M}/i/{{secret}}"}  # issue 24: anyone with the link (refused without: tests/app/test_invitations.py)
CHAIR_POSTS = set(POSTS) - MEMBER_POSTS

GETS = {
    M: {}, f"{M}/items/{{item_id}}/edit": {}, f"{M}/editor/{{column}}": {"column": "worries"},
    f"{M}/scales/new": {}, f"{M}/scales/mine": {}, f"{M}/screen": {}, f"{M}/history": {}, f"{M}/access": {},
    f"{M}/decide": {}, f"{M}/close": {}, f"{M}/record": {}, f"{M}/record.json": {}, f"{M}/record.pdf": {},
    f"{M}/updates": {}, f"{M}/agenda": {}, f"{M}/record/versions/{{number}}": {"number": "1"},
    f"{M}/subject-access": {}, f"{M}/subject-access.zip": {},
    f"{M}/child/{{participant_id}}": {}, f"{M}/pictures/{{picture_id}}": {"picture_id": "nothing"},
    f"{M}/invite": {}, f"{M}/invite/print": {}, f"{M}/i/{{secret}}": {"secret": "not-a-real-link"},
    f"{M}/moment": {},  # issue 24: one's own "I need a moment", fetched again after "Seen to"
}
CHAIR_GETS = {f"{M}/scales/new", f"{M}/screen", f"{M}/history", f"{M}/access", f"{M}/decide", f"{M}/close",
              f"{M}/agenda", f"{M}/record/versions/{{number}}", f"{M}/subject-access", f"{M}/subject-access.zip",
              f"{M}/invite", f"{M}/invite/print"}


def routes_of(app, method: str) -> set[str]:
    """The paths of every HTTP route of a meeting that answers `method`."""
    return {r.path for r in app.routes
            if isinstance(r, Route) and r.path.startswith(M) and method in (r.methods or ())}


def address(template: str, ids: dict[str, str], params: dict[str, str]) -> str:
    return template.format(**{**ids, **params})


def posts(ids: dict[str, str], which=None):
    """(url, form) for each change of a meeting (all, or the templates in `which`)."""
    for template, (params, form) in sorted(POSTS.items()):
        if which is None or template in which:
            yield template, address(template, ids, params), form


def gets(ids: dict[str, str], which=None):
    for template, params in sorted(GETS.items()):
        if which is None or template in which:
            yield template, address(template, ids, params)


def not_a_token_refusal(response) -> bool:
    """Refused for who is asking, not because the form token or the site was wrong (that would
    prove nothing about the rule under test)."""
    return REFUSAL not in response.text and "sent from another site" not in response.text


async def database_state(db) -> dict:
    """Every row of every table, except the audit (refusals are written down) and chair
    sessions (their last use is noted): what must not change when nothing is allowed."""
    from sqlmodel import SQLModel
    skipped = {AuditEntry.__table__.name, ChairSession.__table__.name}
    state = {}
    async with db.snapshot() as c:
        for table in SQLModel.metadata.sorted_tables:
            if table.name not in skipped:
                state[table.name] = sorted(map(repr, (await c.execute(select(table))).all()))
    return state
